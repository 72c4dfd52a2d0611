# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
DAYS_IN_MONTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


class CustomerProfession(models.Model):
    """A profession, with the day it is celebrated (e.g. Día del Médico) for greetings."""

    _name = "customer.profession"
    _description = "Customer Profession"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    celebration_name = fields.Char("Celebration", translate=True, help="e.g. Doctors' Day")
    celebration_month = fields.Selection(MONTHS)
    celebration_day = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "This profession already exists."),
    ]

    @api.constrains("celebration_month", "celebration_day")
    def _check_celebration_date(self):
        for profession in self:
            month, day = profession.celebration_month, profession.celebration_day
            if not month and not day:
                continue
            if not month or not 1 <= day <= DAYS_IN_MONTH[int(month)]:
                raise ValidationError(
                    self.env._(
                        "The celebration day of %(profession)s is not a valid day of the year.",
                        profession=profession.name,
                    )
                )
