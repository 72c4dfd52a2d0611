# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Odoo's import screen (base_import) for customers: the customer options of the import side panel handed to
``res.partner.load``, an import log per import or preview, and clear refusals of files that cannot be
imported as they are."""

import base64
import contextlib
import hashlib
import re
import threading
from collections import OrderedDict

from odoo import models
from odoo.exceptions import UserError

from ..models.res_partner_import import OPTIONS_CONTEXT
from ..tools import import_match
from ..tools.server_scope import rolling_back

PARTNER = "res.partner"
MAX_FILE_MB = 50
MAX_COLUMNS = 500
# Characters that separate the columns of a csv written with another separator than the one read with.
# The import screen sends each batch of 2,000 rows as its own call, and base_import reads the whole file again
# for each (a 100,000-row .xlsx: 50 reads). The last files read are kept per process, keyed by the file's
# digest and the reading options; a batch served by another worker reads the file itself.
PARSED_FILES = OrderedDict()
PARSED_FILES_MAX = 2
PARSED_FILES_LOCK = threading.Lock()
READ_OPTIONS = ("sheet", "separator", "encoding", "quoting", "has_headers")
SEPARATORS = (";", ",", "\t", "|", "#", ":", "^", "~")
# A text cell a spreadsheet program would have evaluated: "=SUM(A1:A3)", "=A1*2", "=HYPERLINK(…)".
FORMULA = re.compile(r"^=\s*([A-Za-z_][A-Za-z0-9_.]*\s*\(|\$?[A-Za-z]{1,3}\$?\d+)")


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    # =============================================================================================
    # Import
    # =============================================================================================
    def execute_import(self, fields, columns, options, dryrun=False):
        if self.res_model != PARTNER:
            return super().execute_import(fields, columns, options, dryrun=dryrun)
        raw = {name: options.pop(name, None) for name in import_match.OPTION_NAMES}
        customer_options = import_match.parse_options(raw)
        if customer_options is None:
            return super().execute_import(fields, columns, options, dryrun=dryrun)
        this = self.with_context(**{OPTIONS_CONTEXT: import_match.options_dict(customer_options)})
        skip, has_headers = options.get("skip") or 0, bool(options.get("has_headers"))
        with rolling_back() if dryrun else contextlib.nullcontext():
            result = super(BaseImportImport, this).execute_import(fields, columns, options, dryrun=dryrun)
        plan = result.pop("customer_import_plan", None)
        if dryrun:
            # the savepoint is rolled back, the cache is not: the next batch must compare with the database
            self.env.invalidate_all()
        if plan is None:  # refused before load (no field mapped, a cell that does not parse…)
            return result
        for message in result.get("messages") or ():
            if message.get("rows"):
                message["record"] = import_match.row_number(message["rows"]["from"], skip, has_headers)
        written = not dryrun and result.get("ids") is not False
        if not written:  # rolled back: the customers it created are gone
            for row in plan.rows:
                if row.action == import_match.CREATE:
                    row.partner_id = None
        log = self._customer_import_log(fields, customer_options, dryrun, skip)
        log._customer_add_batch(log, plan, skip, has_headers, written)
        result["customer_import"] = {
            "log_id": log.id,
            "preview": dryrun,
            "counts": {
                action: log[fname] for action, fname in self.env["customer.import.log"].COUNTS.items()
            },
            "written": log.written,
        }
        return result

    def _convert_import_data(self, fields, options):
        """The rows of this batch, not every row left in the file: base_import hands each batch the rest of
        the file, which it then converts, merges and copies again (a 100,000-row file: 50 batches over
        2.5 million rows, where load reads 100,000). Kept: the batch's rows, the lines that continue its
        last record, and one more row, by which load knows that rows follow."""
        data, import_fields = super()._convert_import_data(fields, options)
        limit = options.get("limit")
        if self.res_model != PARTNER or not limit or len(data) <= limit + 1:
            return data, import_fields
        end = limit
        while end < len(data) and self._customer_continues_record(import_fields, data[end]):
            end += 1
        return data[: end + 1], import_fields

    def _customer_continues_record(self, import_fields, row):
        """Whether ``load`` reads ``row`` as a continuation line of the record above (its one2many lines):
        a row with values only in relational columns. Columns whose field is not known here (properties)
        count as relational: more rows are kept, never fewer."""
        fields_ = self.env[self.res_model]._fields
        for path, value in zip(import_fields, row, strict=False):
            field = fields_.get(path.split("/")[0])
            if value and field is not None and not field.relational:
                return False
        return any(row)

    def _customer_import_log(self, fields, customer_options, dryrun, skip):
        """The log of this import run: a new one on its first batch, else the one its first batch opened.

        Written with ``sudo()``: the rows were just loaded as the user (their access checked by ``load``),
        and users only read logs."""
        self.env["res.partner"].check_access("create")
        Log = self.env["customer.import.log"].sudo()
        if skip:
            log = Log.search(
                [("import_id", "=", self.id), ("preview", "=", dryrun), ("user_id", "=", self.env.uid)],
                limit=1,
            )
            if log:
                return log
        return Log.create(
            {
                "name": self.file_name,
                "preview": dryrun,
                "user_id": self.env.uid,
                "company_id": self.env.company.id,
                "import_id": self.id,
                "file": base64.b64encode(self.file) if self.file else False,
                "match_key": customer_options.match_key or False,
                "only_update": customer_options.only_update,
                "clear_empty": customer_options.clear_empty,
                "valid_rows": customer_options.valid_rows,
                "header": [field for field in fields if field],
            }
        )

    # =============================================================================================
    # Files that cannot be imported as they are
    # =============================================================================================
    def _read_file(self, options):
        if self.res_model != PARTNER:
            return super()._read_file(options)
        if len(self.file or b"") > MAX_FILE_MB * 1024 * 1024:
            raise UserError(
                self.env._(
                    "The file is larger than %(size)s MB: split it into several files and import them one "
                    "after the other.",
                    size=MAX_FILE_MB,
                )
            )
        if not self.file:
            raise UserError(self.env._("The file is empty."))
        if not options.get("encoding") and self._customer_is_csv():
            # chardet takes a short UTF-8 file with accents for MacRoman ("Bogot√°"): UTF-8 first
            try:
                self.file.decode("utf-8")
            except UnicodeDecodeError:
                options["encoding"] = ""  # chardet decides, as in base_import
            else:
                options["encoding"] = "utf-8"
        key = (
            self.env.cr.dbname,
            hashlib.sha256(self.file).hexdigest(),
            tuple(str(options.get(name)) for name in READ_OPTIONS),
        )
        with PARSED_FILES_LOCK:
            cached = PARSED_FILES.get(key)
        if cached is not None:
            length, rows, read_options = cached
            options.update(read_options)
            return length, rows
        length, rows = self._customer_read_file(options)
        with PARSED_FILES_LOCK:
            PARSED_FILES[key] = (
                length,
                rows,
                {name: options.get(name) for name in ("sheets", "sheet", "encoding", "separator")},
            )
            while len(PARSED_FILES) > PARSED_FILES_MAX:
                PARSED_FILES.popitem(last=False)
        return length, rows

    def _customer_read_file(self, options):
        """base_import's reading of the file, with messages saying what to do when it cannot be read."""
        try:
            length, rows = super()._read_file(options)
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._(
                    "The file is not text in the encoding %(encoding)s: choose its encoding in the import "
                    "options (Encoding), or save it as CSV UTF-8 from your spreadsheet program.",
                    encoding=options.get("encoding") or "?",
                )
            ) from error
        except ValueError:
            raise
        except UserError as error:
            if error.__cause__ is None:
                raise
            raise UserError(
                self.env._(
                    "The file %(name)s could not be read: it is damaged or not the kind of file its name "
                    "says. Open it in your spreadsheet program and save it again as .xlsx or .csv.",
                    name=self.file_name or "",
                )
            ) from error
        self._customer_check_table(rows, options)
        return length, rows

    def _customer_is_csv(self):
        return self.file_type == "text/csv" or (self.file_name or "").lower().endswith(".csv")

    def _customer_check_table(self, rows, options):
        """Refuse tables the import would read wrongly, with what to do about them."""
        if not rows:
            raise UserError(self.env._("The file is empty."))
        width = max(len(row) for row in rows[:50])
        if width > MAX_COLUMNS:
            raise UserError(
                self.env._(
                    "The file has %(count)s columns: a customer file has at most %(max)s. Remove the empty or "
                    "unneeded columns.",
                    count=width,
                    max=MAX_COLUMNS,
                )
            )
        if width == 1 and self._customer_is_csv():
            first = rows[0][0] if rows[0] else ""
            if any(first.count(sep) >= 2 for sep in SEPARATORS):
                raise UserError(
                    self.env._(
                        "All the file is read as one column: its separator is not %(separator)s. Choose the "
                        "separator of the file (for example ; or ,) in the import options.",
                        separator=repr(options.get("separator") or ","),
                    )
                )
        if options.get("has_headers") and len(rows) > 1:
            filled = [sum(1 for cell in row if str(cell).strip()) for row in rows[:3]]
            if filled[0] == 1 and max(filled[1:]) > 2:
                raise UserError(
                    self.env._(
                        "The first line of the file is a title (%(title)s), not the column names: delete the "
                        "lines above the column names so that they are on line 1.",
                        title=next(str(cell) for cell in rows[0] if str(cell).strip()),
                    )
                )
        for number, row in enumerate(rows[:100000], 1):
            for cell in row:
                if isinstance(cell, str) and cell.startswith("=") and FORMULA.match(cell):
                    raise UserError(
                        self.env._(
                            "Line %(line)s holds a spreadsheet formula (%(formula)s): the import takes values, "
                            "not formulas. Copy the cells and paste them as values, then import again.",
                            line=number,
                            formula=cell[:40],
                        )
                    )
