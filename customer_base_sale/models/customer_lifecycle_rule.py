# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerLifecycleRule(models.Model):
    _inherit = "customer.lifecycle.rule"

    trigger = fields.Selection(
        selection_add=[("sale_confirmed", "A sale is confirmed")], ondelete={"sale_confirmed": "cascade"}
    )
