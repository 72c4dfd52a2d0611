# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerMergeLogLine(models.Model):
    """One database row a customer merge touched: a reference moved, a duplicate link dropped, or a
    link added when two rows were combined. Written in bulk by SQL (see tools/merge_sql.py)."""

    _name = "customer.merge.log.line"
    _description = "Customer Merge Log Line"
    _order = "log_id, sequence, id"

    log_id = fields.Many2one(
        "customer.merge.log", string="Merge", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(help="Step of the merge; the undo replays the steps backwards.")
    kind = fields.Selection(
        [
            ("move", "Reference Moved"),
            ("delete", "Duplicate Row Dropped"),
            ("insert", "Row Added by Combining"),
        ],
        required=True,
    )
    table_name = fields.Char("Table", required=True)
    column_name = fields.Char("Column")
    row_id = fields.Integer("Row ID")
    # whole rows of other tables (maybe of fields the user may not read): for the undo only, read by the server
    row_data = fields.Json(
        "Row", groups=".", help="The whole row, for tables without an id and for dropped rows."
    )
    old_value = fields.Char()
    new_value = fields.Char()
