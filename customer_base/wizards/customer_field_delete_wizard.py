# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CustomerFieldDeleteWizard(models.TransientModel):
    """Confirms the deletion of a customer field, saying how many customers lose their data."""

    _name = "customer.field.delete.wizard"
    _description = "Delete Customer Field"

    field_id = fields.Many2one("customer.field", string="Customer Field", required=True, ondelete="cascade")
    holder_count = fields.Integer(related="field_id.holder_count", string="Customers with a Value")
    message = fields.Text(compute="_compute_message")

    @api.depends("field_id", "holder_count")
    def _compute_message(self):
        for wizard in self:
            if wizard.holder_count:
                wizard.message = self.env._(
                    "Customers holding data in “%(field)s”: %(count)s. Deleting the field erases that "
                    "data for good. To keep it, archive the field instead.",
                    count=wizard.holder_count,
                    field=wizard.field_id.name,
                )
            else:
                wizard.message = self.env._(
                    "No customer holds data in “%(field)s”. Deleting it removes it from every screen.",
                    field=wizard.field_id.name,
                )

    def action_confirm(self):
        """Delete the field and its data, then reload the web client so no screen shows it any more."""
        self.ensure_one()
        self.field_id.unlink()
        return {
            "type": "ir.actions.client",
            "tag": "reload",
            "params": {"action_id": self.env.ref("customer_base.action_customer_fields").id},
        }
