# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SMS Marketing's opt-out page (``/sms/<mailing>/unsubscribe/<code>``, the *STOP SMS* link of every SMS
mailing) also withdraws the customer's SMS marketing consent in the trail."""

from odoo import http
from odoo.http import request

from odoo.addons.customer_consent.controllers.consent_portal import request_client
from odoo.addons.mass_mailing_sms.controllers.main import MailingSMSController


class CustomerConsentMailingSMSController(MailingSMSController):
    @http.route()
    def blacklist_number(self, mailing_id, trace_code, **post):
        response = super().blacklist_number(mailing_id, trace_code, **post)
        # SMS Marketing has checked the code and the number the person typed against the SMS sent; it
        # blacklists the number only for a mailing without mailing lists (with lists it opts out of them)
        # and says why when it refused: withdraw only where it put the number on the blacklist.
        traces = self._check_trace(mailing_id, trace_code).get("trace")
        qcontext = getattr(response, "qcontext", None) or {}
        if not traces or qcontext.get("unsubscribe_error"):
            return response
        blacklist = request.env["phone.blacklist"].sudo()
        for trace in traces:
            mailing = trace.mass_mailing_id
            if mailing.contact_list_ids or not trace.sms_number:
                continue
            if blacklist.search_count([("number", "=", trace.sms_number)], limit=1):
                mailing._customer_sms_unsubscribe(trace, request_client())
        return response
