# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..exceptions import ConsentTrailImmutable
from ..tools import consent_rules
from .customer_consent_channel import CHANNEL_SELECTION
from .customer_consent_purpose import LEGAL_BASIS_SELECTION

_logger = logging.getLogger(__name__)

# The private path into the trail: an object no client can send (a context arrives as JSON), so only
# this addon's server code reaches the fields a person's answer sets (IP, user agent, request, pending).
_TRAIL = object()


def _module_being_removed(env):
    """Whether this addon is being uninstalled right now (the only time its records may be deleted)."""
    return bool(
        env["ir.module.module"]
        .sudo()
        .search_count([("name", "=", "customer_consent"), ("state", "=", "to remove")])
    )


STATE_SELECTION = [
    ("pending", "Pending"),
    ("granted", "Granted"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
    ("expired", "Expired"),
]
SOURCE_SELECTION = [
    ("web", "Web Form"),
    ("paper", "Paper"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("import", "Import"),
    ("event", "Event"),
]
ORIGIN_SELECTION = [
    ("first", "First Party"),
    ("second", "Second Party"),
    ("third", "Third Party"),
]
# What staff (a form, RPC, an import) may say about a consent; the rest is the system's.
STAFF_FIELDS = {
    "partner_id", "purpose_id", "channel", "state", "legal_basis", "source", "origin", "proof_text",
    "proof_attachment_id", "text_id", "given_date", "expiry_date", "responsible_id", "note",
}  # fmt: skip


class CustomerConsent(models.Model):
    """One fact of the consent trail: a customer's answer for one purpose on one channel, with how, when,
    under which legal text and on which legal basis it was given. Records are never edited nor deleted:
    granting, refusing, withdrawing and renewing add records, and the latest decision is the current status
    (``is_current``). Only the nightly cron changes a state in place, from granted to expired."""

    _name = "customer.consent"
    _description = "Customer Consent"
    _order = "id desc"
    _rec_name = "purpose_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True, readonly=True)
    purpose_id = fields.Many2one(
        "customer.consent.purpose", required=True, index=True, ondelete="restrict", readonly=True
    )
    purpose_code = fields.Char(related="purpose_id.code")
    channel = fields.Selection(CHANNEL_SELECTION, required=True, readonly=True)
    state = fields.Selection(STATE_SELECTION, "Status", required=True, readonly=True, index=True)
    is_current = fields.Boolean(
        "Current", readonly=True, help="The latest decision for this customer, purpose and channel."
    )
    legal_basis = fields.Selection(LEGAL_BASIS_SELECTION, required=True, readonly=True)
    source = fields.Selection(SOURCE_SELECTION, required=True, readonly=True)
    origin = fields.Selection(
        ORIGIN_SELECTION, "Data Origin", required=True, default="first", readonly=True,
        help="First party: given to us by the person. Second party: another company's first-party data "
        "shared with us (usable for a limited time). Third party: bought or aggregated.",
    )  # fmt: skip
    text_id = fields.Many2one("customer.consent.text", "Legal Text", readonly=True, ondelete="restrict")
    text_version = fields.Integer(related="text_id.version", store=True)
    proof_text = fields.Text("Proof", readonly=True)
    proof_attachment_id = fields.Many2one(
        "ir.attachment", "Proof Document", readonly=True, ondelete="restrict"
    )
    ip_address = fields.Char("IP", readonly=True)
    user_agent = fields.Char("Browser", readonly=True)
    confirmed_ip_address = fields.Char("Confirmation IP Address", readonly=True)
    given_date = fields.Datetime("Answered On", required=True, readonly=True)
    confirmed_date = fields.Datetime("Double Opt-in Confirmed On", readonly=True)
    expiry_date = fields.Date("Expires On", readonly=True, index=True)
    withdrawn_date = fields.Datetime("Withdrawn On", readonly=True)
    responsible_id = fields.Many2one("res.users", "Responsible User", readonly=True, index=True)
    request_id = fields.Many2one("customer.consent.request", "Consent Request", readonly=True, index=True)
    previous_id = fields.Many2one("customer.consent", "Replaces", readonly=True, index="btree_not_null")
    note = fields.Text("Notes", readonly=True)

    def init(self):
        # One current record per customer, purpose and channel; the consent checks read it through this
        # index (partial: history rows do not weigh on it).
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS customer_consent_current_uniq
                ON customer_consent (purpose_id, channel, partner_id) WHERE is_current
            """
        )
        # the campaign-list check reads only current grants: a covering index over them alone
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS customer_consent_current_granted_idx
                ON customer_consent (purpose_id, channel, partner_id) INCLUDE (expiry_date, text_version)
             WHERE is_current AND state = 'granted'
            """
        )

    # --- immutability -----------------------------------------------------------------------------------
    def _is_trail(self):
        return self.env.context.get("customer_consent_trail") is _TRAIL

    def _trail(self):
        """This model on the private path (see ``_TRAIL``), as superuser."""
        return self.sudo().with_context(customer_consent_trail=_TRAIL)

    def write(self, vals):
        self._raise_immutable()
        return super().write(vals)

    def _raise_immutable(self):
        raise ConsentTrailImmutable(
            self.env._(
                "A saved consent cannot be changed. Grant, refuse, withdraw or renew it: each adds a record "
                "to the customer's consent history."
            )
        )

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        # at_uninstall=True: a client may send the uninstall context key; only a real uninstall passes
        if not _module_being_removed(self.env):
            raise ConsentTrailImmutable(
                self.env._("A consent record cannot be deleted: the consent history is kept as proof.")
            )

    def copy(self, default=None):
        self._raise_immutable()
        return super().copy(default)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_trail():
            if not self.env.user.has_group("customer_base.group_customer_salesperson") and not self.env.su:
                raise AccessError(self.env._("Only customer database users may record consents."))
            return self._trail().create([self._staff_values(vals) for vals in vals_list])
        records = super().create(self._trail_values(vals_list))
        records._set_current()
        records._sync_blacklists()
        return records

    def _staff_values(self, vals):
        """Check and complete what staff (form, RPC, import) say about a consent.

        Staff record answers given on paper, by phone, by email or at an event, or imported; they cannot
        set what only a person's own answer on the public page sets (IP, user agent, request, pending)."""
        vals = dict(vals)
        forbidden = set(vals) - STAFF_FIELDS
        if forbidden:
            fields_desc = ", ".join(sorted(self._fields[f].string for f in forbidden if f in self._fields))
            raise UserError(
                self.env._("These consent details are set by the system only: %s", fields_desc or forbidden)
            )
        if self.env.context.get("import_file"):
            vals["source"] = "import"
        state = vals.get("state") or "granted"
        if state not in consent_rules.STAFF_STATES:
            raise UserError(self.env._("A consent recorded by hand is granted, refused or withdrawn."))
        vals["state"] = state
        source = vals.get("source")
        if not source or source == "web":
            raise UserError(
                self.env._("Say where the answer was given: paper, email, phone, import or event.")
            )
        given = fields.Datetime.to_datetime(vals.get("given_date")) or fields.Datetime.now()
        if given > fields.Datetime.now():
            raise UserError(self.env._("A consent cannot be given in the future."))
        vals["given_date"] = given
        has_proof = vals.get("proof_text") or vals.get("proof_attachment_id")
        if source in consent_rules.SOURCES_NEEDING_PROOF and state == "granted" and not has_proof:
            raise UserError(
                self.env._(
                    "Record the proof of this consent: what the person said or signed, or attach the document."
                )
            )
        if source == "import" and not vals.get("proof_text"):
            vals["proof_text"] = self.env._("Imported by %(user)s", user=self.env.user.name)
        vals.setdefault("responsible_id", self.env.uid)
        return vals

    def _trail_values(self, vals_list):
        """Complete the records added to the trail (legal basis, text version, expiry). After the insert,
        the latest decision of each key becomes the current one and Odoo's blacklists follow; set-based:
        an import of many rows costs a few statements."""
        purposes = self.env["customer.consent.purpose"].sudo()
        second_party_days = int(
            self.env["ir.config_parameter"].sudo().get_param("customer_consent.second_party_days", 180)
        )
        for vals in vals_list:
            purpose = purposes.browse(vals["purpose_id"])
            if vals.get("channel") not in purpose.channel_ids.mapped("code"):
                raise ValidationError(
                    self.env._(
                        "The purpose %(purpose)s does not cover the channel %(channel)s.",
                        purpose=purpose.name,
                        channel=dict(self._fields["channel"]._description_selection(self.env)).get(
                            vals.get("channel"), vals.get("channel")
                        ),
                    )
                )
            vals.setdefault("given_date", fields.Datetime.now())
            vals.setdefault("legal_basis", purpose.legal_basis)
            vals.setdefault("origin", "first")
            if vals.get("text_id"):
                if self.env["customer.consent.text"].browse(vals["text_id"]).purpose_id != purpose:
                    raise ValidationError(self.env._("The legal text belongs to another purpose."))
            elif purpose.text_id:
                vals["text_id"] = purpose.text_id.id
            if vals["state"] == "granted" and "expiry_date" not in vals:
                given = fields.Datetime.to_datetime(vals["given_date"]).date()
                vals["expiry_date"] = consent_rules.expiry_date(
                    given, purpose.validity_days, vals["origin"], second_party_days
                )
            if vals["state"] == "withdrawn":
                vals.setdefault("withdrawn_date", fields.Datetime.now())
            vals["is_current"] = False
        return vals_list

    def _set_current(self):
        """The newest decision of each (customer, purpose, channel) among ``self`` becomes current; a pending
        answer becomes current only while there is no decision."""
        if not self:
            return
        self.flush_recordset()
        cr = self.env.cr
        ids = list(self.ids)
        cr.execute(
            SQL(
                """
                UPDATE customer_consent old SET is_current = false
                  FROM customer_consent new
                 WHERE new.id = ANY(%(ids)s) AND old.is_current
                   AND old.partner_id = new.partner_id AND old.purpose_id = new.purpose_id
                   AND old.channel = new.channel
                   AND (new.state != 'pending' OR old.state = 'pending')
                """,
                ids=ids,
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE customer_consent c SET is_current = true
                  FROM (SELECT DISTINCT ON (partner_id, purpose_id, channel) id, partner_id, purpose_id, channel
                          FROM customer_consent
                         WHERE id = ANY(%(ids)s)
                      ORDER BY partner_id, purpose_id, channel, (state != 'pending') DESC, id DESC) latest
                 WHERE c.id = latest.id
                   AND NOT EXISTS (SELECT 1 FROM customer_consent o
                                    WHERE o.is_current AND o.partner_id = latest.partner_id
                                      AND o.purpose_id = latest.purpose_id AND o.channel = latest.channel)
                """,
                ids=ids,
            )
        )
        self.invalidate_model(["is_current"])
        self.env["res.partner"].invalidate_model(["customer_consent_matrix", "customer_consent_keys"])

    def _sync_blacklists(self):
        """A refusal or withdrawal by email (SMS, WhatsApp) of a purpose synced with the blacklists puts the
        address (number) on Odoo's blacklist; a new grant takes it off."""
        for consent in self.filtered(lambda c: c.is_current and c.purpose_id.sync_blacklist):
            if consent.state not in ("granted", *consent_rules.OBJECTIONS):
                continue
            partner = consent.partner_id
            add = consent.state != "granted"
            message = self.env._(
                "%(state)s: %(purpose)s (consent record %(id)s)",
                state=dict(consent._fields["state"]._description_selection(self.env))[consent.state],
                purpose=consent.purpose_id.name,
                id=consent.id,
            )
            if consent.channel == "email" and partner.email_normalized:
                blacklist = self.env["mail.blacklist"].sudo()
                (blacklist._add if add else blacklist._remove)(partner.email_normalized, message=message)
            elif consent.channel in ("sms", "whatsapp"):
                numbers = partner._customer_consent_phone_numbers()
                if numbers:
                    blacklist = self.env["phone.blacklist"].sudo()
                    (blacklist._add if add else blacklist._remove)(numbers, message=message)

    # --- actions: each adds a record -------------------------------------------------------------------
    def _check_may_record(self):
        if not self.env.user.has_group("customer_base.group_customer_salesperson"):
            raise AccessError(self.env._("Only customer database users may record consents."))
        self.check_access("read")
        self.partner_id.check_access("write")

    def _follow_up(self, state, **facts):
        """Add, for each current consent in ``self``, a record in ``state`` that replaces it."""
        self._check_may_record()
        vals_list = []
        for consent in self:
            if not consent.is_current:
                raise UserError(
                    self.env._("Only the current consent of a purpose and channel can be changed.")
                )
            vals = {
                "partner_id": consent.partner_id.id,
                "purpose_id": consent.purpose_id.id,
                "channel": consent.channel,
                "state": state,
                "legal_basis": consent.legal_basis,
                "origin": consent.origin,
                "responsible_id": self.env.uid,
                "previous_id": consent.id,
                **facts,
            }
            vals_list.append(vals)
        return self._trail().create(vals_list)

    def action_withdraw(self):
        """Staff record that the person withdrew this consent (they told us by phone, email, in person)."""
        self._follow_up(
            "withdrawn",
            source="phone",
            proof_text=self.env._("Withdrawal recorded by %s", self.env.user.name),
        )
        return True

    def action_renew(self):
        """Open the recording form prefilled to grant this purpose and channel again (a renewal needs a new
        answer with its proof)."""
        self.ensure_one()
        self._check_may_record()
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.consent.record.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_purpose_id": self.purpose_id.id,
                "default_channel_codes": self.channel,
                "default_decision": "granted",
                "default_origin": self.origin,
                "default_legal_basis": self.legal_basis,
            },
        }

    # --- the nightly expiry ----------------------------------------------------------------------------
    @api.model
    def _cron_expire_consents(self, batch_size=5000, commit=False):
        """Mark granted consents whose expiry day has come as expired, in batches of ``batch_size`` (one
        UPDATE each; ``commit``: committed after each batch, as the cron does), and tell each responsible
        user with one activity per customer. Returns the number of consents expired."""
        today = fields.Date.context_today(self)
        total = 0
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE customer_consent SET state = 'expired', write_date = now() at time zone 'UTC'
                     WHERE id IN (SELECT id FROM customer_consent
                                   WHERE state = 'granted' AND expiry_date <= %(today)s
                                   ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED)
                 RETURNING id, partner_id, purpose_id, channel, responsible_id
                    """,
                    today=today,
                    limit=batch_size,
                )
            )
            rows = self.env.cr.dictfetchall()
            if not rows:
                break
            total += len(rows)
            self.invalidate_model(["state", "write_date"])
            self.env["res.partner"].invalidate_model(["customer_consent_matrix", "customer_consent_keys"])
            self._notify_expired(rows)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if len(rows) < batch_size:
                break
        if total:
            _logger.info("customer_consent: %s consents expired", total)
        return total

    def _notify_expired(self, rows):
        """One to-do for the responsible user per customer whose consents expired in this batch."""
        by_partner = {}
        for row in rows:
            by_partner.setdefault(row["partner_id"], []).append(row)
        purposes = {p.id: p.name for p in self.env["customer.consent.purpose"].sudo().search([])}
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        vals_list = []
        for partner_id, partner_rows in by_partner.items():
            user_id = partner_rows[0]["responsible_id"] or (admin.id if admin else self.env.uid)
            what = ", ".join(
                sorted({f"{purposes.get(r['purpose_id'], '')} ({r['channel']})" for r in partner_rows})
            )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner_id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "user_id": user_id,
                    "summary": self.env._("Consent expired"),
                    "note": self.env._(
                        "Expired consent: %s. Ask the customer again before contacting them.", what
                    ),
                }
            )
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)
