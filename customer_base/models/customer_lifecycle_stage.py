# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerLifecycleStage(models.Model):
    """A step of the path every customer walks (seed 002): prospect, opportunity, customer, loyal..."""

    _name = "customer.lifecycle.stage"
    _description = "Customer Lifecycle Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable identifier for rules and integrations.")
    sequence = fields.Integer(
        default=10, help="Order of the stages; moving a customer to an earlier stage is a move backwards."
    )
    fold = fields.Boolean("Folded in Kanban")
    color = fields.Integer()
    is_default = fields.Boolean("Default Stage", help="The stage new customers start at.")
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another lifecycle stage already uses this code."),
    ]

    @api.constrains("is_default", "active")
    def _check_one_default(self):
        if self.search_count([("is_default", "=", True)]) > 1:
            raise ValidationError(
                self.env._("Only one lifecycle stage can be the default stage of new customers.")
            )
