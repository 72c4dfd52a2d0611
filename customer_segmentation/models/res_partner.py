# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.query import Query
from odoo.tools.sql import create_index, index_exists

from odoo.addons.customer_base.tools.server_scope import defer_to_batch

from ..tools.scoring import GRADES

RATING_HIGH_PARAM = "customer_segmentation.rating_high"
RATING_LOW_PARAM = "customer_segmentation.rating_low"
# Indexes for the fields segments filter on most (stock Odoo indexes neither the city nor the rating): at 1M
# partners a sequential scan of res_partner takes 0.6 s, with them "Recurrentes con calificación > 7 en
# Bogotá" is a BitmapAnd of the two. Built at install by one CREATE INDEX each (a few seconds at 1M).
# - The city, with the id and the two flags every customer list filters on (active, is_customer) kept in the
#   index: one city's customers are read from the index alone, in id order (a campaign list of one city, the
#   consent check merging it with the consents), and it serves a city condition in a bitmap scan as well.
CITY_INDEX = "res_partner_city_customer_index"
# - The customer type with the rating: "recurrent with a rating above 7" (V1–V4, the audiences) is one range of
#   it. Only typed partners: the others are never looked up by it, and on a base installed onto it starts
#   empty (no type yet).
TYPE_RATING_INDEX = "res_partner_customer_type_rating_index"
SEGMENT_INDEXES = (CITY_INDEX, TYPE_RATING_INDEX)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = [
        "res.partner",
        "customer.calendar.mixin",
        "customer.segment.groupby.mixin",
        "customer.quality.mixin",
    ]

    # --- Segments: membership evaluated at search time, never stored (except static members) ------
    segment_ids = fields.Many2many(
        "customer.segment",
        string="Segments",
        compute="_compute_segment_ids",
        search="_search_segment_ids",
        help="The segments this customer belongs to now.",
    )
    customer_static_segment_ids = fields.Many2many(
        "customer.segment",
        "customer_segment_partner_rel",
        "partner_id",
        "segment_id",
        string="Static Segments",
        copy=False,
    )
    customer_rating_band = fields.Selection(
        [("high", "High"), ("normal", "Normal"), ("low", "Low")],
        string="Rating Band",
        compute="_compute_customer_rating_band",
        help="For the list colours; thresholds in the settings.",
    )

    # --- Business-potential score (written by customer.score.rule._score_recompute, in SQL) -------
    customer_score = fields.Integer(
        "Business Potential", readonly=True, copy=False, aggregator="avg", index=True,
        help="0–100: the points of the score rules this customer meets.",
    )  # fmt: skip
    customer_score_fit = fields.Integer("Fit Points", readonly=True, copy=False, aggregator="avg")
    customer_score_engagement = fields.Integer(
        "Engagement Points", readonly=True, copy=False, aggregator="avg"
    )
    customer_score_grade = fields.Selection(
        [(grade.code, grade.code) for grade in GRADES],
        string="Potential Grade",
        readonly=True,
        copy=False,
        index=True,
    )
    customer_score_rule_ids = fields.Many2many(
        "customer.score.rule",
        string="Score Explained",
        compute="_compute_customer_score_rule_ids",
        help="The score rules this customer meets now.",
    )

    def init(self):
        result = super().init()
        cr = self.env.cr
        if not index_exists(cr, CITY_INDEX):
            cr.execute(
                SQL(
                    "CREATE INDEX %s ON %s (city, id) INCLUDE (active, is_customer) WHERE city IS NOT NULL",
                    SQL.identifier(CITY_INDEX),
                    SQL.identifier(self._table),
                )
            )
        create_index(
            cr,
            TYPE_RATING_INDEX,
            self._table,
            ["customer_type_id", "customer_rating"],
            where="customer_type_id IS NOT NULL",
        )
        return result

    # =============================================================================================
    # Segments
    # =============================================================================================
    def _compute_segment_ids(self):
        """One search per segment over these partners (a form, a page of a list)."""
        members = {partner.id: [] for partner in self}
        real_ids = [pid for pid in self.ids if isinstance(pid, int)]
        if real_ids:
            for segment in self.env["customer.segment"].search([("active", "=", True)]):
                try:
                    domain = expression.AND([segment._segment_domain(), [("id", "in", real_ids)]])
                    found = self.with_context(active_test=False).search(domain)
                except (AccessError, UserError, ValueError):
                    continue
                for pid in found.ids:
                    members[pid].append(segment.id)
        for partner in self:
            partner.segment_ids = [(6, 0, members.get(partner.id, []))]

    def _search_segment_ids(self, operator, value):
        Segment = self.env["customer.segment"]
        empty = value is False or value is None or (operator in ("any", "not any") and not value)
        # Odoo passes "any"/"not any" on segments as "in"/"not in" a query of segments
        by_domain = operator in ("any", "not any") or isinstance(value, Query)
        if by_domain or (empty and operator in ("=", "!=")):
            # in some / in none of the segments (of those matching a domain on segments): the segments of the
            # group-by on segments, so that its "None" group ("not any") holds what it counted
            chosen = None
            if not empty:
                chosen = set(Segment.search(value if isinstance(value, list) else [("id", "in", value)]).ids)
            groups = [
                group
                for group in self._segment_member_groups()
                if chosen is None or group.segment.id in chosen
            ]
            if operator in ("not any", "not in", "="):
                return self._segment_in_none_domain(groups)
            return expression.OR([group.domain for group in groups]) if groups else expression.FALSE_DOMAIN
        if operator in ("ilike", "not ilike", "like", "not like", "=like", "=ilike"):
            segments = Segment.search([("name", operator.replace("not ", ""), value)])
            operator = "not in" if operator.startswith("not") else "in"
            value = segments.ids
        if operator not in ("in", "not in", "=", "!="):
            raise UserError(self.env._("Unsupported search on segments: %s", operator))
        return Segment._segment_leaf_domain(operator, value)

    # =============================================================================================
    # Rating colours
    # =============================================================================================
    @api.depends("customer_rating")
    def _compute_customer_rating_band(self):
        params = self.env["ir.config_parameter"].sudo()
        high = int(params.get_param(RATING_HIGH_PARAM, 9))
        low = int(params.get_param(RATING_LOW_PARAM, 3))
        for partner in self:
            rating = partner.customer_rating
            partner.customer_rating_band = "high" if rating >= high else "low" if rating <= low else "normal"

    # =============================================================================================
    # Score
    # =============================================================================================
    def _compute_customer_score_rule_ids(self):
        Rule = self.env["customer.score.rule"]
        matched = Rule._score_matching_rules(self)
        shown = set(
            Rule.sudo()
            .browse({rid for ids in matched.values() for rid in ids})
            ._score_readable_by(self.env)
            .ids
        )
        for partner in self:
            partner.customer_score_rule_ids = [
                (6, 0, [rid for rid in matched.get(partner.id, []) if rid in shown])
            ]

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._customer_score_refresh(set().union(*vals_list) if vals_list else set())
        return partners

    def write(self, vals):
        result = super().write(vals)
        self._customer_score_refresh(set(vals))
        return result

    def _customer_score_refresh(self, fnames):
        """Recompute the score of these partners when a field the score rules read changed."""
        Rule = self.env["customer.score.rule"]
        # an import batch recomputes the scores of its rows once, at its end
        if (
            self
            and fnames & Rule._score_fields()
            and not defer_to_batch("customer_score", Rule.sudo()._score_recompute, self.ids)
        ):
            Rule._score_recompute(self.ids)
