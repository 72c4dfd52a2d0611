"""P4: a spreadsheet of customers imported the way the import screen does it (``base_import.import`` create,
then ``execute_import`` batch after batch, the file parsed by base_import each time), with matching by email
(phones as fallback) — half the rows update customers of the base, half create — against Odoo's own import
of the same file (no matching: every row created) in the same run.

Rows: ``setup/bench --import-rows N`` (or ``BENCH_IMPORT_ROWS``; default: the number of partners of the bench
database, at most 100,000).

Each batch is one call of the import screen, its own request on a server: its record cache is dropped after
it (``invalidate_all``), as a new request starts with an empty one; the batches still share the bench's
transaction, rolled back at the end.
"""

import io
import os
import resource
import time

from tests.bench.bench import CITIES, measure, mobile_number, synthetic_rows

BATCH = 2000
HEADER = ["Name", "Email", "Phone", "City", "Country"]
COUNTRY_NAMES = {"CO": "Colombia", "VE": "Venezuela", "MX": "Mexico"}


def _rows(count, partners):
    """Half the rows are customers of the base (same email, phone written otherwise, another city), half new."""
    import random  # noqa: PLC0415

    rng = random.Random(7)
    half = min(count // 2, partners)
    for i, (name, _complete, email, phone, _city, _country) in enumerate(
        synthetic_rows(half, {code: code for code in CITIES}, seed=42)
    ):
        code = "CO" if "+57" in phone else "VE" if "+58" in phone else "MX"
        yield [name, email.upper() if i % 3 == 0 else email, phone.replace(" ", ""),
               rng.choice(CITIES[code]) + " Centro", COUNTRY_NAMES[code]]  # fmt: skip
    for i in range(count - half):
        code = rng.choice(list(CITIES))
        phone = mobile_number(rng, code, serial=5_000_000 + i)[0]
        yield [
            f"Nuevo Cliente {i}",
            f"nuevo{i}@example.com",
            phone,
            rng.choice(CITIES[code]),
            COUNTRY_NAMES[code],
        ]


def _xlsx(rows):
    import xlsxwriter  # noqa: PLC0415

    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True, "constant_memory": False})
    sheet = book.add_worksheet("Clientes")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return stream.getvalue()


OPTIONS = {
    "has_headers": True, "quoting": '"', "separator": "", "encoding": "", "date_format": "", "datetime_format": "",
    "float_thousand_separator": ",", "float_decimal_separator": ".", "advanced": False, "keep_matches": False,
    "limit": BATCH, "skip": 0, "sheets": [], "sheet": "", "tracking_disable": True, "import_skip_records": [],
    "import_set_empty_fields": [], "fallback_values": {}, "name_create_enabled_fields": {},
}  # fmt: skip
FIELDS = ["name", "email", "phone", "city", "country_id"]


def _run(env, content, dryrun, **customer):
    """The import screen's calls for one file; return (seconds, rows, last batch result)."""
    wizard = env["base_import.import"].create(
        {"res_model": "res.partner", "file": content, "file_name": "clientes.xlsx",
         "file_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    )  # fmt: skip
    options = dict(OPTIONS, **customer)
    start = time.perf_counter()
    results = []
    while True:
        result = wizard.with_context(tracking_disable=True).execute_import(
            FIELDS, [h.lower() for h in HEADER], dict(options), dryrun=dryrun
        )
        env.flush_all()
        env.invalidate_all()  # the next batch is another request: its record cache starts empty
        results.append(result)
        errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
        assert not errors, errors[:3]
        if not result.get("nextrow"):
            break
        options["skip"] = result["nextrow"]
    return time.perf_counter() - start, results


def _peak_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _complete_base(env):
    """What the install fills in partners that exist before it, for the partners the bench loaded by COPY
    after it (only those missing: a no-op from the second run on): match keys, stage and history, scores."""
    env["res.partner"]._customer_fill_duplicate_keys(only_missing=True)
    env["res.partner"]._lifecycle_assign_default_stage()
    if "customer.score.rule" in env:
        env.cr.execute("SELECT 1 FROM res_partner WHERE is_customer AND customer_score IS NULL LIMIT 1")
        if env.cr.fetchone():
            env["customer.score.rule"]._score_recompute_all()
    env.cr.commit()


@measure("import_p4", last=True)
def _measure_import(env, ctx):
    """P4: preview + import of the file with matching (ours) vs Odoo's import of the same file (stock)."""
    count = int(
        ctx.get("import_rows") or os.environ.get("BENCH_IMPORT_ROWS") or min(ctx["partners"], 100_000)
    )
    _complete_base(env)
    admin = env(user=env.ref("base.user_admin"))
    content = _xlsx([HEADER, *_rows(count, ctx["partners"])])
    rss_before = _peak_mb()
    customer = {"customer_match_key": "email", "customer_valid_rows": True}
    with env.cr.savepoint() as savepoint:
        preview_s, _results = _run(admin, content, True, **customer)
        import_s, results = _run(admin, content, False, **customer)
        counts = results[-1]["customer_import"]["counts"]
        log = admin["customer.import.log"].browse(results[-1]["customer_import"]["log_id"])
        reasons = sorted({line.reasons for line in log.line_ids if line.action == "error"})[:3]
        again_s, again = _run(admin, content, False, **customer)
        again_counts = again[-1]["customer_import"]["counts"]
        savepoint.rollback()
    env.invalidate_all()
    ours_peak = _peak_mb()
    with env.cr.savepoint() as savepoint:
        stock_s, _results = _run(admin, content, False)
        savepoint.rollback()
    env.invalidate_all()
    ours_s = preview_s + import_s
    return {
        "rows": count,
        "file_mb": round(len(content) / 1024 / 1024, 1),
        "preview_rows_per_s": round(count / preview_s),
        "import_rows_per_s": round(count / import_s),
        "end_to_end_rows_per_s": round(count / ours_s),
        "stock_rows_per_s": round(count / stock_s),
        "ratio": round((count / ours_s) / (count / stock_s), 2),
        "created": counts["create"],
        "updated": counts["update"],
        "failed": counts["error"],
        "failed_reasons": reasons,
        "reimport_rows_per_s": round(count / again_s),
        "reimport_unchanged": again_counts["unchanged"],
        "rss_before_mb": rss_before,
        "rss_peak_mb": ours_peak,
    }
