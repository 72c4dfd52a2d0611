# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Email Marketing's unsubscribe link (``/mailing/<id>/confirm_unsubscribe``, its one-click header and the
blocklist button of its page) also withdraws the customer's email marketing consent in the trail. Odoo
checks the link's token (``_check_mailing_email_token``) before any of these methods runs."""

from odoo import http
from odoo.http import request

from odoo.addons.customer_consent.controllers.consent_portal import request_client
from odoo.addons.mass_mailing.controllers.main import MassMailController


class CustomerConsentMassMailController(MassMailController):
    def _mailing_unsubscribe_from_document(self, mailing, document_id, email, hash_token):
        response = super()._mailing_unsubscribe_from_document(mailing, document_id, email, hash_token)
        self._customer_consent_unsubscribe(mailing, document_id, email, hash_token)
        return response

    def _customer_consent_unsubscribe(self, mailing, document_id, email, hash_token):
        # Without a token Odoo lets a logged-in user act for their own address only (the email is theirs,
        # the document id whatever the URL says): the mailed customer is then not taken from the URL.
        if not hash_token:
            document_id = None
        mailing.sudo()._customer_consent_unsubscribe(document_id, email, request_client())

    @http.route()
    def mail_blocklist_add(self, mailing_id=None, document_id=None, email=None, hash_token=None):
        result = super().mail_blocklist_add(
            mailing_id=mailing_id, document_id=document_id, email=email, hash_token=hash_token
        )
        # True only once Odoo accepted the token and blacklisted the address
        mailing = request.env["mailing.mailing"].sudo().browse(mailing_id or []).exists()
        if result is True and mailing:
            email_found, hash_token_found = self._fetch_user_information(email, hash_token)
            self._customer_consent_unsubscribe(mailing, document_id, email_found, hash_token_found)
        return result
