# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CustomerDuplicateMixin(models.AbstractModel):
    """Customer Duplicate Detection on res.partner (res.partner inherits this mixin)."""

    _name = "customer.duplicate.mixin"
    _description = "Customer Duplicate Detection"
