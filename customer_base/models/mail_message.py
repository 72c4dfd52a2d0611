# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import html2plaintext

SUMMARY_LENGTH = 120


class MailMessage(models.Model):
    """An email on a customer is recorded in the customer's interaction history.

    Counted as emails: incoming emails (``message_type`` "email"), and messages of the chatter or the
    composer ("comment" with the Discussions subtype) that the customer writes or receives (as a recipient
    or a follower). Internal notes, messages among colleagues only, system notifications (tracking,
    activities done) and mass mailings ("email_outgoing") are not.
    """

    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # no context key switches this off: a client could send it (override _customer_is_email instead)
        emails = messages.filtered(lambda message: message._customer_is_email())
        if emails:
            emails._customer_create_interactions()
        return messages

    def _customer_is_email(self):
        """Whether this message is an email exchanged with a customer. You can override this method."""
        self.ensure_one()
        if self.model != "res.partner" or not self.res_id:
            return False
        if self.message_type == "email":
            return True
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment", raise_if_not_found=False)
        if self.message_type != "comment" or self.subtype_id.id != comment:
            return False
        customer_id = self.res_id
        if customer_id == self.author_id.id or customer_id in self.partner_ids.ids:
            return True
        return bool(
            self.env["mail.followers"]
            .sudo()
            .search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", customer_id),
                    ("partner_id", "=", customer_id),
                ],
                limit=1,
            )
        )

    def _customer_create_interactions(self):
        email_type = self.env["customer.interaction.type"].sudo().search([("code", "=", "email")], limit=1)
        if not email_type:
            return
        partners = self.env["res.partner"].sudo().browse(self.mapped("res_id")).exists()
        vals_list = []
        for message in self.sudo():
            if message.res_id not in partners.ids:
                continue
            partner = partners.browse(message.res_id)
            author_user = message.author_id.user_ids.filtered(lambda user: not user.share)[:1]
            text = html2plaintext(message.body or "").strip()
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "type_id": email_type.id,
                    "date": message.date,
                    # who dealt with it: the employee who wrote, else the customer's salesperson
                    "user_id": (author_user or partner.user_id).id,
                    "summary": message.subject
                    or " ".join(text.split())[:SUMMARY_LENGTH]
                    or self.env._("Email"),
                    "description": message.body,
                    "source": "email",
                    "message_id": message.id,
                }
            )
        if vals_list:
            # the message was posted by someone allowed to; its record on the customer is system data
            self.env["customer.interaction"].sudo().create(vals_list)
