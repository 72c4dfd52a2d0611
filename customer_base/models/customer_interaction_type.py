# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerInteractionType(models.Model):
    """A kind of contact with a customer: call, email, meeting, complaint, survey..."""

    _name = "customer.interaction.type"
    _description = "Customer Interaction Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable identifier used by rules and integrations (e.g. call, email, complaint, survey).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    icon = fields.Char(help="Font Awesome icon, e.g. fa-phone.")
    kind = fields.Selection(
        [("standard", "Standard"), ("complaint", "Complaint"), ("survey", "Survey")],
        required=True,
        default="standard",
        help="Complaints follow a state until resolved; surveys update the customer's last survey date "
        "and are limited to one per customer and calendar month.",
    )
    activity_type_ids = fields.Many2many(
        "mail.activity.type",
        "customer_interaction_type_activity_type_rel",
        "interaction_type_id",
        "activity_type_id",
        string="Activity Types",
        help="Activities of these types, marked as done on a customer, are recorded as interactions of this "
        "type.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another interaction type already uses this code."),
    ]
