# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from random import randint

from odoo import fields, models


class CustomerFieldTag(models.Model):
    """A value of a customer field of type tags; each tags field offers only its own tags."""

    _name = "customer.field.tag"
    _description = "Customer Field Tag"
    _order = "name, id"

    field_id = fields.Many2one(
        "customer.field", string="Customer Field", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))

    _sql_constraints = [
        ("name_unique", "UNIQUE(field_id, name)", "A tags field cannot offer the same tag twice."),
    ]
