# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .customer_field import slugify


class CustomerFieldOption(models.Model):
    """An option of a customer field of type choice list; it mirrors one selection value of the field."""

    _name = "customer.field.option"
    _description = "Customer Field Option"
    _order = "sequence, id"

    field_id = fields.Many2one(
        "customer.field", string="Customer Field", required=True, index=True, ondelete="cascade"
    )
    label = fields.Char(required=True, translate=True)
    value = fields.Char(
        help="Stored in the customers' data and used by imports, exports and the API. Derived from the "
        "label; renaming it moves the customers holding the option to the new value.",
    )
    sequence = fields.Integer(default=10)
    ir_selection_id = fields.Many2one(
        "ir.model.fields.selection", string="Selection Value", readonly=True, ondelete="cascade"
    )

    @api.onchange("label")
    def _onchange_label_value(self):
        # A suggestion while the admin types the label; create() derives it the same way when missing.
        if not self.value and self.label:
            self.value = slugify(self.label)

    @api.constrains("value", "field_id")
    def _check_value(self):
        for option in self:
            if not (option.value or "").strip():
                raise ValidationError(self.env._("Every option needs a value."))
            if option.field_id.option_ids.filtered(lambda o, v=option.value: o.value == v) != option:
                raise ValidationError(
                    self.env._(
                        "The choice list “%(field)s” has the option value “%(value)s” twice.",
                        field=option.field_id.name,
                        value=option.value,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("value"):
                vals["value"] = slugify(vals.get("label")) or False
        options = super().create(vals_list)
        options.field_id._sync_selection()
        return options

    def write(self, vals):
        # A default pointing at a renamed value follows it; ir.default would otherwise hold a value the
        # field no longer accepts.
        renamed = {
            option.field_id: option.value
            for option in self
            if "value" in vals
            and option.value != vals["value"]
            and (option.field_id.default_value or "").strip() == option.value
        }
        result = super().write(vals)
        if {"label", "value", "sequence"} & vals.keys():
            self.field_id._sync_selection()
        for field in renamed:
            field.default_value = vals["value"]
        if "value" in vals:
            self.field_id._apply_default_value()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_default(self):
        """The option the default value points at cannot go: new customers would get a lost value."""
        for option in self:
            default = (option.field_id.default_value or "").strip().casefold()
            if default and default in (option.value.casefold(), (option.label or "").casefold()):
                raise ValidationError(
                    self.env._(
                        "The option “%(option)s” is the default value of “%(field)s”. Change the default "
                        "value first.",
                        option=option.label,
                        field=option.field_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        """An option that customers hold cannot go: their data would silently disappear."""
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        for option in self:
            domain = option.field_id._holder_domain(option.value)
            count = partners.search_count(domain) if domain else 0
            if count:
                raise UserError(
                    self.env._(
                        "Customers holding the option “%(option)s” of “%(field)s”: %(count)s. Move them "
                        "to another option first (filter the customers by it), then remove it.",
                        count=count,
                        option=option.label,
                        field=option.field_id.name,
                    )
                )

    def unlink(self):
        fields_ = self.field_id
        result = super().unlink()
        fields_._sync_selection()
        return result

    def update_field_translations(self, field_name, translations, source_lang=None):
        result = super().update_field_translations(field_name, translations, source_lang=source_lang)
        if field_name == "label":
            for option in self.filtered("ir_selection_id"):
                option.field_id._check_customer_admin()
                option.sudo().ir_selection_id.update_field_translations(
                    "name", translations, source_lang=source_lang
                )
        return result
