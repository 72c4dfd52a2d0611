# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerLifecycleRule(models.Model):
    _inherit = "customer.lifecycle.rule"

    trigger = fields.Selection(
        selection_add=[("invoice_posted", "A customer invoice is posted")],
        ondelete={"invoice_posted": "cascade"},
    )
