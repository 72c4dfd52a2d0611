# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression


class CustomerQualityKpi(models.Model):
    """A data-quality indicator of the Tablero de clientes: how many customers (or their average
    completeness) fall under it, computed when read, as the user reading it (record rules and field policy).

    The customers behind an indicator come from ``res.partner._customer_quality_domains()``, keyed by
    ``code``; an indicator whose code has no domain there (expired consents without customer_consent, pending
    duplicates for a role that may not see them) is not listed.
    """

    _name = "customer.quality.kpi"
    _description = "Customer Data-Quality Indicator"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Key of the indicator's customers in res.partner.")
    sequence = fields.Integer(default=10)
    description = fields.Char(translate=True)
    measure = fields.Selection(
        [("count", "Number of Customers"), ("completeness", "Average Completeness")],
        required=True,
        default="count",
    )
    customer_count = fields.Integer("Customers", compute="_compute_value")
    share = fields.Float("Share of Customers (%)", compute="_compute_value", digits=(16, 1))
    value = fields.Float(compute="_compute_value", digits=(16, 1))

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another data-quality indicator already uses this code."),
    ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        available = list(self.env["res.partner"]._customer_quality_domains())
        domain = expression.AND([domain or [], [("code", "in", available)]])
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    def _kpi_customer_domain(self):
        """The domain of the customers behind this indicator (nobody if it is not available)."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        own = Partner._customer_quality_domains().get(self.code, expression.FALSE_DOMAIN)
        return expression.AND([Partner._customer_domain(), own])

    def _compute_value(self):
        Partner = self.env["res.partner"]
        domains = Partner._customer_quality_domains()
        customers = Partner._customer_domain()
        total = Partner.search_count(customers) if self else 0
        for kpi in self:
            own = domains.get(kpi.code, expression.FALSE_DOMAIN)
            count = Partner.search_count(expression.AND([customers, own])) if own else total
            kpi.customer_count = count
            kpi.share = 100.0 * count / total if total else 0.0
            if kpi.measure == "completeness":
                [(average,)] = Partner._read_group(
                    expression.AND([customers, own]), aggregates=["customer_completeness:avg"]
                )
                kpi.value = average or 0.0
            else:
                kpi.value = count

    def action_open_customers(self):
        """The customers behind the indicator (for the completeness, their distribution)."""
        self.ensure_one()
        if self.measure == "completeness":
            xmlid = "customer_segmentation.action_customer_dashboard_completeness"
        else:
            xmlid = "customer_base.action_customers"
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update(
            {
                "name": self.name,
                "domain": self._kpi_customer_domain(),
                "context": {"default_is_company": True},
            }
        )
        if self.measure != "completeness":
            action.update(
                {
                    "view_mode": "list,kanban,form",
                    "views": [(False, "list"), (False, "kanban"), (False, "form")],
                }
            )
        return action
