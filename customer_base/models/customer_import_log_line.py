# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .customer_import_log import ACTION_SELECTION


class CustomerImportLogLine(models.Model):
    """What one row of an imported spreadsheet did: created or updated a customer (and which fields), was
    skipped or unchanged, or failed and why."""

    _name = "customer.import.log.line"
    _inherit = ["customer.batch.defaults.mixin"]
    _description = "Customer Import Log Row"
    _order = "log_id, row, id"

    log_id = fields.Many2one(
        "customer.import.log", string="Import", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)
    row = fields.Integer(help="The line of the file (the header is line 1).")
    action = fields.Selection(ACTION_SELECTION, string="Result", required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", ondelete="set null", index="btree_not_null"
    )
    changed_fields = fields.Char()
    reasons = fields.Text()
    cells = fields.Json(help="The row as read from the file (failed rows only), for the failed rows file.")
