# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Spreadsheets for the import tests, in every format the import screen takes, and the import run the way the
web client runs it (``base_import.import`` create, ``parse_preview``, then ``execute_import`` per batch)."""

import csv
import io

FILE_TYPES = {
    "csv": "text/csv",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
BASE_OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": "",
    "encoding": "",
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": False,
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
    "sheets": [],
    "sheet": "",
    "tracking_disable": True,
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
}


def to_csv(rows, separator=",", encoding="utf-8"):
    stream = io.StringIO()
    csv.writer(stream, delimiter=separator).writerows(rows)
    return stream.getvalue().encode(encoding)


def to_xlsx(rows):
    import xlsxwriter  # noqa: PLC0415

    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Clientes")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return stream.getvalue()


def to_xls(rows):
    import xlwt  # noqa: PLC0415

    book = xlwt.Workbook()
    sheet = book.add_sheet("Clientes")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def to_ods(rows):
    from odf.opendocument import OpenDocumentSpreadsheet  # noqa: PLC0415
    from odf.table import Table, TableCell, TableRow  # noqa: PLC0415
    from odf.text import P  # noqa: PLC0415

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Clientes")
    for row in rows:
        line = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            line.addElement(cell)
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    stream = io.BytesIO()
    doc.write(stream)
    return stream.getvalue()


WRITERS = {"csv": to_csv, "xls": to_xls, "xlsx": to_xlsx, "ods": to_ods}


def make_file(rows, kind="csv", **kwargs):
    return WRITERS[kind](rows, **kwargs)


def open_import(env, content, kind="csv", file_name=None):
    """The import screen's record for a file (what the client creates when a file is chosen)."""
    return env["base_import.import"].create(
        {
            "res_model": "res.partner",
            "file": content,
            "file_name": file_name or f"clientes.{kind}",
            "file_type": FILE_TYPES[kind],
        }
    )


def run_import(env, content, kind="csv", dryrun=False, fields=None, batch=2000, **options):
    """Run the import as the web client does: preview the file, map the columns as it suggests (or
    ``fields``), then call ``execute_import`` batch after batch until ``nextrow`` is 0.

    :return: (the preview, the list of every batch's result)
    """
    # the web client calls with tracking_disable (its default "Track history during import" off)
    wizard = open_import(env, content, kind).with_context(tracking_disable=True)
    opts = dict(BASE_OPTIONS, limit=batch)
    preview = wizard.parse_preview(dict(opts))
    if preview.get("error"):
        return preview, []
    opts.update(preview["options"])
    if fields is None:
        matches = preview["matches"] or {}
        fields = ["/".join(matches[i]) if matches.get(i) else False for i in range(len(preview["headers"]))]
    columns = [header.strip().lower() for header in preview["headers"]]
    results = []
    while True:
        result = wizard.execute_import(fields, columns, dict(opts, **options), dryrun=dryrun)
        results.append(result)
        if not result.get("nextrow") or (result.get("messages") and not options.get("customer_valid_rows")):
            break
        opts["skip"] = result["nextrow"]
    return preview, results
