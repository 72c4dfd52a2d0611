# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _send_sms_get_composer_values(self, res_ids):
        """An SMS mailing to customers always carries SMS Marketing's opt-out link ("STOP SMS: <link>"),
        whatever its *Include opt-out link* option says: a withdrawal link in every marketing message."""
        values = super()._send_sms_get_composer_values(res_ids)
        if self.mailing_model_real == "res.partner":
            values["mass_sms_allow_unsubscribe"] = True
        return values

    def _customer_sms_unsubscribed_partners(self, trace):
        """The customers an opt-out of ``trace``'s number speaks for: the texted customer (a mailing on
        customers) and every customer with that number (the phone blacklist stops them all alike). You can
        override this method."""
        self.ensure_one()
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        found = partners.browse()
        if self.mailing_model_real == "res.partner" and trace.res_id:
            found |= partners.browse(trace.res_id).exists()
        if trace.sms_number:
            found |= partners.search([("phone_sanitized", "=", trace.sms_number)])
        return found

    def _customer_sms_unsubscribe(self, trace, client):
        """The number of ``trace`` (an SMS of this mailing) was unsubscribed with the SMS's opt-out link and
        put on the phone blacklist: the customers behind it withdraw their SMS consents for marketing
        purposes (and object to those on legitimate interest), with this mailing, the number, the IP and the
        browser as proof. Called by the public controller once SMS Marketing matched the number with the
        SMS's own code.

        :param client: the ``ClientFacts`` (IP, browser) of the request
        :return: the consent records added to the trail
        """
        self.ensure_one()
        proof_text = self.env._(
            'Withdrawn through the opt-out link of the SMS mailing "%(subject)s" (mailing %(id)s), for %(number)s.',
            subject=self.subject or "",
            id=self.id,
            number=trace.sms_number,
        )
        return self._customer_withdraw_marketing(
            self._customer_sms_unsubscribed_partners(trace), "sms", proof_text, client
        )
