# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CustomerMergeMixin(models.AbstractModel):
    """Customer Merge on res.partner (res.partner inherits this mixin)."""

    _name = "customer.merge.mixin"
    _description = "Customer Merge"
