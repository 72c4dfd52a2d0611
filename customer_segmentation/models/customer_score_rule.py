# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from collections import defaultdict
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime, safe_eval

from ..tools.scoring import grade_sql, score_sql

_logger = logging.getLogger(__name__)

SCORE_BATCH = 20000


class ScoreRun(NamedTuple):
    processed: int
    changed: int
    last_id: int | None


class CustomerScoreRule(models.Model):
    """Points a customer earns for meeting a condition; their sum (0–100) is the business potential."""

    _name = "customer.score.rule"
    _description = "Customer Score Rule"
    _order = "group, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    group = fields.Selection(
        [("fit", "Fit"), ("engagement", "Engagement")],
        required=True,
        default="fit",
        help="Fit: who the customer is (profile). Engagement: what the customer does (purchases, contacts).",
    )
    domain = fields.Char("Conditions", required=True, default="[]")
    points = fields.Integer(required=True, default=10, help="May be negative to take points away.")

    @api.constrains("domain")
    def _check_domain(self):
        Partner = self.env["res.partner"]
        for rule in self:
            try:
                Partner.search_count(expression.AND([rule._score_domain(), [("id", "=", 0)]]))
            except (ValueError, SyntaxError, NameError, TypeError, UserError) as error:
                raise ValidationError(
                    self.env._("The conditions of the score rule %(rule)s are not valid: %(error)s",
                               rule=rule.name, error=error)
                ) from None  # fmt: skip

    def _score_domain(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        context = {
            "datetime": datetime,
            "relativedelta": relativedelta,
            "context_today": lambda: today,
            "today": today,
        }
        domain = safe_eval(self.domain or "[]", context)
        return self.env["customer.segment"]._segment_expand(list(domain)) or expression.TRUE_DOMAIN

    # =============================================================================================
    # Which fields the rules read: a change of one of them recomputes the customer's score
    # =============================================================================================
    @api.model
    @tools.ormcache()
    def _score_fields(self):
        Partner = self.env["res.partner"]
        names = set()
        for rule in self.sudo().search([("points", "!=", 0)]):
            names |= rule._score_read_fields()
        for name in list(names):
            field = Partner._fields.get(name)
            if field and field.compute:
                names.update(dep.split(".")[0] for dep in Partner.pool.field_depends[field])
        names.add("is_customer")
        return frozenset(names)

    def _score_read_fields(self):
        """Names of the res.partner fields the rule's conditions start from."""
        self.ensure_one()
        return {
            leaf[0].split(".")[0]
            for leaf in expression.normalize_domain(self._score_domain())
            if isinstance(leaf, list | tuple) and len(leaf) == 3 and isinstance(leaf[0], str)
        }

    def _score_readable_by(self, env):
        """The rules whose conditions read only fields the user of ``env`` may read: the explanation of a
        score never tells a user about a field the field policy hides from them."""
        fields_ = env["res.partner"]._fields
        return self.filtered(
            lambda rule: all(
                name not in fields_ or fields_[name].is_accessible(env) for name in rule._score_read_fields()
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self._score_rules_changed()
        return rules

    def write(self, vals):
        result = super().write(vals)
        self._score_rules_changed()
        return result

    def unlink(self):
        result = super().unlink()
        self._score_rules_changed()
        return result

    @api.model
    def _score_rules_changed(self):
        """The rules changed: forget which fields they read, and have the scores recomputed in the
        background by the nightly job, started now (at 1M customers a full recompute takes about a minute)."""
        self.env.registry.clear_cache()
        cron = self.env.ref("customer_segmentation.ir_cron_recompute_scores", raise_if_not_found=False)
        if cron:
            self.env["ir.config_parameter"].sudo().set_param("customer_segmentation.score_cron_last_id", 0)
            cron.sudo()._trigger()

    # =============================================================================================
    # Recompute, set-based: per batch, one search per rule, then one UPDATE
    # =============================================================================================
    @api.model
    def _score_matching_rules(self, partners):
        """{partner id: [rule ids]} of the active rules each of ``partners`` meets."""
        matched = defaultdict(list)
        ids = [pid for pid in partners.ids if isinstance(pid, int)]
        if not ids:
            return matched
        Partner = partners.env["res.partner"].sudo().with_context(active_test=False)
        for rule in self.sudo().search([("points", "!=", 0)]):
            for pid in Partner.search(expression.AND([rule._score_domain(), [("id", "in", ids)]])).ids:
                matched[pid].append(rule.id)
        return matched

    @api.model
    def _score_recompute(self, ids=None, id_range=None):
        """Recompute and store the score of the partners ``ids`` (or of the id range ``(first, last)``).

        One SQL statement: each active rule's domain becomes a subquery (Odoo's own ``_search``) giving the
        ids it matches in the batch; their points are summed per customer and only the rows whose score
        changed are written (an UPDATE of res_partner touches every index of the table: writing unchanged
        scores every night would cost the most). Integrity work: sudo, archived partners included; the
        values do not touch ``write_date``.
        :return: the number of partners whose score changed
        """
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        # the subqueries read the tables: pending ORM writes first (Odoo's _search does not flush)
        self.env.flush_all()
        if id_range:
            scope = [("id", ">=", id_range[0]), ("id", "<=", id_range[1])]
        else:
            scope = [("id", "in", list(ids or []))]
        customers = Partner._search(expression.AND([scope, [("is_customer", "=", True)]]))
        matches = []
        for rule in self.sudo().search([("points", "!=", 0)]):
            query = Partner._search(
                expression.AND([scope, rule._score_domain(), [("is_customer", "=", True)]])
            )
            matches.append(
                query.select(
                    SQL("%s AS id", SQL.identifier(query.table, "id")),
                    SQL("%s AS points", rule.points),
                    SQL("%s AS fit", rule.group == "fit"),
                )
            )
        if not matches:
            matches = [SQL("SELECT NULL::int AS id, 0 AS points, TRUE AS fit WHERE FALSE")]
        points = SQL("COALESCE(m.fit, 0) + COALESCE(m.engagement, 0)")
        cr = self.env.cr
        cr.execute(
            SQL(
                """UPDATE res_partner p
                      SET customer_score = v.score, customer_score_grade = v.grade,
                          customer_score_fit = v.fit, customer_score_engagement = v.engagement
                     FROM (SELECT c.id, %(score)s AS score, %(grade)s AS grade,
                                  COALESCE(m.fit, 0) AS fit, COALESCE(m.engagement, 0) AS engagement
                             FROM (%(customers)s) c
                        LEFT JOIN (SELECT id, SUM(points) FILTER (WHERE fit) AS fit,
                                          SUM(points) FILTER (WHERE NOT fit) AS engagement
                                     FROM (%(matches)s) r GROUP BY id) m ON m.id = c.id) v
                    WHERE p.id = v.id AND %(rows)s
                      AND (p.customer_score, p.customer_score_grade, p.customer_score_fit,
                           p.customer_score_engagement) IS DISTINCT FROM (v.score, v.grade, v.fit, v.engagement)""",
                score=score_sql(points),
                grade=grade_sql(score_sql(points)),
                customers=customers.select(SQL.identifier(customers.table, "id")),
                matches=SQL(" UNION ALL ").join(matches),
                # the batch's rows of res_partner by its primary key: PostgreSQL cannot carry the range of the
                # subquery over to p, and without it scanned the whole table for each batch (2.5 s of 3.1 s
                # per 20,000 partners at 1M, EXPLAIN ANALYZE)
                rows=SQL("p.id BETWEEN %s AND %s", *id_range)
                if id_range
                else SQL("p.id = ANY(%s)", list(ids or [])),
            )
        )
        written = cr.rowcount
        # partners no longer customers lose their score
        cr.execute(
            SQL(
                "UPDATE res_partner SET customer_score = NULL, customer_score_grade = NULL, customer_score_fit = NULL,"
                " customer_score_engagement = NULL WHERE %s AND NOT COALESCE(is_customer, FALSE)"
                " AND customer_score IS NOT NULL",
                SQL("id BETWEEN %s AND %s", *id_range) if id_range else SQL("id = ANY(%s)", list(ids or [])),
            )
        )
        Partner.invalidate_model(
            ["customer_score", "customer_score_grade", "customer_score_fit", "customer_score_engagement"]
        )
        return written

    @api.model
    def _score_recompute_all(self, batch_size=SCORE_BATCH, start_id=0, limit_batches=None):
        """Recompute every customer's score in id ranges of ``batch_size`` partners, from ``start_id``.

        :return: a ScoreRun (partners looked at, scores changed, the last id done or None when finished)
        """
        cr = self.env.cr
        run = ScoreRun(0, 0, start_id)
        batches = 0
        while limit_batches is None or batches < limit_batches:
            cr.execute(
                "SELECT max(id), count(*) FROM (SELECT id FROM res_partner WHERE id > %s ORDER BY id LIMIT %s) s",
                [run.last_id, batch_size],
            )
            top, count = cr.fetchone()
            if top is None:
                return run._replace(last_id=None)
            changed = self._score_recompute(id_range=(run.last_id + 1, top))
            run = ScoreRun(run.processed + count, run.changed + changed, top)
            batches += 1
        return run

    @api.model
    def _cron_recompute_customer_scores(self, batch_size=SCORE_BATCH, batches_per_run=10):
        """Nightly: every customer's score (relative dates such as "contact in the last 90 days" move on
        their own). Resumes where the previous run stopped, through Odoo's cron progress."""
        params = self.env["ir.config_parameter"].sudo()
        start = int(params.get_param("customer_segmentation.score_cron_last_id", 0) or 0)
        run = self._score_recompute_all(batch_size, start, batches_per_run)
        params.set_param("customer_segmentation.score_cron_last_id", run.last_id or 0)
        remaining = 0
        if run.last_id is not None:
            self.env.cr.execute("SELECT count(*) FROM res_partner WHERE id > %s", [run.last_id])
            remaining = self.env.cr.fetchone()[0]
        _logger.info(
            "Customer scores: %s partners, %s changed, %s left", run.processed, run.changed, remaining
        )
        self.env["ir.cron"]._notify_progress(done=run.processed, remaining=remaining)
