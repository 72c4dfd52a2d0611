# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import models, tools


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _prepare_outgoing_body(self):
        """Every mailing to customers carries the withdrawal links: Odoo's unsubscribe link (the
        ``/unsubscribe_from_list`` placeholder, which Email Marketing turns into the recipient's own link;
        added when the body has none) and the page where the customer withdraws any consent."""
        body = super()._prepare_outgoing_body()
        if not (body and self.mailing_id and self.res_id and self.model == "res.partner"):
            return body
        partner = self.env["res.partner"].sudo().browse(self.res_id).exists()
        if not partner:
            return body
        base_url = self.mailing_id.get_base_url()
        placeholder = f"{base_url}/unsubscribe_from_list"
        footer = (
            self.env["ir.qweb"]
            .with_context(lang=partner.lang or None)
            ._render(
                "customer_consent_mass_mailing.mailing_withdrawal_footer",
                {
                    "unsubscribe_url": placeholder if placeholder not in body else None,
                    "withdraw_url": partner._customer_withdraw_url(),
                },
            )
        )
        return tools.mail.append_content_to_html(body, Markup(footer), plaintext=False)
