# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerLifecycleStage(models.Model):
    _inherit = "customer.lifecycle.stage"

    customer_funnel = fields.Boolean(
        "In the Conversion Funnel",
        default=True,
        help="The stages customers walk forward through (Prospect → Opportunity → Customer → Loyal). Leaving "
        "the funnel (Inactive, Lost) is not a conversion.",
    )
