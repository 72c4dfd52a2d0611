# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression

# the consent channel of each kind of mailing ("sms" exists once SMS Marketing is installed)
CONSENT_CHANNELS = {"mail": "email", "sms": "sms"}


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    customer_segment_id = fields.Many2one(
        "customer.segment",
        index="btree_not_null",
        ondelete="set null",
        help="Send to the customers of this segment, as it is when the mailing is sent.",
    )

    @api.depends("customer_segment_id")
    def _compute_mailing_domain(self):
        result = super()._compute_mailing_domain()
        for mailing in self:
            if mailing.customer_segment_id and mailing.mailing_model_name == "res.partner":
                mailing.mailing_domain = repr(
                    expression.AND(
                        [
                            mailing._get_default_mailing_domain(),
                            [("segment_ids", "in", mailing.customer_segment_id.ids)],
                        ]
                    )
                )
        return result

    def _get_recipients_domain(self):
        """A mailing to customers leaves out those who may not receive marketing on its channel (email,
        or SMS with SMS Marketing: customer_base's consent extension point, overridden by
        customer_consent), checked when the mailing is sent."""
        domain = super()._get_recipients_domain()
        channel = CONSENT_CHANNELS.get(self.mailing_type)
        if self.mailing_model_real == "res.partner" and channel:
            consent = self.env["res.partner"]._customer_consent_domain(channel)
            if consent:
                domain = expression.AND([domain, consent])
        return domain
