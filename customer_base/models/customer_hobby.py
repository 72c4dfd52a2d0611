# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from random import randint

from odoo import fields, models


class CustomerHobby(models.Model):
    _name = "customer.hobby"
    _description = "Customer Hobby or Preference"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "This hobby or preference already exists."),
    ]
