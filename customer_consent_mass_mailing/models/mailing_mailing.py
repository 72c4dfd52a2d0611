# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models, tools


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _customer_unsubscribed_partners(self, document_id, email):
        """The customers an unsubscribe from this mailing speaks for: the mailed customer (a mailing on
        customers) and every customer with the unsubscribed address (Odoo's blacklist, which the unsubscribe
        fills, stops them all alike). You can override this method."""
        self.ensure_one()
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        found = partners.browse()
        if self.mailing_model_real == "res.partner" and str(document_id or "").isdigit():
            found |= partners.browse(int(document_id)).exists()
        normalized = tools.email_normalize(email)
        if normalized:
            found |= partners.search([("email_normalized", "=", normalized)])
        return found

    def _customer_consent_unsubscribe(self, document_id, email, client):
        """Someone used this mailing's unsubscribe link for ``email``: the customers behind it withdraw
        their email consents for marketing purposes (and object to those on legitimate interest), with this
        mailing, the address, the IP and the browser as proof. Called by the public controller once Odoo
        checked the link's token.

        :param client: the ``ClientFacts`` (IP, browser) of the request
        :return: the consent records added to the trail
        """
        self.ensure_one()
        proof_text = self.env._(
            'Withdrawn through the unsubscribe link of the mailing "%(subject)s" (mailing %(id)s), for %(email)s.',
            subject=self.subject or "",
            id=self.id,
            email=tools.email_normalize(email) or email,
        )
        return self._customer_withdraw_marketing(
            self._customer_unsubscribed_partners(document_id, email), "email", proof_text, client
        )

    def _customer_withdraw_marketing(self, partners, channel, proof_text, client):
        """``partners`` asked through this mailing not to be contacted on ``channel``: each withdraws its
        consents for marketing purposes covering it (and objects to those on legitimate interest), with this
        mailing, ``proof_text``, the IP and the browser as proof.

        :return: the consent records added to the trail
        """
        self.ensure_one()
        purposes = (
            self.env["customer.consent.purpose"]
            .sudo()
            .search([("is_marketing", "=", True), ("channel_ids.code", "=", channel)])
        )
        added = self.env["customer.consent"]
        for partner in partners:
            added |= partner._customer_stop_contact(
                purposes, channel, client.ip_address, client.user_agent, proof_text, mailing_id=self.id
            )
        return added
