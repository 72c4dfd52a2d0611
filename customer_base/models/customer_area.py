# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerArea(models.Model):
    """An area of our company that deals with customers (sales, service, collections...)."""

    _name = "customer.area"
    _description = "Company Area in Contact with Customers"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another area already uses this code."),
    ]
