# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

from odoo import api, fields, models

from ..tools import import_match
from .customer_import_template import column_header

MATCH_KEY_SELECTION = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("vat", "Tax ID"),
    ("ref", "Internal Reference"),
    ("name_city", "Name and City"),
]
ACTION_SELECTION = [
    (import_match.CREATE, "Create"),
    (import_match.UPDATE, "Update"),
    (import_match.UNCHANGED, "Unchanged"),
    (import_match.SKIP, "Skip"),
    (import_match.ERROR, "Failed"),
]


class CustomerImportLog(models.Model):
    """One import (or one preview) of a customer spreadsheet: the file, who ran it and with which options,
    what each row did, and the failed rows ready to be fixed and imported again.

    Written by the import (``base_import.import.execute_import``) with ``sudo()`` once the import itself
    ran as the user: users only read logs (their own; managers every log of their branches)."""

    _name = "customer.import.log"
    _description = "Customer Import Log"
    _order = "id desc"

    name = fields.Char("File Name", readonly=True)
    preview = fields.Boolean(readonly=True, help="A test run (Test / Probar): nothing was written.")
    user_id = fields.Many2one("res.users", string="Imported By", readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", string="Branch", readonly=True, index=True, help="The company the import ran in."
    )
    date = fields.Datetime("Imported On", readonly=True, default=fields.Datetime.now)
    file = fields.Binary(attachment=True, readonly=True)
    import_id = fields.Integer("Import Wizard", readonly=True, index=True)
    match_key = fields.Selection(MATCH_KEY_SELECTION, string="Matched By", readonly=True)
    only_update = fields.Boolean(readonly=True)
    clear_empty = fields.Boolean("Empty Cells Empty Fields", readonly=True)
    valid_rows = fields.Boolean(
        "Import the Valid Rows", readonly=True, help="Off: all or nothing (nothing written if a row fails)."
    )
    header = fields.Json(readonly=True, help="The imported columns (field paths), for the failed rows file.")
    line_ids = fields.One2many("customer.import.log.line", "log_id", string="Rows", readonly=True)
    created_count = fields.Integer("Created", readonly=True)
    updated_count = fields.Integer("Updated", readonly=True)
    unchanged_count = fields.Integer("Unchanged", readonly=True)
    skipped_count = fields.Integer("Skipped", readonly=True)
    failed_count = fields.Integer("Failed", readonly=True)
    written = fields.Boolean(
        readonly=True, help="Whether rows were written (not a preview, and not stopped by a failed row)."
    )

    COUNTS = {
        import_match.CREATE: "created_count",
        import_match.UPDATE: "updated_count",
        import_match.UNCHANGED: "unchanged_count",
        import_match.SKIP: "skipped_count",
        import_match.ERROR: "failed_count",
    }

    @api.model
    def _customer_add_batch(self, log, plan, skip, has_headers, written):
        """Record a batch of the import in ``log`` (sudo): one line per row, the counts added."""
        lines = []
        for row in plan.rows:
            reasons = "\n".join(dict.fromkeys(m["message"] for m in row.messages if m.get("message")))
            lines.append(
                {
                    "log_id": log.id,
                    # the log's (a related field, else filled by one more UPDATE of every line: half the time)
                    "company_id": log.company_id.id,
                    "row": import_match.row_number(row.first, skip, has_headers),
                    "action": row.action,
                    "partner_id": row.partner_id or False,
                    "changed_fields": ", ".join(self._customer_field_label(f) for f in row.changed),
                    "reasons": reasons or False,
                    "cells": row.cells if row.action == import_match.ERROR else False,
                }
            )
        self.env["customer.import.log.line"].create(lines)
        counts = plan.counts()
        log.write(
            {
                **{fname: log[fname] + counts[action] for action, fname in self.COUNTS.items()},
                "written": log.written or written,
            }
        )

    @api.model
    def _customer_field_label(self, path):
        fname = path.split("/")[0]
        field = self.env["res.partner"]._fields.get(fname)
        return field._description_string(self.env) if field else path

    def _customer_header_labels(self):
        """Headers of a spreadsheet for these columns that the import maps back automatically."""
        labels = []
        for path in self.header or []:
            parts = path.split("/")
            label = column_header(parts[0], self._customer_field_label(parts[0]))
            labels.append(label if len(parts) == 1 else "/".join([parts[0], *parts[1:]]))
        return labels

    def action_download_failed_rows(self):
        """The failed rows as a spreadsheet, with their reasons in a last column: fix them and import it."""
        self.ensure_one()
        content = self._customer_failed_rows_xlsx()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "failed-rows-%(name)s.xlsx", name=(self.name or str(self.id)).rsplit(".", 1)[0]
                    ),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }
            )
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true&access_token={attachment.generate_access_token()[0]}",
            "target": "self",
        }

    def _customer_failed_rows_xlsx(self):
        import xlsxwriter  # noqa: PLC0415 - in Odoo's requirements, only needed here

        stream = io.BytesIO()
        book = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_formulas": False})
        sheet = book.add_worksheet(self.env._("Failed rows"))
        bold = book.add_format({"bold": True})
        header = [*self._customer_header_labels(), self.env._("Reasons")]
        for col, label in enumerate(header):
            sheet.write_string(0, col, label, bold)
        out = 1
        for line in self.line_ids.filtered(lambda line: line.action == import_match.ERROR):
            for offset, cells in enumerate(line.cells or [[]]):
                for col, value in enumerate(cells):
                    sheet.write_string(out, col, "" if value in (None, False) else str(value))
                if offset == 0:
                    sheet.write_string(out, len(header) - 1, line.reasons or "")
                out += 1
        book.close()
        return stream.getvalue()

    def action_open_rows(self):
        """The rows of this import in a list, the failed ones first."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rows of %(name)s", name=self.name or ""),
            "res_model": "customer.import.log.line",
            "view_mode": "list",
            "domain": [("log_id", "=", self.id)],
        }
