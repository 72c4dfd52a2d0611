# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL


class ResPartner(models.Model):
    """With Invoicing, a supplier that was never invoiced or sold to is not a customer."""

    _inherit = "res.partner"

    @api.model
    def _customer_is_customer_depends(self):
        return [*super()._customer_is_customer_depends(), "supplier_rank", "customer_rank"]

    def _customer_is_customer_auto(self):
        supplier_only = self.supplier_rank > 0 and not self.customer_rank
        return super()._customer_is_customer_auto() and not supplier_only

    @api.model
    def _customer_is_customer_auto_sql(self, alias):
        partner = SQL.identifier(alias)
        return SQL(
            "(%(rule)s AND NOT (COALESCE(%(p)s.supplier_rank, 0) > 0 AND COALESCE(%(p)s.customer_rank, 0) = 0))",
            rule=super()._customer_is_customer_auto_sql(alias),
            p=partner,
        )
