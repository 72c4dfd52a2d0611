# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

OCCASIONS = [
    ("birthday", "Birthday"),
    ("anniversary", "Customer Anniversary"),
    ("mothers_day", "Mother's Day"),
    ("fathers_day", "Father's Day"),
    ("profession", "Profession Day"),
]


class CustomerUpcomingDate(models.TransientModel):
    """One line of a campaign calendar: a customer, an occasion and its date in the period."""

    _name = "customer.upcoming.date"
    _description = "Upcoming Customer Date"
    _order = "date, occasion, partner_id"

    wizard_id = fields.Many2one(
        "customer.upcoming.dates.wizard", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="partner_id.company_id", store=True, string="Branch")
    date = fields.Date(required=True)
    occasion = fields.Selection(OCCASIONS, required=True)
    label = fields.Char("Celebration")
    years = fields.Integer(help="Age on a birthday, years as a customer on an anniversary.")
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    country_id = fields.Many2one(related="partner_id.country_id")
