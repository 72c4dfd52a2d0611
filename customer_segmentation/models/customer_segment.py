# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime, safe_eval

from ..exceptions import SegmentCycleError

CUSTOMER_DOMAIN = [("is_customer", "=", True)]


class CustomerSegment(models.Model):
    """A group of customers for campaigns: a domain evaluated at search time (dynamic), chosen members
    (static), or other segments combined (union or intersection, minus exclusions).

    Membership is never stored for dynamic and combined segments: :meth:`_segment_domain` turns a segment
    into a domain on res.partner, which ``res.partner.segment_ids`` uses in any search.
    """

    _name = "customer.segment"
    _description = "Customer Segment"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [("dynamic", "Dynamic"), ("static", "Static"), ("combined", "Combined")],
        required=True,
        default="dynamic",
        help="Dynamic: the customers matching the conditions, whenever you look. Static: the customers "
        "chosen (or frozen from another segment). Combined: customers of other segments.",
    )
    domain = fields.Char("Conditions", default="[]", help="Which customers belong to a dynamic segment.")
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_segment_partner_rel",
        "segment_id",
        "partner_id",
        string="Members",
        domain=CUSTOMER_DOMAIN,
        help="The customers of a static segment.",
    )
    combine_mode = fields.Selection(
        [("union", "In Any of the Segments"), ("intersection", "In All the Segments")],
        string="Combination",
        default="union",
    )
    include_segment_ids = fields.Many2many(
        "customer.segment",
        "customer_segment_include_rel",
        "segment_id",
        "included_id",
        string="Segments",
        help="A combined segment holds the customers in any (union) or all (intersection) of these.",
    )
    exclude_segment_ids = fields.Many2many(
        "customer.segment",
        "customer_segment_exclude_rel",
        "segment_id",
        "excluded_id",
        string="Except Customers In",
        help="Customers of these segments are left out (difference).",
    )
    user_id = fields.Many2one("res.users", string="Owner", default=lambda self: self.env.user, index=True)
    company_id = fields.Many2one(
        "res.company",
        string="Branch",
        index=True,
        default=lambda self: self.env["res.partner"]._default_customer_company(),
        help="Empty: shared by all branches.",
    )
    audience = fields.Selection(
        [
            ("unexplored_prospect", "Unexplored Prospect"),
            ("campaign_prospect", "Prospect in a Campaign"),
            ("major", "Major Customer"),
            ("minor", "Minor Customer"),
            ("old", "Long-standing Customer"),
            ("new", "New Customer"),
        ],
        readonly=True,
        copy=False,
        help="Shipped audience: its conditions follow the thresholds in the settings.",
    )
    frozen_date = fields.Datetime("Frozen On", readonly=True, copy=False)
    frozen_from_id = fields.Many2one("customer.segment", readonly=True, copy=False)
    member_count = fields.Integer("Customers", compute="_compute_member_count")

    # =============================================================================================
    # Constraints
    # =============================================================================================
    @api.constrains("kind", "domain", "include_segment_ids", "exclude_segment_ids")
    def _check_segment_definition(self):
        for segment in self:
            if segment.kind == "combined" and not segment.include_segment_ids:
                raise ValidationError(
                    self.env._(
                        "The combined segment %(segment)s needs at least one segment.", segment=segment.name
                    )
                )
            try:
                segment.sudo()._segment_domain()
            except SegmentCycleError as error:
                raise ValidationError(str(error)) from None

    # =============================================================================================
    # Membership
    # =============================================================================================
    @api.model
    def _segment_eval_context(self):
        """Names a segment's conditions may use (relative dates). You can override this method."""
        today = fields.Date.context_today(self)
        return {
            "uid": self.env.uid,
            "user": self.env.user,
            "datetime": datetime,
            "relativedelta": relativedelta,
            "context_today": lambda: today,
            "today": today,
        }

    def _segment_conditions(self):
        """The segment's own conditions (a dynamic segment's domain) as a list."""
        self.ensure_one()
        try:
            domain = safe_eval(self.domain or "[]", self._segment_eval_context())
        except Exception as error:  # noqa: BLE001 - any evaluation error is a user's mistake
            raise UserError(
                self.env._(
                    "The conditions of the segment %(segment)s cannot be read: %(error)s",
                    segment=self.name,
                    error=error,
                )
            ) from None
        if not isinstance(domain, list | tuple):
            raise UserError(
                self.env._("The conditions of the segment %(segment)s are not a domain.", segment=self.name)
            )
        return list(domain)

    def _segment_domain(self, _path=()):
        """A domain on res.partner giving the segment's members (customers only), evaluated when used.

        :param _path: the segments being expanded above this one, to refuse cycles
        """
        self.ensure_one()
        if self.id in _path:
            names = self.browse([*_path, self.id]).with_context(active_test=False).mapped("name")
            raise SegmentCycleError(
                self.env._("Segments cannot contain themselves: %(cycle)s.", cycle=" → ".join(names))
            )
        path = (*_path, self.id) if self.id else _path
        if self.kind == "static":
            own = [("customer_static_segment_ids", "in", self.ids)] if self.id else expression.FALSE_DOMAIN
        elif self.kind == "combined":
            parts = [segment._segment_domain(path) for segment in self.include_segment_ids]
            if not parts:
                own = expression.FALSE_DOMAIN
            elif self.combine_mode == "intersection":
                own = expression.AND(parts)
            else:
                own = expression.OR(parts)
            for excluded in self.exclude_segment_ids:
                own = expression.AND(
                    [own, ["!", *expression.normalize_domain(excluded._segment_domain(path))]]
                )
        else:
            own = self._segment_expand(self._segment_conditions(), path) or expression.TRUE_DOMAIN
        # the suite's one notion of customer (customer_base)
        return expression.AND([self.env["res.partner"]._customer_domain(), own])

    @api.model
    def _segment_expand(self, domain, path=()):
        """``domain`` with its "in segment" conditions replaced by those segments' domains, so that a
        segment using another one is checked for cycles and searched in one query."""
        expanded = []
        for leaf in domain:
            if (
                isinstance(leaf, list | tuple)
                and len(leaf) == 3
                and leaf[0] == "segment_ids"
                and leaf[1] in ("in", "not in", "=", "!=")
            ):
                expanded.extend(self._segment_leaf_domain(leaf[1], leaf[2], path))
            else:
                expanded.append(leaf)
        return expanded

    @api.model
    def _segment_leaf_domain(self, operator, value, path=()):
        """The domain of ("segment_ids", operator, value): customers in (or not in) the segments."""
        if isinstance(value, str):
            segments = self.search([("name", "ilike", value)])
        else:
            ids = value if isinstance(value, list | tuple) else [value]
            segments = self.browse([i for i in ids if i])
        domains = []
        for segment in segments:
            # no exists() query per search: the fields read below are usually cached already
            try:
                domains.append(segment._segment_domain(path))
            except MissingError:
                continue  # a deleted segment (e.g. in an old favourite filter) holds nobody
        domain = expression.OR(domains) if domains else expression.FALSE_DOMAIN
        if operator in ("not in", "!="):
            return ["!", *expression.normalize_domain(domain)]
        return expression.normalize_domain(domain)

    def _compute_member_count(self):
        Partner = self.env["res.partner"]
        for segment in self:
            try:
                segment.member_count = Partner.search_count(segment._segment_domain())
            except (AccessError, UserError, ValueError):
                segment.member_count = 0

    # =============================================================================================
    # Actions
    # =============================================================================================
    def action_view_members(self):
        """The segment's customers in the customers list."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_base.action_customers")
        action.update(
            {
                "name": self.name,
                "domain": [("segment_ids", "in", self.ids)],
                "view_mode": "list,kanban,form",
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
                "context": {"default_is_company": True},
            }
        )
        return action

    def action_freeze(self):
        """A static segment holding the segment's customers of now."""
        self.ensure_one()
        now = fields.Datetime.now()
        frozen = self.create(
            {
                "name": self.env._(
                    "%(segment)s (frozen %(date)s)", segment=self.name, date=fields.Date.to_string(now)
                ),
                "kind": "static",
                "description": self.description,
                "frozen_date": now,
                "frozen_from_id": self.id,
            }
        )
        frozen._segment_add_members(self._segment_domain())
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": frozen.id,
            "view_mode": "form",
            "target": "current",
        }

    def _segment_add_members(self, domain):
        """Add the customers of ``domain`` the current user may see to this static segment, in one SQL
        statement (a frozen segment may hold hundreds of thousands of customers)."""
        self.ensure_one()
        if self.kind != "static":
            raise UserError(self.env._("Only static segments have chosen members."))
        self.check_access("write")
        query = self.env["res.partner"]._search(domain)
        self.env.cr.execute(
            SQL(
                "INSERT INTO customer_segment_partner_rel (segment_id, partner_id) %s ON CONFLICT DO NOTHING",
                query.select(SQL("%s", self.id), SQL.identifier(query.table, "id")),
            )
        )
        self.invalidate_recordset(["partner_ids", "member_count"])
        self.env["res.partner"].invalidate_model(["customer_static_segment_ids", "segment_ids"])

    @api.model
    def _refresh_audience_domains(self):
        """Write the conditions of the shipped audiences from the thresholds in the settings."""
        domains = self._audience_domains()
        for segment in self.sudo().with_context(active_test=False).search([("audience", "!=", False)]):
            if segment.audience in domains:
                segment.domain = domains[segment.audience]

    @api.model
    def _audience_domains(self):
        """{audience: domain text} from the settings. You can override this method."""
        params = self.env["ir.config_parameter"].sudo()
        basis = params.get_param("customer_segmentation.major_basis", "purchases")
        if basis == "rating":
            threshold = int(params.get_param("customer_segmentation.major_rating", 8))
            field = "customer_rating"
        else:
            threshold = int(params.get_param("customer_segmentation.major_purchases", 10))
            field = "customer_purchase_count"
        months = int(params.get_param("customer_segmentation.new_customer_months", 12))
        since = f"(context_today() - relativedelta(months={months})).strftime('%Y-%m-%d')"
        prospect = ("lifecycle_stage_id.code", "=", "prospect")
        campaign = []
        tag_id = int(params.get_param("customer_segmentation.campaign_tag_id", 0) or 0)
        segment_id = int(params.get_param("customer_segmentation.campaign_segment_id", 0) or 0)
        if tag_id:
            campaign.append([("category_id", "in", [tag_id])])
        if segment_id:
            campaign.append([("segment_ids", "in", [segment_id])])
        return {
            "unexplored_prospect": repr([prospect, ("customer_interaction_ids", "=", False)]),
            "campaign_prospect": repr(
                expression.AND([[prospect], expression.OR(campaign) if campaign else expression.FALSE_DOMAIN])
            ),
            "major": repr([(field, ">=", threshold)]),
            "minor": repr([(field, "<", threshold), ("customer_purchase_count", ">", 0)]),
            # a relative date: evaluated each time the segment is used
            "old": f"[('customer_since', '<', {since})]",
            "new": f"[('customer_since', '>=', {since})]",
        }
