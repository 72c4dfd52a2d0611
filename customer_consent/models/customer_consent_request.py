# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import consteq
from odoo.tools.misc import hmac as odoo_hmac

# HMAC scopes (keyed on database.secret): one per link, so a token for one link opens no other.
ANSWER_SCOPE = "customer_consent.request.answer"
CONFIRM_SCOPE = "customer_consent.request.confirm"


class CustomerConsentRequest(models.Model):
    """A request for consent sent to a customer: the purposes asked, the link's lifetime, and when the
    person answered and confirmed (double opt-in). Each link works once; the consents it produced keep a
    reference to it."""

    _name = "customer.consent.request"
    _description = "Consent Request"
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    purpose_ids = fields.Many2many("customer.consent.purpose", string="Purposes", required=True)
    user_id = fields.Many2one("res.users", "Requested By", required=True, default=lambda self: self.env.user)
    state = fields.Selection(
        [
            ("sent", "Sent"),
            ("answered", "Answered, awaiting confirmation"),
            ("confirmed", "Confirmed"),
            ("expired", "Expired"),
        ],
        required=True,
        default="sent",
    )
    expires_at = fields.Datetime("Link Valid Until", required=True)
    answered_at = fields.Datetime(readonly=True)
    confirmed_at = fields.Datetime(readonly=True)
    consent_ids = fields.One2many("customer.consent", "request_id", string="Answers")

    # --- tokens -----------------------------------------------------------------------------------------
    def _token(self, scope):
        self.ensure_one()
        # the creation time is in the message: a database restored elsewhere cannot replay old links
        return odoo_hmac(self.env(su=True), scope, (self.id, self.partner_id.id, str(self.create_date)))

    def _check_token(self, scope, token):
        return bool(token) and consteq(self._token(scope), str(token))

    def _answer_url(self):
        return f"{self.get_base_url()}/consent/answer/{self.id}/{self._token(ANSWER_SCOPE)}"

    def _confirm_url(self):
        return f"{self.get_base_url()}/consent/confirm/{self.id}/{self._token(CONFIRM_SCOPE)}"

    def _is_expired(self):
        return self.expires_at < fields.Datetime.now()

    def _is_link_used(self, scope):
        """Whether the link of ``scope`` already did its work: the answer link once answered, the
        confirmation link once confirmed (or when there is nothing awaiting confirmation)."""
        self.ensure_one()
        if scope == ANSWER_SCOPE:
            return bool(self.answered_at)
        return bool(self.confirmed_at) or self.state != "answered"

    # --- sending ----------------------------------------------------------------------------------------
    @api.model
    def _send_for(self, partners, purposes):
        """Create and email one request per partner (Solicitar consentimiento)."""
        if not self.env.user.has_group("customer_base.group_customer_salesperson"):
            raise AccessError(self.env._("Only customer database users may ask for consent."))
        partners.check_access("write")
        missing = partners.filtered(lambda p: not p.email)
        if missing:
            raise UserError(
                self.env._(
                    "These customers have no email address: %s", ", ".join(missing.mapped("display_name"))
                )
            )
        if not purposes:
            raise UserError(self.env._("There is no active consent purpose to ask for."))
        hours = int(
            self.env["ir.config_parameter"].sudo().get_param("customer_consent.request_valid_hours", 168)
        )
        expires = fields.Datetime.now() + datetime.timedelta(hours=hours)
        requests = self.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "purpose_ids": [fields.Command.set(purposes.ids)],
                    "user_id": self.env.uid,
                    "expires_at": expires,
                }
                for partner in partners
            ]
        )
        template = self.env.ref("customer_consent.mail_template_consent_request")
        for request in requests:
            template.sudo().send_mail(request.id, email_layout_xmlid="mail.mail_notification_light")
            request.partner_id.sudo().message_post(
                body=self.env._("Consent requested: %s", ", ".join(purposes.mapped("name"))),
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )
        return requests.with_env(self.env)

    def _send_confirmation(self):
        template = self.env.ref("customer_consent.mail_template_consent_confirm")
        for request in self:
            template.sudo().send_mail(request.id, email_layout_xmlid="mail.mail_notification_light")

    # --- the person's answers (called by the public controller after the token check) -------------------
    def _answer(self, answers, ip_address, user_agent):
        """Record the answers of the public page: accepted purposes wait for the confirmation click
        (pending), refusals count at once. ``answers``: {(purpose, channel): bool}."""
        self.ensure_one()
        now = fields.Datetime.now()
        vals_list = [
            {
                "partner_id": self.partner_id.id,
                "purpose_id": purpose.id,
                "channel": channel,
                "state": "pending" if accepted else "refused",
                "source": "web",
                "ip_address": ip_address,
                "user_agent": user_agent,
                "given_date": now,
                "request_id": self.id,
                "responsible_id": self.user_id.id,
                "proof_text": self.env._("Answered on the consent page."),
            }
            for (purpose, channel), accepted in answers.items()
        ]
        self.env["customer.consent"]._trail().create(vals_list)
        self.sudo().write({"state": "answered", "answered_at": now})
        if any(answers.values()):
            self._send_confirmation()
        else:
            self.sudo().write({"state": "confirmed", "confirmed_at": now})
        return True

    def _confirm(self, ip_address):
        """The double opt-in click: every pending answer of this request becomes a granted consent."""
        self.ensure_one()
        now = fields.Datetime.now()
        pending = self.consent_ids.filtered(lambda c: c.state == "pending")
        vals_list = [
            {
                "partner_id": consent.partner_id.id,
                "purpose_id": consent.purpose_id.id,
                "channel": consent.channel,
                "state": "granted",
                "source": "web",
                "legal_basis": consent.legal_basis,
                "text_id": consent.text_id.id,
                "ip_address": consent.ip_address,
                "user_agent": consent.user_agent,
                "confirmed_ip_address": ip_address,
                "given_date": consent.given_date,
                "confirmed_date": now,
                "request_id": self.id,
                "previous_id": consent.id,
                "responsible_id": consent.responsible_id.id,
                "proof_text": self.env._("Accepted on the consent page and confirmed from the email link."),
            }
            for consent in pending
        ]
        granted = self.env["customer.consent"]._trail().create(vals_list)
        self.sudo().write({"state": "confirmed", "confirmed_at": now})
        self.partner_id.sudo().message_post(
            body=self.env._(
                "Consent confirmed by the customer: %s", ", ".join(granted.mapped("purpose_id.name"))
            ),
            subtype_xmlid="mail.mt_note",
        )
        if self.user_id:
            self.partner_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=self.env._("Consent answer received"),
                note=self.env._("%s answered the consent request.", self.partner_id.display_name),
            )
        return granted
