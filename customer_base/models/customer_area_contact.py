# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerAreaContact(models.Model):
    """Which area of our company is in contact with a customer, and how closely."""

    _name = "customer.area.contact"
    _description = "Area in Contact with a Customer"
    _order = "partner_id, area_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    area_id = fields.Many2one("customer.area", required=True, ondelete="restrict")
    contact_level = fields.Selection(
        [("low", "Occasional"), ("medium", "Regular"), ("high", "Close")],
        required=True,
        default="medium",
    )
    user_id = fields.Many2one(
        "res.users", string="Contact Person", help="Who in this area deals with the customer."
    )
    note = fields.Char()
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True, string="Branch")

    _sql_constraints = [
        (
            "partner_area_unique",
            "unique(partner_id, area_id)",
            "This area is already linked to the customer.",
        ),
    ]
