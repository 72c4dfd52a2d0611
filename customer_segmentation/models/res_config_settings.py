# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_major_basis = fields.Selection(
        [("purchases", "Purchases"), ("rating", "Rating")],
        string="Major Customers By",
        default="purchases",
        config_parameter="customer_segmentation.major_basis",
    )
    customer_major_purchases = fields.Integer(
        "Purchases of a Major Customer", default=10, config_parameter="customer_segmentation.major_purchases"
    )
    customer_major_rating = fields.Integer(
        "Rating of a Major Customer", default=8, config_parameter="customer_segmentation.major_rating"
    )
    customer_new_months = fields.Integer(
        "New Customer for (Months)", default=12, config_parameter="customer_segmentation.new_customer_months"
    )
    customer_campaign_tag_id = fields.Many2one(
        "res.partner.category",
        string="Campaign Tag",
        config_parameter="customer_segmentation.campaign_tag_id",
    )
    customer_campaign_segment_id = fields.Many2one(
        "customer.segment",
        string="Campaign Segment",
        domain=[("kind", "=", "static")],
        config_parameter="customer_segmentation.campaign_segment_id",
    )
    customer_rating_high = fields.Integer(
        "High Rating From", default=9, config_parameter="customer_segmentation.rating_high"
    )
    customer_rating_low = fields.Integer(
        "Low Rating Up To", default=3, config_parameter="customer_segmentation.rating_low"
    )

    def set_values(self):
        result = super().set_values()
        self.env["customer.segment"]._refresh_audience_domains()
        return result
