# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fields an administrator adds to the customers from the UI, without code or restart.

Each ``customer.field`` owns a real custom field of ``res.partner`` (an ``ir.model.fields`` record in
state ``manual``, named ``x_…``) and the inherited views that show it in the customer form, list and
search. Odoo's own machinery for custom fields does the heavy lifting: it adds the column, reloads the
registry and signals the change to the other workers (``Registry.setup_models`` marks the registry
invalidated, and the request that saved the field bumps ``base_registry_signaling``), and it keeps manual
fields through module upgrades and restarts.
"""

import re
import unicodedata

from lxml import etree

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

PARTNER = "res.partner"
ADMIN_GROUP = "customer_base.group_customer_admin"
# Room for "x_" and the names PostgreSQL derives from a column (indexes, constraints): 63 at most.
TECHNICAL_NAME_MAX = 40
TECHNICAL_NAME_RE = re.compile(r"^x_[a-z0-9_]+$")
BOOLEAN_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "y": True,
    "si": True,
    "s": True,
    "0": False,
    "false": False,
    "no": False,
    "n": False,
}
# Settings that change the generated views; writing any of them regenerates the views.
VIEW_SETTINGS = {"required", "show_in_form", "show_in_list", "show_in_search", "sequence", "active"}


def slugify(text):
    """``text`` in lower-case ASCII words joined by underscores: "Chocolate Preferido ñ" -> "chocolate_preferido_n"."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


class CustomerField(models.Model):
    _name = "customer.field"
    _description = "Customer Field"
    _order = "sequence, id"

    name = fields.Char(string="Label", required=True, translate=True)
    technical_name = fields.Char(
        copy=False,
        help="Name of the field for imports, exports and the API. Derived from the label; it cannot "
        "change once the field is created.",
    )
    field_type = fields.Selection(
        [
            ("char", "Text"),
            ("text", "Long Text"),
            ("integer", "Integer"),
            ("float", "Decimal"),
            ("date", "Date"),
            ("boolean", "Yes/No"),
            ("selection", "Choice List"),
            ("many2many", "Tags"),
            ("many2one", "Link to a Contact"),
        ],
        string="Type",
        required=True,
        default="char",
    )
    help = fields.Text(string="Help Text", translate=True, help="Shown as a tooltip next to the field.")
    default_value = fields.Char(
        help="Value new customers start with. Numbers as 12 or 3.5, dates as 2024-12-31, yes/no as "
        "yes or no, choice lists as the value or label of an option.",
    )
    required = fields.Boolean(
        help="The customer form cannot be saved without a value. Existing customers keep working: they "
        "are asked for the value the next time someone edits them.",
    )
    show_in_form = fields.Boolean(
        string="Form Section", default=True, help="Shown in the Customer Profile tab."
    )
    show_in_list = fields.Boolean(string="List Column", help="An optional column of the customer list.")
    show_in_search = fields.Boolean(
        string="Search and Group By", help="Searchable from the search bar, and offered under Group By."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(
        default=True, help="Archived fields disappear from the screens; the customers' data is kept."
    )
    option_ids = fields.One2many("customer.field.option", "field_id", string="Options")
    tag_ids = fields.One2many("customer.field.tag", "field_id", string="Tag Values")
    ir_field_id = fields.Many2one(
        "ir.model.fields",
        string="Odoo Field",
        readonly=True,
        copy=False,
        index=True,
        # Deleting the custom field from Settings > Technical also deletes its definition here.
        ondelete="cascade",
    )
    view_ids = fields.Many2many(
        "ir.ui.view", string="Generated Views", readonly=True, copy=False, relation="customer_field_view_rel"
    )
    holder_count = fields.Integer(
        string="Customers with a Value", compute="_compute_holder_count", help="Customers holding a value."
    )

    _sql_constraints = [
        (
            "technical_name_unique",
            "UNIQUE(technical_name)",
            "Another customer field has this technical name.",
        ),
    ]

    # ------------------------------------------------------------------ computes and constraints

    @api.onchange("name")
    def _onchange_name_technical_name(self):
        # A suggestion while the admin types the label; create() derives it the same way when missing.
        if not self.ir_field_id:
            self.technical_name = self._technical_name_from(self.name)

    @api.model
    def _technical_name_from(self, text):
        """The technical name for a label or a typed name: slugified, prefixed with ``x_``, shortened."""
        slug = slugify(text)
        if slug.startswith("x_"):
            slug = slug[2:]
        return ("x_" + slug)[:TECHNICAL_NAME_MAX].rstrip("_") if slug else False

    def _compute_holder_count(self):
        self._check_customer_admin()
        # Counts every customer, also those the admin's record rules hide: the number tells how much data
        # a change would touch.
        partners = self.env[PARTNER].sudo().with_context(active_test=False)
        for field in self:
            domain = field._holder_domain()
            field.holder_count = partners.search_count(domain) if domain else 0

    def _holder_domain(self, value=None):
        """Domain of the customers holding a value in this field (``value`` itself when given)."""
        self.ensure_one()
        if not self.ir_field_id or self.technical_name not in self.env[PARTNER]._fields:
            return None
        if value is not None:
            return [(self.technical_name, "=", value)]
        if self.field_type == "boolean":
            return [(self.technical_name, "=", True)]
        return [(self.technical_name, "!=", False)]

    @api.constrains("name")
    def _check_name(self):
        for field in self:
            if not (field.name or "").strip():
                raise ValidationError(self.env._("A customer field needs a label."))

    @api.constrains("technical_name")
    def _check_technical_name(self):
        partner_fields = self.env[PARTNER]._fields
        for field in self:
            if not (field.name or "").strip():
                continue  # _check_name says what is wrong
            name = field.technical_name
            if not name or not TECHNICAL_NAME_RE.match(name) or len(name) > TECHNICAL_NAME_MAX:
                raise ValidationError(
                    self.env._(
                        "The technical name “%(name)s” is not valid: it must start with x_ and hold only "
                        "lower-case letters, digits and underscores (%(max)s characters at most).",
                        name=name or "",
                        max=TECHNICAL_NAME_MAX,
                    )
                )
            twin = self.with_context(active_test=False).search(
                [("technical_name", "=", name), ("id", "!=", field.id)], limit=1
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "The customer field “%(other)s” already uses the technical name “%(name)s”. "
                        "Choose another label or technical name.",
                        other=twin.name,
                        name=name,
                    )
                )
            if not field.ir_field_id and (
                name in partner_fields or self.env["ir.model.fields"]._get(PARTNER, name)
            ):
                raise ValidationError(
                    self.env._(
                        "Customers already have a field named “%(name)s”. Choose another label or "
                        "technical name.",
                        name=name,
                    )
                )

    @api.constrains("field_type", "option_ids")
    def _check_options(self):
        for field in self.filtered(lambda f: f.field_type == "selection"):
            values = field.option_ids.mapped("value")
            if not values:
                raise ValidationError(
                    self.env._("The choice list “%(field)s” needs at least one option.", field=field.name)
                )
            duplicates = sorted({value for value in values if values.count(value) > 1})
            if duplicates:
                raise ValidationError(
                    self.env._(
                        "The choice list “%(field)s” has the option value “%(value)s” twice.",
                        field=field.name,
                        value=duplicates[0],
                    )
                )

    @api.constrains("default_value", "field_type", "option_ids")
    def _check_default_value(self):
        for field in self:
            field._parse_default_value()

    def _parse_default_value(self):
        """The default value typed for the field, or None when there is none.

        Raises a ValidationError naming the field when the text is not a value of the field's type.
        """
        self.ensure_one()
        raw = (self.default_value or "").strip()
        if not raw:
            return None
        kind = self.field_type
        try:
            if kind in ("char", "text"):
                return raw
            if kind == "integer":
                value = int(raw)
                if not -(2**31) < value < 2**31 - 1:
                    raise ValueError(raw)
                return value
            if kind == "float":
                # Spanish-speaking users write 3,5 for 3.5.
                return float(raw.replace(",", ".") if "." not in raw else raw)
            if kind == "date":
                return fields.Date.to_string(fields.Date.to_date(raw))
            if kind == "boolean":
                return BOOLEAN_WORDS[slugify(raw)]
            if kind == "selection":
                for option in self.option_ids:
                    if raw.casefold() in (option.value.casefold(), (option.label or "").casefold()):
                        return option.value
                raise ValueError(raw)
        except (ValueError, KeyError, TypeError):
            kind_label = dict(self._fields["field_type"]._description_selection(self.env))[kind]
            raise ValidationError(
                self.env._(
                    "The default value “%(value)s” of the field “%(field)s” is not a valid %(type)s value.",
                    value=raw,
                    field=self.name,
                    type=kind_label,
                )
            ) from None
        raise ValidationError(
            self.env._("The field “%(field)s” cannot have a default value: leave it empty.", field=self.name)
        )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        self._check_customer_admin()
        for vals in vals_list:
            vals["technical_name"] = self._technical_name_from(vals.get("technical_name") or vals.get("name"))
        self._check_technical_names_free([vals["technical_name"] for vals in vals_list])
        records = super().create(vals_list)
        for field in records:
            field._create_ir_field()
        records._apply_default_value()
        records._generate_views()
        return records

    @api.model
    def _check_technical_names_free(self, names):
        """Refuse names another customer field already has, before the unique index does it less clearly."""
        names = [name for name in names if name]
        taken = self.with_context(active_test=False).search([("technical_name", "in", names)], limit=1)
        repeated = {name for name in names if names.count(name) > 1}
        if taken or repeated:
            name = taken.technical_name or min(repeated)
            raise ValidationError(
                self.env._(
                    "The customer field “%(other)s” already uses the technical name “%(name)s”. "
                    "Choose another label or technical name.",
                    other=taken.name or name,
                    name=name,
                )
            )

    def write(self, vals):
        if "technical_name" in vals:
            vals["technical_name"] = self._technical_name_from(vals["technical_name"])
        for field in self.filtered("ir_field_id"):
            if "technical_name" in vals and vals["technical_name"] != field.technical_name:
                raise UserError(
                    self.env._(
                        "The technical name of “%(field)s” cannot change once the field exists: imports, "
                        "exports and integrations use it.",
                        field=field.name,
                    )
                )
            if "field_type" in vals and vals["field_type"] != field.field_type:
                raise UserError(
                    self.env._(
                        "The type of “%(field)s” cannot change once the field exists. Create a new field "
                        "and delete this one.",
                        field=field.name,
                    )
                )
        result = super().write(vals)
        if {"name", "help"} & vals.keys():
            self._sync_ir_field_texts()
        if {"default_value", "option_ids"} & vals.keys():
            self._apply_default_value()
        if VIEW_SETTINGS & vals.keys():
            self._generate_views()
        return result

    def unlink(self):
        self._check_customer_admin()
        ir_fields = self.sudo().ir_field_id
        self._remove_views()
        result = super().unlink()
        # Drops the column (and the tags' relation table): the customers' data in it is gone.
        ir_fields.unlink()
        return result

    def update_field_translations(self, field_name, translations, source_lang=None):
        result = super().update_field_translations(field_name, translations, source_lang=source_lang)
        ir_name = {"name": "field_description", "help": "help"}.get(field_name)
        if ir_name:
            for field in self.filtered("ir_field_id"):
                field._check_customer_admin()
                field.sudo().ir_field_id.update_field_translations(
                    ir_name, translations, source_lang=source_lang
                )
        return result

    # ------------------------------------------------------------------ actions

    def action_delete(self):
        """Ask for confirmation, stating how many customers hold data in the field, before deleting it."""
        self.ensure_one()
        wizard = self.env["customer.field.delete.wizard"].create({"field_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Delete Customer Field"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_view_holders(self):
        """The customers holding a value in the field."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": PARTNER,
            "view_mode": "list,form",
            "domain": self._holder_domain() or [("id", "=", False)],
            "context": {"active_test": False},
        }

    # ------------------------------------------------------------------ the Odoo field behind

    def _check_customer_admin(self):
        """Only customer database administrators manage fields; checked before any ``sudo()`` below."""
        if not (self.env.su or self.env.user.has_group(ADMIN_GROUP)):
            raise AccessError(self.env._("Only customer database administrators can manage customer fields."))

    def _prepare_ir_field_values(self):
        """Values of the ``ir.model.fields`` record that creates the field on customers.

        You can override this method to set more properties of the field.
        """
        self.ensure_one()
        values = {
            "model_id": self.env["ir.model"]._get_id(PARTNER),
            "name": self.technical_name,
            "state": "manual",
            "ttype": self.field_type,
            "field_description": self.name,
            "help": self.help,
            # Required is enforced by the form, not the column: see _prepare_view_node.
            "required": False,
        }
        # Selection values are created by _sync_selection: ir.model.fields refuses x2many commands
        # under sudo (_allow_sudo_commands = False).
        if self.field_type == "many2one":
            values.update(relation=PARTNER, on_delete="set null")
        elif self.field_type == "many2many":
            # Each tags field has its own relation table; Odoo's default name would be shared by all of
            # them (x_customer_field_tag_res_partner_rel).
            values.update(
                relation="customer.field.tag",
                relation_table=f"x_customer_field_{self.id}_tag_rel",
                column1="res_partner_id",
                column2="customer_field_tag_id",
                domain=repr([("field_id", "=", self.id)]),
            )
        return values

    def _create_ir_field(self):
        """Create the column on customers; Odoo reloads the registry and signals the other workers."""
        self.ensure_one()
        self._check_customer_admin()
        self.ir_field_id = self.env["ir.model.fields"].sudo().create(self._prepare_ir_field_values())
        self._sync_selection()

    def _sync_ir_field_texts(self):
        """Copy the label and help (in the language being edited) to the Odoo field."""
        for field in self.filtered("ir_field_id"):
            field._check_customer_admin()
            ir_field = field.sudo().ir_field_id
            values = {}
            if ir_field.field_description != field.name:
                values["field_description"] = field.name
            if (ir_field.help or False) != (field.help or False):
                values["help"] = field.help
            if values:
                ir_field.write(values)

    def _sync_selection(self):
        """Make the Odoo field's selection values follow the options (add, rename, reorder, remove).

        Renaming an option's value moves the customers' data to the new value (Odoo does it).
        """
        for field in self.filtered(lambda f: f.ir_field_id and f.field_type == "selection"):
            field._check_customer_admin()
            selections = self.env["ir.model.fields.selection"].sudo()
            to_create = {}
            for index, option in enumerate(field.option_ids):
                values = {"value": option.value, "name": option.label, "sequence": index}
                selection = option.sudo().ir_selection_id
                if not selection:
                    to_create[option] = dict(values, field_id=field.ir_field_id.id)
                    continue
                changed = {key: value for key, value in values.items() if selection[key] != value}
                if changed:
                    selection.write(changed)
            stale = field.sudo().ir_field_id.selection_ids - field.option_ids.sudo().ir_selection_id
            stale.unlink()
            # One create for all the new values: each create of selection values reloads the registry.
            created = selections.create(list(to_create.values()))
            for option, selection in zip(to_create, created, strict=True):
                option.ir_selection_id = selection

    def _apply_default_value(self):
        """Store the default value as an Odoo user-defined default (``ir.default``) for all users."""
        defaults = self.env["ir.default"].sudo()
        for field in self.filtered("ir_field_id"):
            field._check_customer_admin()
            value = field._parse_default_value()
            if value is None:
                defaults.search(
                    [
                        ("field_id", "=", field.ir_field_id.id),
                        ("user_id", "=", False),
                        ("company_id", "=", False),
                        ("condition", "=", False),
                    ]
                ).unlink()
            else:
                defaults.set(PARTNER, field.technical_name, value)

    # ------------------------------------------------------------------ generated views

    def _prepare_view_node(self, target):
        """The ``<field>`` element showing the field in the ``target`` view ("form", "list", "search").

        Required is enforced here, in the form, rather than on the column: a NOT NULL column would refuse
        every customer created without the value (contacts made by other apps, imports of old files) and
        cannot be set while existing customers have no value. In the form, saving asks for the value —
        also on an existing customer, the first time someone edits it.

        You can override this method to add attributes to the node.
        """
        self.ensure_one()
        node = etree.Element("field", name=self.technical_name)
        if target == "form" and self.required and self.field_type != "boolean":
            node.set("required", "1")
        if target == "list":
            node.set("optional", "show")
        if self.field_type == "many2many" and target != "search":
            node.set("widget", "many2many_tags")
            node.set("options", "{'color_field': 'color', 'no_create': True}")
        return node

    def _prepare_views(self):
        """Values of the inherited views showing the field, one per place it is shown."""
        self.ensure_one()
        if not (self.active and self.ir_field_id):
            return []
        places = []
        if self.show_in_form:
            xpath = etree.Element("xpath", expr="//group[@name='customer_custom_fields']", position="inside")
            xpath.append(self._prepare_view_node("form"))
            places.append(("form", "customer_base.view_partner_form_customer_profile", [xpath]))
        if self.show_in_list:
            xpath = etree.Element("xpath", expr="//list", position="inside")
            xpath.append(self._prepare_view_node("list"))
            places.append(("list", "base.view_partner_tree", [xpath]))
        if self.show_in_search:
            xpath = etree.Element("xpath", expr="//group[@name='group_by']", position="before")
            xpath.append(self._prepare_view_node("search"))
            nodes = [xpath]
            if self.field_type != "text":
                group_by = etree.Element("xpath", expr="//group[@name='group_by']", position="inside")
                etree.SubElement(
                    group_by,
                    "filter",
                    name=f"group_by_{self.technical_name}",
                    context=repr({"group_by": self.technical_name}),
                )
                nodes.append(group_by)
            places.append(("search", "base.view_res_partner_filter", nodes))
        views = []
        for place, parent, nodes in places:
            arch = etree.Element("data")
            arch.extend(nodes)
            views.append(
                {
                    "name": f"res.partner.{place}.customer.field.{self.technical_name}",
                    "model": PARTNER,
                    "type": place,
                    "mode": "extension",
                    "inherit_id": self.env.ref(parent).id,
                    # Inherited views apply by priority: the fields follow their sequence.
                    "priority": 1000 + self.sequence,
                    "arch_db": etree.tostring(arch, encoding="unicode"),
                }
            )
        return views

    def _generate_views(self):
        """(Re)create the views showing each field where its settings say."""
        self._remove_views()
        for field in self:
            values = field._prepare_views()
            if not values:
                continue
            field._check_customer_admin()
            views = self.env["ir.ui.view"].sudo().create(values)
            # An external id of customer_base, never updated: an upgrade keeps the views (they are loaded
            # with the module, once its fields exist), uninstalling the module removes them.
            self.env["ir.model.data"].sudo().create(
                [
                    {
                        "module": "customer_base",
                        "name": f"customer_field_{field.id}_view_{view.type}",
                        "model": "ir.ui.view",
                        "res_id": view.id,
                        "noupdate": True,
                    }
                    for view in views
                ]
            )
            field.sudo().view_ids = [Command.set(views.ids)]

    def _remove_views(self):
        for field in self.filtered("view_ids"):
            field._check_customer_admin()
            field.sudo().view_ids.unlink()
