"""Installing the addons on an existing base (issue 11 §2): minutes and queries on a copy of a stock database.

``setup/bench --partners N --only install_on_existing_base`` builds (once) ``install_bench_stock_<N>``, a
stock Odoo 18 database with the addons' dependencies and no addon of ours, holding N partners inserted by
SQL COPY (the bench's generator, made more varied below: companies, their contacts and delivery addresses,
tax ids, streets, mobiles, archived partners), copies it (``CREATE DATABASE … TEMPLATE``) and times
``odoo-bin -i customer_base,customer_segmentation,customer_consent`` on the copy. It reports the minutes,
the queries (Odoo's own per-module counts and the process's ``sql_db.sql_counter``), the slowest steps of
the install log, and whether every existing partner came out filled. The copy is dropped afterwards; the
stock database is kept for the next run (``--rebuild`` builds it again).
"""

import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from tests.bench.bench import ADDONS, ODOORC, REPO_ROOT, build_partners, measure

# The addons' dependencies (customer_base's manifest), installed on the stock database.
STOCK_MODULES = "contacts,base_import,phone_validation"

# odoo-bin in-process, printing the process's query counter when it exits.
RUNNER = (
    "import atexit, os, sys\n"
    "os.environ['TZ'] = 'UTC'\n"
    "import odoo\n"
    "atexit.register(lambda: print('SQL_COUNTER', odoo.sql_db.sql_counter, file=sys.stderr, flush=True))\n"
    "sys.argv = ['odoo-bin', *sys.argv[1:]]\n"
    "odoo.cli.main()\n"
)
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \d+ \w+ \S+ (\S+): (.*)$")
MODULE_LOADED = re.compile(r"Module (\w+) loaded in ([\d.]+)s(?:.*?), (\d+) queries")

# What must hold for every existing partner after the install (a count of those it does not hold for).
CHECKS = {
    "without_stage": "SELECT count(*) FROM res_partner WHERE lifecycle_stage_id IS NULL",
    "without_stage_date": "SELECT count(*) FROM res_partner WHERE lifecycle_stage_date IS NULL",
    "without_completeness": "SELECT count(*) FROM res_partner WHERE customer_completeness IS NULL",
    "without_rating": "SELECT count(*) FROM res_partner WHERE customer_rating IS NULL",
    "without_customer_flag": "SELECT count(*) FROM res_partner WHERE is_customer IS NULL",
    "without_name_key": "SELECT count(*) FROM res_partner WHERE customer_name_key IS NULL AND name IS NOT NULL",
    "without_history": (
        "SELECT count(*) FROM res_partner p WHERE NOT EXISTS "
        "(SELECT 1 FROM customer_stage_history h WHERE h.partner_id = p.id AND h.date_end IS NULL)"
    ),
}


def _psql(db, sql):
    out = subprocess.run(["psql", "-d", db, "-Atqc", sql], capture_output=True, text=True, check=False)
    if out.returncode:
        raise RuntimeError(f"psql -d {db}: {sql}\n{out.stderr}")
    return out.stdout.strip()


def _db_exists(name):
    return _psql("postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == "1"


def _drop(name):
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    shutil.rmtree(_filestore(name), ignore_errors=True)


def _filestore(name):
    import odoo  # noqa: PLC0415 - configured by the bench before measures run

    return Path(odoo.tools.config["data_dir"]) / "filestore" / name


def _odoo_bin():
    import odoo  # noqa: PLC0415

    return Path(odoo.__file__).resolve().parent.parent / "odoo-bin"


def diversify_partners(cr, first_id):
    """Make the bench's partners (ids from ``first_id``) look like a real base: every tenth a company with a
    tax id, the next one its contact and, every third such, a delivery address; streets, mobiles instead of
    phones, partners without email or city, archived ones."""
    for query in (
        "UPDATE res_partner SET is_company = true, vat = 'CO' || (900000000 + id)"
        " WHERE id >= %(first)s AND id %% 10 = 0",
        """UPDATE res_partner c
              SET parent_id = p.id, commercial_partner_id = p.id,
                  type = CASE WHEN c.id %% 3 = 0 THEN 'delivery' ELSE 'contact' END
             FROM res_partner p
            WHERE c.id >= %(first)s AND c.id %% 10 = 1 AND p.id = c.id - 1 AND p.is_company""",
        "UPDATE res_partner SET street = 'Calle ' || (id %% 200) || ' # ' || (id %% 97) || '-' || (id %% 61)"
        " WHERE id >= %(first)s AND id %% 2 = 0",
        "UPDATE res_partner SET mobile = phone, phone = NULL WHERE id >= %(first)s AND id %% 7 = 0",
        "UPDATE res_partner SET email = NULL, city = NULL WHERE id >= %(first)s AND id %% 11 = 0",
        "UPDATE res_partner SET active = false WHERE id >= %(first)s AND id %% 53 = 0",
    ):
        cr.execute(query, {"first": first_id})


def build_stock_database(name, partners):
    """A stock Odoo database with the addons' dependencies (no demo) and ``partners`` partners by COPY."""
    import odoo  # noqa: PLC0415

    _drop(name)
    print(f"Building {name}: {STOCK_MODULES} without demo, then {partners} partners by COPY", file=sys.stderr)
    subprocess.run([sys.executable, str(_odoo_bin()), "-c", str(ODOORC), "-d", name, "-i", STOCK_MODULES,
                    "--without-demo=all", "--stop-after-init", "--log-level=warn"], check=True)  # fmt: skip
    with odoo.sql_db.db_connect(name).cursor() as cr:
        cr.execute("SELECT COALESCE(max(id), 0) + 1 FROM res_partner")
        first_id = cr.fetchone()[0]
        build_partners(cr, partners)
        diversify_partners(cr, first_id)
    odoo.sql_db.close_db(name)  # a template must have no connection
    _psql(name, "VACUUM ANALYZE res_partner")


def _slowest_steps(log_path, count=8):
    """The longest gaps between consecutive lines of the install log: (seconds, the line before the gap)."""
    stamps = []
    for line in log_path.read_text(errors="replace").splitlines():
        match = LOG_LINE.match(line)
        if match:
            stamp = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f")
            stamps.append((stamp, f"{match.group(2)}: {match.group(3)[:140]}"))
    gaps = [((b[0] - a[0]).total_seconds(), a[1]) for a, b in zip(stamps, stamps[1:], strict=False)]
    return [(round(s, 1), text) for s, text in sorted(gaps, reverse=True)[:count] if s >= 1]


def install_on_copy(template, partners, keep=False):
    """Copy ``template`` and install the three addons on the copy; the numbers and checks as a dict."""
    copy = f"install_bench_run_{partners}"
    _drop(copy)
    _psql("postgres", f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    if _filestore(template).exists():
        shutil.copytree(_filestore(template), _filestore(copy))
    log_path = REPO_ROOT / ".odoo-data" / f"install-bench-{partners}.log"
    log_path.unlink(missing_ok=True)  # odoo-bin appends to its log file
    cmd = [sys.executable, "-c", RUNNER, "-c", str(ODOORC), "-d", copy, "-i", ADDONS, "--without-demo=all",
           "--stop-after-init", "--log-level=info", f"--logfile={log_path}", "--no-http"]  # fmt: skip
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env={**os.environ, "TZ": "UTC"})
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"install failed ({proc.returncode}), see {log_path}:\n{proc.stderr[-3000:]}")
    counter = re.search(r"SQL_COUNTER (\d+)", proc.stderr)
    log = log_path.read_text(errors="replace")
    modules = {
        m.group(1): {"seconds": float(m.group(2)), "queries": int(m.group(3))}
        for m in MODULE_LOADED.finditer(log)
        if m.group(1) in ADDONS.split(",")
    }
    result = {
        "install_seconds": round(seconds, 1),
        "install_minutes": round(seconds / 60, 2),
        "queries": int(counter.group(1)) if counter else None,
        # the machine is shared: the 1-minute load average before and after (2 cores)
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "modules": modules,
        "slowest_steps": _slowest_steps(log_path),
        "not_filled": {key: int(_psql(copy, sql)) for key, sql in CHECKS.items()},
        "partners_in_db": int(_psql(copy, "SELECT count(*) FROM res_partner")),
        "log": str(log_path),
    }
    if not keep:
        _drop(copy)
    return result


@measure("install_on_existing_base", standalone=True)
def _measure_install(env, ctx):
    """Installing the three addons on a copy of a stock database holding N partners (issue 11 §2)."""
    template = f"install_bench_stock_{ctx['partners']}"
    if ctx.get("rebuild") or not _db_exists(template):
        build_stock_database(template, ctx["partners"])
    return install_on_copy(template, ctx["partners"], keep=bool(os.environ.get("INSTALL_BENCH_KEEP")))
