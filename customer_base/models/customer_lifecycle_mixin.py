# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CustomerLifecycleMixin(models.AbstractModel):
    """Customer Lifecycle on res.partner (res.partner inherits this mixin)."""

    _name = "customer.lifecycle.mixin"
    _description = "Customer Lifecycle"
