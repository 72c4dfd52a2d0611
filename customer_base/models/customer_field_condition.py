# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from .customer_field_access import PROTECTED_FIELDS


class CustomerFieldCondition(models.Model):
    """Hide or require a customer field on the customers that match a domain.

    A hidden-when rule hides the field on the form for those customers (it is presentation, not
    security: use Field Access for that) and a hidden field is never required. A required-when rule
    makes the field mandatory on the form and is enforced by the server on create and write.
    """

    _name = "customer.field.condition"
    _description = "Customer Field Condition"
    _order = "field_id, id"

    field_id = fields.Many2one(
        "ir.model.fields",
        required=True,
        ondelete="cascade",
        domain="[('model', '=', 'res.partner'), ('store', '=', True)]",
    )
    field_name = fields.Char(related="field_id.name", string="Technical Name")
    kind = fields.Selection(
        [("hidden", "Hide when"), ("required", "Require when")],
        string="Rule",
        required=True,
        default="hidden",
    )
    domain = fields.Char(
        "Condition", required=True, default="[]", help="The customers on which the rule applies."
    )
    active = fields.Boolean(default=True)

    @api.constrains("field_id", "domain")
    def _check_condition(self):
        partners = self.env["res.partner"]
        for condition in self:
            if condition.field_id.model != "res.partner" or condition.field_id.name not in partners._fields:
                raise ValidationError(self.env._("Field conditions apply to customer fields only."))
            if condition.field_id.name in PROTECTED_FIELDS:
                raise ValidationError(
                    self.env._(
                        "The field %(field)s cannot be given conditions.",
                        field=condition.field_id.field_description,
                    )
                )
            try:
                domain = safe_eval(condition.domain or "[]")
                partners.search(domain, limit=1)
                paths = partners._customer_domain_paths(domain)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The condition %(domain)s is not a valid filter on customers: %(error)s",
                        domain=condition.domain,
                        error=error,
                    )
                ) from error
            if condition.field_id.name in {path.split(".")[0] for path in paths}:
                raise ValidationError(
                    self.env._("A field cannot be hidden or required depending on its own value.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        conditions = super().create(vals_list)
        self.env["res.partner"]._customer_policy_changed()
        return conditions

    def write(self, vals):
        result = super().write(vals)
        self.env["res.partner"]._customer_policy_changed()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["res.partner"]._customer_policy_changed()
        return result
