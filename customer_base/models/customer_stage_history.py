# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CustomerStageHistory(models.Model):
    """One stay of a customer in a lifecycle stage: when it entered, who moved it, when it left."""

    _name = "customer.stage.history"
    _inherit = ["customer.batch.defaults.mixin"]
    _description = "Customer Lifecycle Stage History"
    _order = "date_start desc, id desc"
    _rec_name = "stage_id"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one("customer.lifecycle.stage", required=True, ondelete="restrict", index=True)
    previous_stage_id = fields.Many2one("customer.lifecycle.stage", ondelete="set null")
    date_start = fields.Datetime("Entered", required=True, default=fields.Datetime.now)
    date_end = fields.Datetime("Left")
    user_id = fields.Many2one(
        "res.users", "Moved by", default=lambda self: self.env.user, ondelete="set null"
    )
    rule_id = fields.Many2one(
        "customer.lifecycle.rule",
        "Automatic Rule",
        ondelete="set null",
        help="Set when a rule moved the customer.",
    )
    duration_days = fields.Float(
        "Days in Stage", compute="_compute_duration_days", store=True, aggregator="avg", digits=(16, 1)
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True, string="Branch")

    @api.depends("date_start", "date_end")
    def _compute_duration_days(self):
        for entry in self:
            if entry.date_end and entry.date_start:
                entry.duration_days = (entry.date_end - entry.date_start).total_seconds() / 86400
            else:
                entry.duration_days = 0.0
