# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CustomerInteractionMixin(models.AbstractModel):
    """Customer Interaction History on res.partner (res.partner inherits this mixin)."""

    _name = "customer.interaction.mixin"
    _description = "Customer Interaction History"
