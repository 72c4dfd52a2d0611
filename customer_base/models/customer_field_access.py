# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Fields the contact model cannot work without: nobody may be locked out of them by a policy.
PROTECTED_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "name",
        "complete_name",
        "active",
        "company_id",
        "parent_id",
        "commercial_partner_id",
        "is_company",
        "type",
        "user_ids",
        "customer_hidden_fields",
        "customer_required_fields",
    }
)


class CustomerFieldAccess(models.Model):
    """Who may edit, only read, or not even see a customer field.

    For a user, the most permissive access among the rules of the groups they belong to wins
    (Director implies Manager implies Salesperson). A user in none of a field's groups gets the
    least permissive access of that field's rules. The policy is applied by res.partner: hidden
    fields through Odoo's own field ``groups`` (so they vanish from views, reads, searches, exports
    and related fields), read-only ones by refusing create/write and marking the field read-only in
    the views. Superuser code (``sudo()``) is not subject to it.
    """

    _name = "customer.field.access"
    _description = "Customer Field Access"
    _order = "field_id, group_id"

    field_id = fields.Many2one(
        "ir.model.fields",
        required=True,
        ondelete="cascade",
        domain="[('model', '=', 'res.partner'), ('store', '=', True)]",
    )
    field_name = fields.Char(related="field_id.name", string="Technical Name")
    group_id = fields.Many2one("res.groups", string="Role", required=True, ondelete="cascade")
    access = fields.Selection(
        [("edit", "Editable"), ("readonly", "Read-only"), ("hidden", "Hidden")],
        required=True,
        default="readonly",
    )

    _sql_constraints = [
        (
            "field_group_unique",
            "unique(field_id, group_id)",
            "This role already has an access rule for this field.",
        ),
    ]

    @api.constrains("field_id")
    def _check_field(self):
        partner_fields = self.env["res.partner"]._fields
        for rule in self:
            field = partner_fields.get(rule.field_id.name)
            if rule.field_id.model != "res.partner" or field is None:
                raise ValidationError(self.env._("Field access rules apply to customer fields only."))
            if rule.field_id.name in PROTECTED_FIELDS or field.required:
                raise ValidationError(
                    self.env._(
                        "The field %(field)s is needed by every user of contacts; it cannot be restricted.",
                        field=rule.field_id.field_description,
                    )
                )
            if field.groups and not getattr(field, "_customer_policy_groups", False):
                raise ValidationError(
                    self.env._(
                        "The field %(field)s is already restricted by Odoo to some groups; it cannot be given a policy.",
                        field=rule.field_id.field_description,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules.group_id._customer_ensure_xmlid()
        self.env["res.partner"]._customer_policy_changed()
        return rules

    def write(self, vals):
        result = super().write(vals)
        self.group_id._customer_ensure_xmlid()
        self.env["res.partner"]._customer_policy_changed()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["res.partner"]._customer_policy_changed()
        return result
