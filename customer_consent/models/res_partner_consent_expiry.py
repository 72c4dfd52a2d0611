# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


# a file of its own on purpose: the data-quality hook is the only part of this addon the segmentation
# dashboards rely on, kept apart from the consent matrix and checks of res_partner.py
class ResPartner(models.Model):
    """The expired consents of the data-quality indicators (customer_base's hook)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _customer_consent_expired_domain(self):
        """Partners whose current consent for a purpose and channel has expired: marked so by the nightly
        cron, or granted and past its expiry day, not yet marked."""
        today = fields.Date.to_string(fields.Date.context_today(self))
        return [
            (
                "customer_consent_ids",
                "any",
                [
                    ("is_current", "=", True),
                    "|",
                    ("state", "=", "expired"),
                    "&",
                    ("state", "=", "granted"),
                    ("expiry_date", "<=", today),
                ],
            )
        ]
