# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import copy
import logging

from lxml import etree

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

# Order of permissiveness of the field access levels (customer.field.access.access).
ACCESS_RANK = {"hidden": 0, "readonly": 1, "edit": 2}
NAME_FIELDS = ("customer_first_name", "customer_last_name")
X2MANY = ("one2many", "many2many")
ADDRESS_FIELDS = {"customer_office_address": "office", "customer_home_address": "home"}


class ResPartner(models.Model):
    # the concerns of the customer suite live in mixins, one per file; with several parents the
    # model name must be given, or Odoo would name the model after the class
    _name = "res.partner"
    _inherit = [
        "res.partner",
        "customer.duplicate.mixin",
        "customer.merge.mixin",
        "customer.lifecycle.mixin",
        "customer.interaction.mixin",
        "customer.flag.mixin",
        "customer.batch.defaults.mixin",
    ]

    # Set from the database at every registry setup (see _setup_base).
    _customer_field_policy = {}
    _customer_field_conditions = ()

    # --- Branch: shared by all branches (empty) or private to the creating branch, per company setting
    company_id = fields.Many2one(default=lambda self: self._default_customer_company())

    # --- Identity -------------------------------------------------------------------------------
    customer_first_name = fields.Char("First Names", index="btree_not_null", tracking=True)
    customer_last_name = fields.Char("Last Names", index="btree_not_null", tracking=True)

    # --- Addresses: two addresses of the seed, each mirrored as a delivery address ------------------
    customer_office_address = fields.Char("Office Address", help="Also available as a delivery address.")
    customer_home_address = fields.Char("Home Address", help="Also available as a delivery address.")
    customer_address_kind = fields.Selection(
        [("office", "Office"), ("home", "Home")],
        readonly=True,
        help="Set on the delivery addresses kept in sync with the customer's office and home addresses.",
    )

    # --- Profile ----------------------------------------------------------------------------------
    customer_type_id = fields.Many2one("customer.type", index=True, tracking=True, ondelete="restrict")
    customer_type_code = fields.Char(related="customer_type_id.code", string="Customer Type Code")
    customer_rating = fields.Integer(
        default=5,
        tracking=True,
        aggregator="avg",
        help="From 1 to 10: how valuable the customer is for promotions and offers.",
    )
    customer_interest_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], string="Interest Level", tracking=True
    )
    customer_trust_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], string="Trust Level", tracking=True
    )
    customer_negotiation_state = fields.Selection(
        [
            ("none", "No Negotiation"),
            ("contacted", "Contacted"),
            ("offer_sent", "Offer Sent"),
            ("negotiating", "Negotiating"),
            ("won", "Won"),
            ("lost", "Lost"),
        ],
        string="Negotiation Status",
        tracking=True,
    )
    customer_purchase_count = fields.Integer(
        "Products/Services Acquired", help="How many products or services the customer has acquired."
    )
    customer_since = fields.Date()
    customer_payment_method = fields.Selection(
        [("cash", "Cash"), ("credit", "Credit"), ("card", "Card"), ("transfer", "Bank Transfer")],
        string="Usual Payment Method",
    )
    customer_channel_id = fields.Many2one(
        "customer.channel", string="Acquisition Channel", index="btree_not_null", ondelete="restrict"
    )
    customer_birthday = fields.Date("Birthday")
    customer_marital_status = fields.Selection(
        [
            ("single", "Single"),
            ("married", "Married"),
            ("cohabiting", "Cohabiting"),
            ("divorced", "Divorced"),
            ("widowed", "Widowed"),
        ],
        string="Marital Status",
    )
    customer_children = fields.Integer("Number of Children")
    customer_profession_id = fields.Many2one(
        "customer.profession", string="Profession", index="btree_not_null", ondelete="restrict"
    )
    customer_hobby_ids = fields.Many2many(
        "customer.hobby",
        "customer_hobby_res_partner_rel",
        "partner_id",
        "hobby_id",
        string="Hobbies and Preferences",
    )
    customer_preferred_product = fields.Char("Preferred Product")
    last_survey_date = fields.Date()
    customer_area_contact_ids = fields.One2many(
        "customer.area.contact", "partner_id", string="Areas in Contact"
    )

    # --- Conditional fields (customer.field.condition), for the views ------------------------------
    customer_hidden_fields = fields.Char(
        compute="_compute_customer_condition_fields", compute_sudo=True, string="Fields Hidden by Conditions"
    )
    customer_required_fields = fields.Char(
        compute="_compute_customer_condition_fields",
        compute_sudo=True,
        string="Fields Required by Conditions",
    )

    @api.model
    def _default_customer_company(self):
        """The branch new customers belong to: none (shared) unless the current company keeps them private."""
        company = self.env.company
        return False if company.customer_share_by_default else company

    # =============================================================================================
    # Constraints
    # =============================================================================================
    @api.constrains("customer_rating")
    def _check_customer_rating(self):
        for partner in self:
            if not 1 <= partner.customer_rating <= 10:
                raise ValidationError(
                    self.env._(
                        "The customer rating of %(customer)s must be between 1 and 10, not %(rating)s.",
                        customer=partner.display_name,
                        rating=partner.customer_rating,
                    )
                )

    @api.constrains("customer_purchase_count", "customer_children")
    def _check_customer_counts(self):
        for partner in self:
            if partner.customer_purchase_count < 0 or partner.customer_children < 0:
                raise ValidationError(
                    self.env._(
                        "Counts of products and children cannot be negative (%(customer)s).",
                        customer=partner.display_name,
                    )
                )

    # =============================================================================================
    # First and last names
    # =============================================================================================
    @api.model
    def _customer_compose_name(self, first_name, last_name):
        """The display name of a person from their first and last names. You can override this method."""
        return " ".join(part.strip() for part in (first_name, last_name) if part and part.strip())

    @api.model
    def _customer_split_name(self, name):
        """(first names, last names) guessed from a full name. You can override this method.

        Spanish names usually carry two surnames: "Ana María Pérez Gómez" → ("Ana María", "Pérez
        Gómez"); three words → one first name ("Luis Pérez Gómez"); two → one each.
        """
        words = (name or "").split()
        if not words:
            return False, False
        if len(words) == 1:
            return words[0], False
        first_count = 2 if len(words) >= 4 else 1
        return " ".join(words[:first_count]), " ".join(words[first_count:])

    def _customer_name_values(self, vals):
        """Values completing ``vals`` so that name and first/last names agree, for one partner or a new one."""
        is_company = vals.get("is_company", self.is_company if self else False)
        if is_company or vals.get("type", self.type if self else "contact") != "contact":
            return {}
        if any(fname in vals for fname in NAME_FIELDS):
            first = vals.get("customer_first_name", self.customer_first_name if self else False)
            last = vals.get("customer_last_name", self.customer_last_name if self else False)
            name = self._customer_compose_name(first, last)
            return {"name": name} if name else {}
        if vals.get("name"):
            first, last = self._customer_split_name(vals["name"])
            return {"customer_first_name": first, "customer_last_name": last}
        return {}

    # =============================================================================================
    # Office and home addresses, mirrored as delivery addresses
    # =============================================================================================
    def _customer_sync_addresses(self):
        """Keep one delivery address per filled office/home address. You can override this method."""
        for partner in self:
            if partner.customer_address_kind or not partner.id:
                continue
            # child_ids only holds active contacts, whatever the context: search the archived ones too
            children = self.with_context(active_test=False).search(
                [("parent_id", "=", partner.id), ("customer_address_kind", "!=", False)]
            )
            for fname, kind in ADDRESS_FIELDS.items():
                text = partner[fname]
                child = children.filtered(lambda c, kind=kind: c.customer_address_kind == kind)[:1]
                if child and (child.street != text or child.active != bool(text)):
                    # an emptied address is archived, never deleted: orders may point at it
                    child.write({"street": text or child.street, "active": bool(text)})
                elif not child and text:
                    self.create(
                        {
                            "parent_id": partner.id,
                            "type": "delivery",
                            "name": partner._customer_address_label(kind),
                            "street": text,
                            "city": partner.city,
                            "state_id": partner.state_id.id,
                            "country_id": partner.country_id.id,
                            "customer_address_kind": kind,
                        }
                    )

    def _customer_address_label(self, kind):
        """The name of the delivery address mirroring the office or home address: a label written into
        the record, so in the language of the customer's company (else the current one), not the user's."""
        company = self.company_id or self.env.company
        lang = company.partner_id.lang
        if not lang or not self.env["res.lang"]._lang_get(lang):
            lang = self.env.lang
        env = self.with_context(lang=lang).env
        return env._("Office") if kind == "office" else env._("Home")

    # =============================================================================================
    # Field access policy (customer.field.access) and conditions (customer.field.condition)
    # =============================================================================================
    def _setup_base(self):
        result = super()._setup_base()
        cls = self.env.registry[self._name]
        policy, conditions = self._customer_read_policy()
        cls._customer_field_policy = policy
        cls._customer_field_conditions = conditions
        for fname, rules in policy.items():
            field = cls._fields.get(fname)
            if field is None or field.groups or all(access != "hidden" for _gid, _xid, access in rules):
                continue
            # Hidden fields use Odoo's own field groups, so that every path (views, read, search,
            # read_group, export, related and inherited fields) hides them. A user in none of the
            # field's groups gets the least permissive access: hidden, since one rule hides it.
            readers = sorted({xmlid for _gid, xmlid, access in rules if access != "hidden" and xmlid})
            if field._toplevel:
                # already specific to this registry (merged definitions, fields added in the UI)
                restricted = field
            else:
                restricted = copy.copy(field)  # a direct field definition is shared between databases
                self._add_field(fname, restricted)
            restricted.groups = ",".join(readers) or "."
            restricted._customer_policy_groups = True
        return result

    @api.model
    def _customer_read_policy(self):
        """The field policy and conditions stored in the database, read at registry setup."""
        cr = self.env.cr
        policy, conditions = {}, []
        if not tools.sql.table_exists(cr, "customer_field_access"):
            return policy, conditions
        cr.execute(
            """
            SELECT f.name, a.group_id, d.module || '.' || d.name, a.access
              FROM customer_field_access a
              JOIN ir_model_fields f ON f.id = a.field_id
         LEFT JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = a.group_id
             WHERE f.model = %s
          ORDER BY a.id
            """,
            ["res.partner"],
        )
        seen = set()
        for fname, group_id, xmlid, access in cr.fetchall():
            if (fname, group_id) in seen:  # a group with several xmlids
                continue
            seen.add((fname, group_id))
            policy.setdefault(fname, []).append((group_id, xmlid, access))
        if tools.sql.table_exists(cr, "customer_field_condition"):
            cr.execute(
                """
                SELECT f.name, c.kind, c.domain
                  FROM customer_field_condition c
                  JOIN ir_model_fields f ON f.id = c.field_id
                 WHERE f.model = %s AND c.active
              ORDER BY c.id
                """,
                ["res.partner"],
            )
            for fname, kind, domain in cr.fetchall():
                try:
                    conditions.append((fname, kind, safe_eval(domain or "[]")))
                except Exception:  # noqa: BLE001 - a broken condition must not break the registry
                    _logger.warning(
                        "Ignoring the customer field condition on %s: invalid domain %r", fname, domain
                    )
        return {k: tuple(v) for k, v in policy.items()}, tuple(conditions)

    @api.model
    def _customer_policy_changed(self):
        """Apply a changed policy: set the registry up again (here) and signal the other workers."""
        self.env.flush_all()
        self.env.registry.setup_models(self.env.cr)
        self.env.registry.registry_invalidated = True

    @api.model
    def _customer_field_access(self, fname):
        """The access level ('edit', 'readonly', 'hidden') of the current user to field ``fname``."""
        if self.env.su:
            return "edit"
        rules = type(self)._customer_field_policy.get(fname)
        if not rules:
            return "edit"
        user_groups = set(self.env.user._get_group_ids())
        matched = [ACCESS_RANK[access] for group_id, _xmlid, access in rules if group_id in user_groups]
        rank = max(matched) if matched else min(ACCESS_RANK[access] for _g, _x, access in rules)
        return next(level for level, value in ACCESS_RANK.items() if value == rank)

    @api.model
    def _customer_unwritable_fields(self, field_names=None):
        """Names among ``field_names`` (default: all with a policy) the current user may not write."""
        policy = type(self)._customer_field_policy
        names = policy if field_names is None else [name for name in field_names if name in policy]
        return [name for name in names if self._customer_field_access(name) != "edit"]

    @api.model
    def check_field_access_rights(self, operation, field_names):
        result = super().check_field_access_rights(operation, field_names)
        if operation in ("write", "create") and field_names and not self.env.su:
            denied = self._customer_unwritable_fields(field_names)
            if denied:
                labels = ", ".join(f'"{self._fields[name]._description_string(self.env)}"' for name in denied)
                raise AccessError(
                    self.env._(
                        "You are not allowed to change %(fields)s on customers: your role may only read it. "
                        "Ask a user with the right role, or your administrator (Customers > Configuration > "
                        "Field Access).",
                        fields=labels,
                    )
                )
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if not self.env.su:
            self._customer_check_domain_access(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    @api.model
    def _customer_check_domain_access(self, domain):
        """Refuse a search on a field the user may not read. Odoo checks stored columns when it writes the
        SQL, but not a one2many or many2many of a domain (``customer_hobby_ids.name``): a search on a
        hidden relation would tell what it holds. Paths into other partners are checked there."""
        names = {
            leaf[0].split(".", 1)[0]
            for leaf in domain or ()
            if isinstance(leaf, list | tuple) and len(leaf) == 3 and isinstance(leaf[0], str)
        }
        hidden = [name for name in names if name in self._fields and self._fields[name].type in X2MANY]
        if hidden:
            self.check_field_access_rights("read", hidden)

    @api.model
    def _search_display_name(self, operator, value):
        """Searching a contact by name also searches its email, reference and tax id; only those the user
        may read, or the name search of every contact field would fail (or tell a hidden value)."""
        domain = super()._search_display_name(operator, value)
        return self._customer_readable_leaves(domain)

    @api.model
    def _customer_readable_leaves(self, domain):
        """``domain`` with its conditions on fields the user may not read made neutral: false in a
        positive condition, true in a negative one."""
        if self.env.su:
            return domain
        result = []
        for leaf in domain:
            if isinstance(leaf, list | tuple) and len(leaf) == 3 and isinstance(leaf[0], str):
                field = self._fields.get(leaf[0].split(".", 1)[0])
                if field is not None and not field.is_accessible(self.env):
                    negative = leaf[1] in expression.NEGATIVE_TERM_OPERATORS
                    result.append(expression.TRUE_LEAF if negative else expression.FALSE_LEAF)
                    continue
            result.append(leaf)
        return result

    @api.model
    def _customer_domain_paths(self, domain):
        """Field paths used by a domain, as dependencies of the conditional fields."""
        return [
            leaf[0]
            for leaf in domain
            if isinstance(leaf, list | tuple) and len(leaf) == 3 and isinstance(leaf[0], str)
        ]

    @api.model
    def _customer_condition_depends(self):
        paths = set()
        for _fname, _kind, domain in getattr(type(self), "_customer_field_conditions", ()):
            for path in self._customer_domain_paths(domain):
                if path.split(".")[0] in self._fields:
                    paths.add(path)
        return sorted(paths)

    @api.depends(lambda self: self._customer_condition_depends())
    def _compute_customer_condition_fields(self):
        hidden, required = {}, {}
        for fname, kind, domain in type(self)._customer_field_conditions:
            target = hidden if kind == "hidden" else required
            for partner in self.filtered_domain(domain):
                target.setdefault(partner, set()).add(fname)
        for partner in self:
            hidden_names = hidden.get(partner, set())
            required_names = required.get(partner, set()) - hidden_names  # a hidden field is never required
            partner.customer_hidden_fields = "".join(f",{name}" for name in sorted(hidden_names)) + ","
            partner.customer_required_fields = "".join(f",{name}" for name in sorted(required_names)) + ","

    @api.model
    def _customer_condition_inputs(self):
        """Fields whose change may make a required-when condition fail: the required fields and the
        fields of the conditions' domains. Other writes (chatter, followers...) are not checked."""
        names = set()
        for fname, kind, domain in type(self)._customer_field_conditions:
            if kind == "required":
                names.add(fname)
            names.update(path.split(".")[0] for path in self._customer_domain_paths(domain))
        return names

    def _customer_check_required_fields(self):
        """Refuse to save customers missing a field that a required-when condition asks for."""
        if not any(kind == "required" for _f, kind, _d in type(self)._customer_field_conditions):
            return
        for partner in self.sudo():
            missing = [
                name for name in partner.customer_required_fields.split(",") if name and not partner[name]
            ]
            if missing:
                labels = ", ".join(
                    f'"{self._fields[name]._description_string(self.env)}"' for name in missing
                )
                raise ValidationError(
                    self.env._(
                        "%(fields)s must be filled in for the customer %(customer)s.",
                        fields=labels,
                        customer=partner.display_name,
                    )
                )

    # --- Views ------------------------------------------------------------------------------------
    @api.model
    def get_view(self, view_id=None, view_type="form", **options):
        result = super().get_view(view_id, view_type, **options)
        if view_type in ("form", "list"):
            readonly = tuple(sorted(self._customer_unwritable_fields()))
            conditions = tuple(
                sorted({(fname, kind) for fname, kind, _d in type(self)._customer_field_conditions})
            )
            if readonly or conditions:
                result["arch"] = self._customer_adapt_arch(result["arch"], readonly, conditions)
        return result

    @api.model
    @tools.ormcache("arch", "readonly", "conditions")
    def _customer_adapt_arch(self, arch, readonly, conditions):
        """The view ``arch`` with the policy's read-only fields and the conditional fields applied."""
        root = etree.fromstring(arch)
        attrs = {}
        for fname in readonly:
            attrs.setdefault(fname, {})["readonly"] = "True"
        for fname, kind in conditions:
            holder = "customer_hidden_fields" if kind == "hidden" else "customer_required_fields"
            attribute = "invisible" if kind == "hidden" else "required"
            attrs.setdefault(fname, {})[attribute] = f"',{fname},' in ({holder} or '')"
        changed = False
        for node in root.iter("field"):
            fname = node.get("name")
            if fname not in attrs or any(parent.tag == "field" for parent in node.iterancestors()):
                continue
            for attribute, condition in attrs[fname].items():
                current = node.get(attribute)
                if attribute == "readonly" or not current or current in ("0", "False"):
                    node.set(attribute, condition)
                elif current not in ("1", "True"):
                    node.set(attribute, f"({current}) or ({condition})")
            changed = True
        return etree.tostring(root, encoding="unicode") if changed else arch

    # =============================================================================================
    # CRUD
    # =============================================================================================
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.check_field_access_rights("create", list(vals))
            vals.update(self.browse()._customer_name_values(vals))
        partners = super().create(vals_list)
        partners.filtered(
            lambda p: p.customer_office_address or p.customer_home_address
        )._customer_sync_addresses()
        partners._customer_check_required_fields()
        return partners

    def write(self, vals):
        if any(fname in vals for fname in (*NAME_FIELDS, "name", "is_company", "type")):
            self.check_field_access_rights("write", list(vals))  # before any partial per-record write
            for partner in self:
                super(ResPartner, partner).write({**vals, **partner._customer_name_values(vals)})
            result = True
        else:
            result = super().write(vals)
        if any(fname in vals for fname in ADDRESS_FIELDS):
            self._customer_sync_addresses()
        if self._customer_condition_inputs() & vals.keys():
            self._customer_check_required_fields()
        return result

    def copy_data(self, default=None):
        if self.env.su:
            return super().copy_data(default=default)
        given = dict(default or {})
        # fields the user may not read are left out of the copy, not read (reading them is refused);
        # a placeholder in ``default`` keeps the ORM from reading them, and is dropped below
        hidden = [
            fname
            for fname, field in self._fields.items()
            if field.copy and fname not in given and not field.is_accessible(self.env)
        ]
        vals_list = super().copy_data(default={**given, **dict.fromkeys(hidden, False)})
        # nor may a copy carry values its author could not have written
        dropped = (set(hidden) | set(self._customer_unwritable_fields())) - given.keys()
        for vals in vals_list:
            for fname in dropped:
                vals.pop(fname, None)
        return vals_list
