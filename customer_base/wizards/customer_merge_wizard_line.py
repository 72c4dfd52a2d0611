# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerMergeWizardLine(models.TransientModel):
    """A field where the customers being merged disagree, and whose value the kept customer gets."""

    _name = "customer.merge.wizard.line"
    _description = "Merge Customers: Field Choice"
    _order = "sequence, id"

    wizard_id = fields.Many2one("customer.merge.wizard", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    field_name = fields.Char("Technical Field Name", required=True)
    field_label = fields.Char("Field", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Take Value From",
        help="The customer whose value the kept customer gets for this field.",
    )
    value_display = fields.Char("Value Kept", compute="_compute_value_display")
    values_summary = fields.Text("Values", readonly=True, help="The value of each customer being merged.")

    @api.constrains("field_name")
    def _check_field_name(self):
        """Only the fields the wizard offers may be chosen (a line made by hand names any field)."""
        for line in self:
            if line.field_name not in line.wizard_id._customer_choice_fields():
                raise ValidationError(
                    self.env._("The field “%(field)s” cannot be chosen in a merge.", field=line.field_name)
                )

    @api.depends("partner_id", "field_name")
    def _compute_value_display(self):
        for line in self:
            line.value_display = (
                line.wizard_id._customer_display_value(line.partner_id, line.field_name)
                if line.partner_id and line.field_name
                else False
            )
