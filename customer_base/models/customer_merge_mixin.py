# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerMergeMixin(models.AbstractModel):
    """Customer Merge on res.partner (res.partner inherits this mixin): the link of a merged customer
    to the one it was merged into, and the action opening the merge wizard."""

    _name = "customer.merge.mixin"
    _description = "Customer Merge"

    customer_merged_into_id = fields.Many2one(
        "res.partner",
        string="Merged Into",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The customer this one was merged into. Merged customers are archived, never deleted.",
    )

    def action_customer_merge(self):
        """Open the merge wizard for these customers."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Customers"),
            "res_model": "customer.merge.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }
