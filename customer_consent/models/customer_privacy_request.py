# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import io
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..exceptions import ConsentLegalHold, ConsentTrailImmutable
from .customer_consent import _module_being_removed

_logger = logging.getLogger(__name__)

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - in Odoo's requirements
    xlsxwriter = None

# Partner fields an erasure keeps: structure, not data about the person (the branch, the kind of record,
# the lifecycle stage, the language the law lets us write to them in).
KEEP_FIELDS = {
    "name", "display_name", "complete_name", "company_id", "parent_id", "commercial_partner_id", "active",
    "type", "is_company", "lang", "tz", "partner_share", "color", "lifecycle_stage_id", "customer_merged_into_id",
    "customer_anonymized_date", "customer_legal_hold", "customer_legal_hold_reason", "user_id", "country_id",
    "is_customer", "customer_type_id", "employee", "message_main_attachment_id",
}  # fmt: skip
SCRUBBED_TYPES = ("char", "text", "html", "date", "datetime", "binary", "many2many", "integer", "float",
                  "selection", "many2one", "boolean", "monetary")  # fmt: skip
# Odoo's own fields that identify or locate a person.
PERSONAL_FIELDS = {
    "email", "phone", "mobile", "street", "street2", "zip", "city", "state_id", "vat", "website", "comment",
    "function", "title", "ref", "company_registry", "barcode", "image_1920", "category_id",
}  # fmt: skip
ANONYMISED = "[anonymised]"


class CustomerPrivacyRequest(models.Model):
    """The log of data-subject requests: a personal-data export (access, portability, ARCO) or an erasure
    (anonymisation, cancelación), who asked for it, when, what it found and did, or why it was refused.
    Like the consent trail it is never edited nor deleted."""

    _name = "customer.privacy.request"
    _description = "Data-Subject Request"
    _order = "id desc"
    _rec_name = "kind"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [
            ("export", "Personal Data Export"),
            ("anonymize", "Anonymisation"),
            ("retention", "Retention Policy"),
        ],
        required=True,
    )
    state = fields.Selection([("done", "Done"), ("refused", "Refused")], required=True, default="done")
    user_id = fields.Many2one("res.users", "Handled By", required=True, default=lambda self: self.env.user)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    details = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Files")

    def write(self, vals):
        self._raise_immutable()
        return super().write(vals)

    def _raise_immutable(self):
        raise ConsentTrailImmutable(self.env._("The log of data-subject requests cannot be changed."))

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if _module_being_removed(self.env):
            return
        raise ConsentTrailImmutable(self.env._("The log of data-subject requests cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Data-subject requests are logged by the system."))
        return super().create(vals_list)

    # --- access / portability ---------------------------------------------------------------------------
    @api.model
    def _check_rights_user(self, partner):
        if not self.env.user.has_group("customer_base.group_customer_manager"):
            raise AccessError(
                self.env._(
                    "Only a responsable, a director or an administrator handles data-subject requests."
                )
            )
        partner.check_access("read")

    @api.model
    def _rows(self, records):
        """Every stored field of ``records`` as plain JSON values (links by name)."""
        rows = []
        fnames = [
            name
            for name, field in records._fields.items()
            if field.store and field.type not in ("binary", "one2many") and not name.startswith("message_")
        ]
        for record in records:
            row = {"id": record.id}
            for name in fnames:
                field = records._fields[name]
                value = record[name]
                if field.type == "many2one":
                    value = value.display_name or None
                elif field.type == "many2many":
                    value = value.mapped("display_name")
                elif isinstance(value, datetime.date | datetime.datetime):
                    value = value.isoformat()
                elif value is False and field.type != "boolean":
                    value = None
                row[name] = value
            rows.append(row)
        return rows

    @api.model
    def _references(self, partner):
        """Records elsewhere that point at the person or carry their email (privacy_lookup's discovery)."""
        if not partner.name:
            return []
        wizard = self.env["privacy.lookup.wizard"].new(
            {"name": partner.name, "email": partner.email or f"no-email-{partner.id}@invalid"}
        )
        self.env.flush_all()
        self.env.cr.execute(wizard._get_query())
        models_by_id = {}
        references = []
        for row in self.env.cr.dictfetchall():
            if row["res_model_id"] not in models_by_id:
                models_by_id[row["res_model_id"]] = self.env["ir.model"].browse(row["res_model_id"]).model
            model = models_by_id[row["res_model_id"]]
            if (
                model == "res.partner"
                and row["res_id"] != partner.id
                and row["res_id"] not in partner.child_ids.ids
            ):
                continue  # a namesake, not this person
            record = self.env[model].browse(row["res_id"]).exists()
            if record:
                references.append({"model": model, "id": record.id, "name": record.display_name})
        return references

    @api.model
    def _personal_data(self, partner):
        """Everything held about ``partner``, by section."""
        partner = partner.sudo()
        people = partner | partner.child_ids
        messages = self.env["mail.message"].search(
            [
                "|",
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "in", people.ids),
                ("author_id", "in", people.ids),
            ]
        )
        attachments = self.env["ir.attachment"].search(
            [
                "|",
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "in", people.ids),
                ("id", "in", messages.attachment_ids.ids),
            ]
        )
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", people.ids)]
        )
        data = {
            "profile": self._rows(partner),
            "contacts": self._rows(partner.child_ids),
            "consents": self._rows(self.env["customer.consent"].search([("partner_id", "in", people.ids)])),
            "messages": [
                {
                    "id": m.id,
                    "date": m.date.isoformat(),
                    "author": m.author_id.display_name,
                    "subject": m.subject,
                    "body": m.body and str(m.body),
                    "model": m.model,
                    "res_id": m.res_id,
                    "type": m.message_type,
                }
                for m in messages
            ],  # fmt: skip
            "activities": [
                {
                    "id": a.id,
                    "type": a.activity_type_id.name,
                    "summary": a.summary,
                    "deadline": a.date_deadline.isoformat(),
                    "assigned_to": a.user_id.name,
                    "note": a.note and str(a.note),
                }
                for a in activities
            ],  # fmt: skip
            "attachments": [
                {
                    "id": a.id,
                    "name": a.name,
                    "mimetype": a.mimetype,
                    "size": a.file_size,
                    "model": a.res_model,
                    "res_id": a.res_id,
                    "created": a.create_date.isoformat(),
                }
                for a in attachments
            ],  # fmt: skip
            "references": self._references(partner),
        }
        if "customer.interaction" in self.env:
            data["interactions"] = self._rows(
                self.env["customer.interaction"]
                .with_context(active_test=False)
                .search([("partner_id", "in", people.ids)])
            )
        return data

    @api.model
    def _xlsx(self, data):
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        bold = book.add_format({"bold": True})
        for section, rows in data.items():
            sheet = book.add_worksheet(section[:31])
            columns = []
            for row in rows:
                columns += [key for key in row if key not in columns]
            for col, key in enumerate(columns):
                sheet.write(0, col, key, bold)
            for line, row in enumerate(rows, start=1):
                for col, key in enumerate(columns):
                    value = row.get(key)
                    if isinstance(value, list | dict):
                        value = json.dumps(value, ensure_ascii=False)
                    sheet.write(line, col, value if value is not None else "")
        book.close()
        return out.getvalue()

    @api.model
    def _export(self, partner):
        """Exportar datos personales: a JSON and an xlsx file, attached to a logged request."""
        self._check_rights_user(partner)
        data = self.sudo()._personal_data(partner)
        stamp = fields.Datetime.now().strftime("%Y%m%d-%H%M%S")
        base = f"datos-personales-{partner.id}-{stamp}"
        payload = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {"name": f"{base}.json", "raw": payload, "mimetype": "application/json"},
                    {
                        "name": f"{base}.xlsx",
                        "raw": self._xlsx(data),
                        "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    },
                ]
            )
        )
        counts = ", ".join(f"{section}: {len(rows)}" for section, rows in data.items())
        log = self.sudo().create(
            {
                "partner_id": partner.id,
                "kind": "export",
                "details": self.env._("Exported %s", counts),
                "attachment_ids": [fields.Command.set(attachments.ids)],
            }
        )
        attachments.write({"res_model": self._name, "res_id": log.id})
        return log

    # --- erasure ----------------------------------------------------------------------------------------
    @api.model
    def _scrub_values(self, partner):
        """The values that erase ``partner``'s personal fields: Odoo's address and contact fields, and every
        field of this suite's profile (``customer_*``) and the ones admins add (``x_*``)."""
        values = {}
        for name, field in partner._fields.items():
            if (
                name in KEEP_FIELDS
                or not field.store
                or field.compute
                or field.related
                or field.type not in SCRUBBED_TYPES
                or not (name in PERSONAL_FIELDS or name.startswith(("customer_", "x_")))
            ):
                continue
            if field.type == "many2many":
                values[name] = [fields.Command.clear()]
            elif field.type in ("integer", "float", "monetary"):
                values[name] = field.default(partner) if field.default else 0
            elif field.required:
                continue
            else:
                values[name] = False
        return values

    @api.model
    def _anonymize(self, partner, reason=None, kind="anonymize"):
        """Anonimizar: scrub what identifies the person (their fields and contacts, messages, attachments,
        activities, tracking values, interactions, the proofs of their consents); keep what other laws
        require (invoices, orders) under the anonymised name; log it. Refused under a legal hold."""
        partner = partner.sudo()
        if partner.customer_legal_hold:
            self.sudo().create(
                {
                    "partner_id": partner.id,
                    "kind": kind,
                    "state": "refused",
                    "details": self.env._(
                        "Refused: legal hold (%s)", partner.customer_legal_hold_reason or "-"
                    ),
                }
            )
            raise ConsentLegalHold(
                self.env._(
                    "%(name)s is under a legal hold (%(reason)s): their data must be kept and cannot be "
                    "anonymised.",
                    name=partner.display_name,
                    reason=partner.customer_legal_hold_reason or self.env._("no reason given"),
                )
            )
        references = self.sudo()._references(partner)
        people = partner.with_context(active_test=False) | partner.with_context(active_test=False).child_ids
        new_name = self.env._("Anonymised customer %s", partner.id)
        cr = self.env.cr
        self.env.flush_all()
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("model", "=", "res.partner"),
                    ("res_id", "in", people.ids),
                    ("author_id", "in", people.ids),
                ]
            )
        )
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", people.ids),
                    ("id", "in", messages.attachment_ids.ids),
                ]
            )
        )
        consent_proofs = (
            self.env["customer.consent"].sudo().search([("partner_id", "in", people.ids)]).proof_attachment_id
        )
        counts = {
            "messages": len(messages),
            "attachments": len(attachments | consent_proofs),
            "activities": 0,
            "contacts": len(people) - 1,
        }
        if messages:
            cr.execute(
                SQL(
                    """
                    UPDATE mail_message SET body = %(body)s, subject = NULL, email_from = NULL, reply_to = NULL,
                           record_name = CASE WHEN model = 'res.partner' THEN %(name)s ELSE record_name END
                     WHERE id = ANY(%(ids)s)
                    """,
                    body=f"<p>{ANONYMISED}</p>",
                    name=new_name,
                    ids=messages.ids,
                )
            )
        # tracking values of the person's messages, and those elsewhere that name them (a many2one to them)
        cr.execute(
            SQL(
                """
                UPDATE mail_tracking_value t
                   SET old_value_char = NULL, new_value_char = NULL, old_value_text = NULL, new_value_text = NULL,
                       old_value_datetime = NULL, new_value_datetime = NULL
                  FROM ir_model_fields f
                 WHERE f.id = t.field_id
                   AND (t.mail_message_id = ANY(%(messages)s)
                        OR (f.relation = 'res.partner'
                            AND (t.old_value_integer = ANY(%(people)s) OR t.new_value_integer = ANY(%(people)s))))
                """,
                messages=messages.ids,
                people=people.ids,
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE customer_consent SET ip_address = NULL, user_agent = NULL, confirmed_ip_address = NULL,
                       proof_text = %(scrubbed)s, proof_attachment_id = NULL
                 WHERE partner_id = ANY(%(people)s)
                """,
                scrubbed=ANONYMISED,
                people=people.ids,
            )
        )
        if "customer.interaction" in self.env:
            cr.execute(
                SQL(
                    """
                    UPDATE customer_interaction SET summary = %(scrubbed)s, description = NULL, result = NULL,
                           next_step = NULL
                     WHERE partner_id = ANY(%(people)s)
                    """,
                    scrubbed=ANONYMISED,
                    people=people.ids,
                )
            )
        self.env.invalidate_all()
        (attachments | consent_proofs).unlink()
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("res_id", "in", people.ids)])
        )
        counts["activities"] = len(activities)
        activities.unlink()
        self.env["mail.followers"].sudo().search([("partner_id", "in", people.ids)]).unlink()
        for person in people:
            values = self._scrub_values(person)
            person.with_context(tracking_disable=True, mail_notrack=True).write(values)
            label = new_name if person == partner else self.env._("Anonymised contact %s", person.id)
            person.with_context(tracking_disable=True, mail_notrack=True).write(
                {"name": label, "customer_anonymized_date": fields.Datetime.now(), "active": False}
            )
        self._anonymize_references(partner, new_name)
        kept = {}
        for ref in references:
            if ref["model"] not in ("res.partner", "mail.message", "ir.attachment", "mail.activity"):
                kept[ref["model"]] = kept.get(ref["model"], 0) + 1
        counts_text = ", ".join(f"{k}: {v}" for k, v in counts.items())
        kept_text = ", ".join(f"{k} ({v})" for k, v in sorted(kept.items())) or "-"
        details = self.env._(
            "Anonymised: %(counts)s. Kept under the anonymised name (records other laws require): %(kept)s.",
            counts=counts_text,
            kept=kept_text,
        )
        if reason:
            details = f"{details} {reason}"
        log = self.sudo().create({"partner_id": partner.id, "kind": kind, "details": details})
        _logger.info("customer_consent: partner %s anonymised by user %s", partner.id, self.env.uid)
        return log

    @api.model
    def _anonymize_references(self, partner, new_name):
        """Copies of the person's name that other models stored (an invoice's partner name). Extend this
        for other models that store a copy."""
        if "account.move" in self.env and "invoice_partner_display_name" in self.env["account.move"]._fields:
            self.env["account.move"].flush_model(["invoice_partner_display_name"])
            self.env.cr.execute(
                SQL(
                    "UPDATE account_move SET invoice_partner_display_name = %s WHERE partner_id = %s",
                    new_name,
                    partner.id,
                )
            )
            self.env["account.move"].invalidate_model(["invoice_partner_display_name"])
