# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL


class CustomerStageFunnelReport(models.Model):
    """Conversion between lifecycle stages: one row per entry of a customer into a stage of the funnel
    (customer.stage.history), with whether the customer went on to a later stage of the funnel.

    Filtered on the entry date, the rows of a stage are the customers who entered it in the period, and the
    average of ``conversion_rate`` is the share of them who reached a later stage since (a cohort, as
    Odoo's CRM reports count won opportunities by creation date). A later stage is one with a higher
    sequence among the stages "in the conversion funnel": moving to Inactive or Lost is not a conversion.
    """

    _name = "customer.stage.funnel.report"
    _description = "Customer Lifecycle Funnel"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "stage_id"

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", "Branch", readonly=True)
    stage_id = fields.Many2one("customer.lifecycle.stage", readonly=True)
    previous_stage_id = fields.Many2one("customer.lifecycle.stage", "From Stage", readonly=True)
    date = fields.Datetime("Entered", readonly=True)
    date_end = fields.Datetime("Left", readonly=True)
    user_id = fields.Many2one("res.users", "Moved by", readonly=True)
    converted_count = fields.Integer(
        "Moved Forward", readonly=True, help="1 when the customer reached a later stage of the funnel since."
    )
    conversion_rate = fields.Float(
        "Conversion (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Share of the customers entering the stage who reached a later stage of the funnel since.",
    )
    duration_days = fields.Float("Days in Stage", readonly=True, aggregator="avg", digits=(16, 1))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT h.id, h.partner_id, h.company_id, h.stage_id, h.previous_stage_id,
                           h.date_start AS date, h.date_end, h.user_id,
                           CASE WHEN forward.found THEN 1 ELSE 0 END AS converted_count,
                           CASE WHEN forward.found THEN 100.0 ELSE 0.0 END AS conversion_rate,
                           CASE WHEN h.date_end IS NULL THEN NULL ELSE h.duration_days END AS duration_days
                      FROM customer_stage_history h
                      JOIN customer_lifecycle_stage s ON s.id = h.stage_id AND s.customer_funnel
                     CROSS JOIN LATERAL (
                           SELECT EXISTS (
                                  SELECT 1
                                    FROM customer_stage_history later
                                    JOIN customer_lifecycle_stage ls ON ls.id = later.stage_id
                                   WHERE later.partner_id = h.partner_id
                                     AND (later.date_start, later.id) > (h.date_start, h.id)
                                     AND ls.customer_funnel
                                     AND ls.sequence > s.sequence
                           ) AS found
                     ) forward
                )
                """,
                view=SQL.identifier(self._table),
            )
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # the rows of the customers the user may read: the customers' own record rules and notion of
        # customer, not a copy of them
        if not self.env.su:
            Partner = self.env["res.partner"]
            customers = Partner.with_context(active_test=False)._search(Partner._customer_domain())
            domain = expression.AND([domain or [], [("partner_id", "in", customers)]])
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)
