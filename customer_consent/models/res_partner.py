# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, consteq
from odoo.tools.misc import hmac as odoo_hmac

from ..tools import consent_rules

WITHDRAW_SCOPE = "customer_consent.withdraw"


class Withdrawable(NamedTuple):
    """One line of the withdrawal page: a purpose and channel the customer may be contacted for, and its
    current record (empty for a purpose on legitimate interest never answered)."""

    purpose: object
    channel: str
    consent: object


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_consent_ids = fields.One2many(
        "customer.consent", "partner_id", string="Consent History", groups="base.group_user"
    )
    customer_consent_current_ids = fields.One2many(
        "customer.consent",
        "partner_id",
        string="Current Consents",
        domain=[("is_current", "=", True)],
        groups="base.group_user",
    )
    customer_consent_matrix = fields.Html(
        "Consent Status", compute="_compute_customer_consent_matrix", sanitize=False, groups="base.group_user"
    )
    customer_consent_keys = fields.Char(
        "Valid Consents",
        compute="_compute_customer_consent_keys",
        search="_search_customer_consent_keys",
        groups="base.group_user",
        help="The purposes and channels this customer may be contacted for, as purpose_code:channel "
        "(search with = or in: [('customer_consent_keys', '=', 'marketing_email:email')]).",
    )
    customer_legal_hold = fields.Boolean(
        "Legal Hold",
        groups="customer_base.group_customer_director",
        help="The customer's data must be kept (a claim, an audit, a court order): it cannot be anonymised.",
    )
    customer_legal_hold_reason = fields.Char(
        "Legal Hold Reason", groups="customer_base.group_customer_director"
    )
    customer_anonymized_date = fields.Datetime("Anonymised On", readonly=True, copy=False)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_consent_history(self):
        """The consent history is proof: a customer who has one is archived or anonymised, not deleted."""
        self.env["customer.consent"].flush_model(["partner_id"])
        self.env.cr.execute(
            SQL("SELECT DISTINCT partner_id FROM customer_consent WHERE partner_id = ANY(%s)", list(self.ids))
        )
        with_history = self.browse([row[0] for row in self.env.cr.fetchall()])
        if with_history:
            raise UserError(
                self.env._(
                    "These customers have a consent history, kept as proof: archive or anonymise them instead "
                    "of deleting them: %s",
                    ", ".join(with_history.mapped("display_name")),
                )
            )

    # --- the current status -----------------------------------------------------------------------------
    def _customer_consent_statuses(self):
        """{partner id: {(purpose id, channel): ConsentStatus}} from the current records (one query)."""
        result = {partner.id: {} for partner in self}
        if not self.ids:
            return result
        self.env["customer.consent"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, purpose_id, channel, state, expiry_date, coalesce(text_version, 0)
                  FROM customer_consent WHERE is_current AND partner_id = ANY(%s)
                """,
                list(self.ids),
            )
        )
        for partner_id, purpose_id, channel, state, expiry, version in self.env.cr.fetchall():
            result[partner_id][(purpose_id, channel)] = (consent_rules.ConsentStatus(state, expiry), version)
        return result

    def _customer_status_counts(self, purpose, status_version, today):
        status, version = status_version or (consent_rules.ConsentStatus(None, None), 0)
        if purpose.explicit_required and status.state == "granted" and version < purpose.min_text_version:
            return False
        return consent_rules.counts(status, today, purpose.explicit_required)

    def _customer_has_consent(self, purpose_code, channel):
        """Whether this customer may be contacted for ``purpose_code`` on ``channel`` today.

        :param str purpose_code: a ``customer.consent.purpose`` code (e.g. ``marketing_email``)
        :param str channel: one of email, sms, whatsapp, phone, post
        """
        self.ensure_one()
        purpose = self.env["customer.consent.purpose"].sudo().search([("code", "=", purpose_code)], limit=1)
        if not purpose or channel not in purpose.channel_ids.mapped("code"):
            return False
        status = self._customer_consent_statuses()[self.id].get((purpose.id, channel))
        return self._customer_status_counts(purpose, status, fields.Date.context_today(self))

    @api.depends("customer_consent_ids")
    def _compute_customer_consent_keys(self):
        purposes = self.env["customer.consent.purpose"].sudo().search([("active", "=", True)])
        statuses = self._customer_consent_statuses()
        today = fields.Date.context_today(self)
        for partner in self:
            keys = [
                consent_rules.consent_key(purpose.code, channel)
                for purpose in purposes
                for channel in purpose.channel_ids.mapped("code")
                if partner._customer_status_counts(
                    purpose, statuses.get(partner.id, {}).get((purpose.id, channel)), today
                )
            ]
            partner.customer_consent_keys = ",".join(keys)

    def _customer_consent_key_sql(self, purpose, channel):
        """SQL of the partners who may be contacted for ``purpose`` on ``channel`` (the same rule as
        :func:`consent_rules.counts`, tested to agree with it)."""
        today = fields.Date.context_today(self)
        if purpose.explicit_required:
            # "coalesce(text_version, 0) >= minimum", written so that PostgreSQL estimates it from the
            # column's statistics: no condition when any version counts (a minimum of 0), else the plain
            # comparison (a missing version fails both). With the opaque coalesce, the planner guessed a
            # third of the grants and hashed all 500,000 of them for a 100k list at 1M partners (EXPLAIN
            # ANALYZE: 411 ms); with the estimate right it merges the list with the index (150 ms).
            version = (
                SQL("AND text_version >= %s", purpose.min_text_version)
                if purpose.min_text_version > 0
                else SQL()
            )
            return SQL(
                """
                SELECT partner_id FROM customer_consent
                 WHERE is_current AND purpose_id = %(purpose)s AND channel = %(channel)s AND state = 'granted'
                   AND (expiry_date IS NULL OR expiry_date > %(today)s)
                   %(version)s
                """,
                purpose=purpose.id,
                channel=channel,
                today=today,
                version=version,
            )
        # NOT EXISTS (an anti-join) rather than NOT IN: NOT IN is only fast while PostgreSQL can hash the
        # objections within work_mem, and re-reads them for every partner beyond that
        return SQL(
            """
            SELECT p.id FROM res_partner p WHERE NOT EXISTS (
                SELECT 1 FROM customer_consent c
                 WHERE c.partner_id = p.id AND c.is_current AND c.purpose_id = %(purpose)s
                   AND c.channel = %(channel)s AND c.state IN %(objections)s)
            """,
            purpose=purpose.id,
            channel=channel,
            objections=consent_rules.OBJECTIONS,
        )

    def _search_customer_consent_keys(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("Search valid consents with =, !=, in or not in (value: purpose_code:channel).")
            )
        keys = [value] if isinstance(value, str) else list(value or [])
        purposes = self.env["customer.consent.purpose"].sudo().with_context(active_test=False)
        parts = []
        for key in keys:
            try:
                code, channel = consent_rules.parse_consent_key(key)
            except ValueError:
                raise UserError(self.env._("%s is not a purpose_code:channel pair.", key)) from None
            purpose = purposes.search([("code", "=", code)], limit=1)
            if purpose and channel in purpose.channel_ids.mapped("code") and purpose.active:
                parts.append(self._customer_consent_key_sql(purpose, channel))
        positive = operator in ("=", "in")
        if not parts:
            return [(0, "=", 1)] if positive else []
        query = SQL("(%s)", SQL(" UNION ").join(parts))
        return [("id", "in" if positive else "not in", query)]

    def _customer_consent_domain(self, channel, purpose_code=None):
        """The customers who may receive marketing on ``channel`` (for ``purpose_code``, or for any active
        marketing purpose covering it). Overrides customer_base's hook (everyone)."""
        if purpose_code:
            return [("customer_consent_keys", "=", consent_rules.consent_key(purpose_code, channel))]
        purposes = (
            self.env["customer.consent.purpose"]
            .sudo()
            .search([("is_marketing", "=", True), ("channel_ids.code", "=", channel)])
        )
        if not purposes:
            return [(0, "=", 1)]
        return [
            ("customer_consent_keys", "in", [consent_rules.consent_key(p.code, channel) for p in purposes])
        ]

    # --- the matrix on the form -------------------------------------------------------------------------
    @api.depends("customer_consent_ids")
    def _compute_customer_consent_matrix(self):
        purposes = self.env["customer.consent.purpose"].sudo().search([("active", "=", True)])
        channels = self.env["customer.consent.channel"].sudo().search([("code", "!=", False)])
        statuses = self._customer_consent_statuses()
        state_labels = dict(self.env["customer.consent"]._fields["state"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        for partner in self:
            rows = []
            for purpose in purposes:
                cells = []
                for channel in channels:
                    if channel.code not in purpose.channel_ids.mapped("code"):
                        cells.append({"covered": False})
                        continue
                    status_version = statuses.get(partner.id, {}).get((purpose.id, channel.code))
                    status = status_version[0] if status_version else consent_rules.ConsentStatus(None, None)
                    cells.append(
                        {
                            "covered": True,
                            "state": status.state or "none",
                            "label": state_labels.get(status.state, self.env._("Not asked")),
                            "expiry": status.expiry_date,
                            "valid": partner._customer_status_counts(purpose, status_version, today),
                        }
                    )
                rows.append({"purpose": purpose, "cells": cells})
            partner.customer_consent_matrix = self.env["ir.qweb"]._render(
                "customer_consent.consent_matrix", {"channels": channels, "rows": rows}
            )

    # --- actions ----------------------------------------------------------------------------------------
    def action_customer_consent_request(self):
        """Solicitar consentimiento: email each selected customer a link to the consent page."""
        purposes = self.env["customer.consent.purpose"].search([("active", "=", True)])
        self.env["customer.consent.request"]._send_for(self, purposes)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Consent request sent to %s.", ", ".join(self.mapped("display_name"))),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_customer_consent_record(self):
        """Open the form where staff record an answer given on paper, by phone, by email or at an event."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Consent"),
            "res_model": "customer.consent.record.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def _customer_consent_phone_numbers(self):
        """The customer's numbers as the phone blacklist stores them (E.164)."""
        self.ensure_one()
        numbers = []
        if "phone_sanitized" in self._fields and self.phone_sanitized:
            numbers.append(self.phone_sanitized)
        for fname in ("mobile", "phone"):
            if self[fname]:
                number = self._phone_format(fname=fname, force_format="E164")
                if number and number not in numbers:
                    numbers.append(number)
        return numbers

    # --- the withdrawal link ----------------------------------------------------------------------------
    def _customer_withdraw_token(self):
        self.ensure_one()
        return odoo_hmac(self.env(su=True), WITHDRAW_SCOPE, (self.id, str(self.create_date)))

    def _customer_check_withdraw_token(self, token):
        return bool(token) and consteq(self._customer_withdraw_token(), str(token))

    def _customer_withdraw_url(self):
        """The link to put in every marketing message: withdraw any consent, any time, without logging in."""
        self.ensure_one()
        return f"{self.get_base_url()}/consent/withdraw/{self.id}/{self._customer_withdraw_token()}"

    def _customer_withdrawable(self):
        """What the withdrawal page offers: each active purpose × channel this customer has granted, or
        may be contacted for without having objected (a purpose that needs no explicit consent).

        :return: list of :class:`Withdrawable`, in the purposes' order
        """
        self.ensure_one()
        purposes = self.env["customer.consent.purpose"].sudo().search([("active", "=", True)])
        current = {(c.purpose_id, c.channel): c for c in self.customer_consent_current_ids}
        choices = []
        for purpose in purposes:
            for channel in purpose.channel_ids.mapped("code"):
                consent = current.get((purpose, channel), self.env["customer.consent"])
                if consent.state == "granted" or (
                    not purpose.explicit_required and consent.state not in consent_rules.OBJECTIONS
                ):
                    choices.append(Withdrawable(purpose, channel, consent))
        return choices

    def _customer_stop_contact(self, purposes, channel, ip_address, user_agent, proof_text=None, **values):
        """The person asked, on a public page, not to be contacted for ``purposes`` on ``channel`` (e.g. an
        unsubscribe link): each current grant is withdrawn, and a purpose that needs no explicit consent
        (legitimate interest, where only an objection stops contact) gets an objection — a withdrawal
        record — unless its current record already is one.

        :param str proof_text: how they asked (default: the withdrawal link)
        :param values: more facts for each record, e.g. the mailing whose unsubscribe link was used
        :return: the consent records added to the trail
        """
        self.ensure_one()
        proof_text = proof_text or self.env._("Withdrawn through the withdrawal link.")
        current = {
            consent.purpose_id: consent
            for consent in self.customer_consent_current_ids
            if consent.channel == channel
        }
        vals_list = []
        for purpose in purposes.filtered(lambda p: channel in p.channel_ids.mapped("code")):
            previous = current.get(purpose, self.env["customer.consent"])
            if previous.state == "granted" or (
                not purpose.explicit_required and previous.state not in consent_rules.OBJECTIONS
            ):
                vals_list.append(
                    self._customer_withdrawal_values(
                        purpose, channel, previous, ip_address, user_agent, proof_text, values
                    )
                )
        return self.env["customer.consent"]._trail().create(vals_list)

    def _customer_withdrawal_values(
        self, purpose, channel, previous, ip_address, user_agent, proof_text, values
    ):
        """The trail record of a withdrawal made on a public page; ``previous``: the current record it
        replaces (may be empty)."""
        now = fields.Datetime.now()
        return {
            "partner_id": self.id,
            "purpose_id": purpose.id,
            "channel": channel,
            "state": "withdrawn",
            "source": "web",
            "legal_basis": previous.legal_basis or purpose.legal_basis,
            "origin": previous.origin or "first",
            "ip_address": ip_address,
            "user_agent": user_agent,
            "given_date": now,
            "withdrawn_date": now,
            "previous_id": previous.id,
            "responsible_id": previous.responsible_id.id,
            "proof_text": proof_text,
            **values,
        }

    def _customer_check_director(self):
        if not self.env.user.has_group("customer_base.group_customer_director"):
            raise AccessError(self.env._("Only a director or a customer database administrator may do this."))

    # --- data-subject rights ----------------------------------------------------------------------------
    def action_customer_export_personal_data(self):
        """Exportar datos personales: a JSON and an xlsx of everything held about this person."""
        self.ensure_one()
        log = self.env["customer.privacy.request"]._export(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.privacy.request",
            "res_id": log.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_customer_anonymize(self):
        """Anonimizar: erase this person's personal data (refused under a legal hold)."""
        self.ensure_one()
        self._customer_check_director()
        self.check_access("write")
        self.env["customer.privacy.request"]._anonymize(self)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The customer's personal data was anonymised."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
