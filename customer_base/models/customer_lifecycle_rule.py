# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerLifecycleRule(models.Model):
    """Moves customers between lifecycle stages automatically; each rule can be switched off."""

    _name = "customer.lifecycle.rule"
    _description = "Customer Lifecycle Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    trigger = fields.Selection(
        [
            ("purchase_count", "Products acquired reach the threshold"),
            ("rating", "Rating reaches the threshold"),
            ("inactivity", "No activity for the number of days"),
        ],
        required=True,
    )
    threshold = fields.Integer(required=True, default=1, help="Products, rating points or days, by trigger.")
    from_stage_ids = fields.Many2many(
        "customer.lifecycle.stage",
        "customer_lifecycle_rule_from_stage_rel",
        "rule_id",
        "stage_id",
        string="From Stages",
        help="The rule moves customers in these stages only; empty: any stage but the target.",
    )
    stage_id = fields.Many2one("customer.lifecycle.stage", "Move to", required=True, ondelete="cascade")

    def _applies_to_stage(self, stage):
        self.ensure_one()
        return stage != self.stage_id and (not self.from_stage_ids or stage in self.from_stage_ids)
