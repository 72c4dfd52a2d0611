"""Benchmark harness behind setup/bench.

Builds (or reuses) a database of N synthetic partners with SQL COPY, runs every registered measure against
it in one process, prints a table and, as the last line, one JSON object of the results.

A measure is a function ``measure(env, ctx) -> dict`` registered with ``@measure("name")``; it returns
numbers (seconds, counts, ratios against stock Odoo measured in the same run). Later issues add measures.
"""

import argparse
import importlib
import io
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ODOORC = REPO_ROOT / ".odoorc"
ADDONS = "customer_base,customer_segmentation,customer_consent"

MEASURES = {}
RUN_LAST = set()
STANDALONE = set()


def measure(name, last=False, standalone=False):
    """Register a measure. ``last``: run it after all others (it rebuilds indexes, which PostgreSQL may not
    let the rest of the transaction use). ``standalone``: it makes its own databases and is called with
    ``env=None``; it runs only when named with ``--only``, and then without building the bench database."""

    def register(func):
        MEASURES[name] = func
        if last:
            RUN_LAST.add(name)
        if standalone:
            STANDALONE.add(name)
        return func

    return register


def timed(func, repeat):
    """Run ``func`` ``repeat`` times; return p50 and p95 in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
    }


# --- synthetic data ----------------------------------------------------------------------------------
FIRST = ["Ana", "María", "José", "Luis", "Carlos", "Valentina", "Camila", "Andrés", "Juan", "Sofía",
         "Daniela", "Gabriela", "Alejandro", "Fernanda", "Diego", "Isabella", "Mateo", "Paula", "Ricardo"]  # fmt: skip
LAST = ["Restrepo", "Gómez", "Pérez", "Rodríguez", "Hernández", "Martínez", "García", "López", "Rondón",
        "Briceño", "Castro", "Ospina", "Vargas", "Suárez", "Mejía", "Salazar", "Ramírez", "Torres"]  # fmt: skip
CITIES = {"CO": ["Bogotá", "Medellín", "Cali"], "VE": ["Caracas", "Maracaibo"], "MX": ["Puebla", "Monterrey"]}
# Mobile numbers libphonenumber accepts: country code, prefixes in use, digits after the prefix.
MOBILES = {
    "CO": (57, [str(p) for p in (*range(300, 306), *range(310, 325), 350, 351)], 7),
    "VE": (58, ["412", "414", "416", "424", "426"], 7),
    "MX": (52, ["55", "33", "81"], 8),
}


def mobile_number(rng, code, serial=None):
    """A valid mobile number of country ``code``: ``(international, prefix, subscriber digits)``.

    :param int serial: when given, the subscriber number is drawn from it, so that different serials (below
      8 million) never share a number: synthetic customers must not share phones by chance
    """
    country, prefixes, length = MOBILES[code]
    low, span = 2 * 10 ** (length - 1), 8 * 10 ** (length - 1)
    number = low + (serial * 7919) % span if serial is not None else rng.randint(low, low + span - 1)
    prefix, rest = rng.choice(prefixes), str(number)
    split = length // 2
    return f"+{country} {prefix} {rest[:-split]} {rest[-split:]}", prefix, rest


def synthetic_rows(count, country_ids, seed=42):
    rng = random.Random(seed)
    for i in range(count):
        code = rng.choice(list(CITIES))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        phone = mobile_number(rng, code, serial=i)[0]
        email = f"cliente{i}@example.com"
        yield (name, name, email, phone, rng.choice(CITIES[code]), country_ids[code])


def build_partners(cr, count):
    """Insert ``count`` partners with one COPY; fill the columns Odoo requires."""
    from odoo.tools import SQL  # noqa: PLC0415 - Odoo is configured by main() first

    cr.execute("SELECT code, id FROM res_country WHERE code IN ('CO', 'VE', 'MX')")
    country_ids = dict(cr.fetchall())
    buf = io.StringIO()
    for row in synthetic_rows(count, country_ids):
        buf.write("\t".join(str(v) for v in row) + "\n")
    buf.seek(0)
    cr.execute("CREATE TEMP TABLE bench_partner (name text, complete_name text, email text, phone text, "
               "city text, country_id int) ON COMMIT DROP")  # fmt: skip
    cr.copy_expert("COPY bench_partner FROM STDIN", buf)
    # a stock database (the install bench) has no customer flag yet: its install sets it
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'res_partner' AND column_name = 'is_customer'"
    )
    flagged = bool(cr.fetchone())
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, email, phone, city, country_id, active, type, is_company,
                                     lang, create_uid, write_uid, create_date, write_date %s)
            SELECT name, complete_name, email, phone, city, country_id, true, 'contact', false, 'en_US', 1, 1,
                   now() at time zone 'UTC', now() at time zone 'UTC' %s
              FROM bench_partner
            """,
            SQL(", is_customer") if flagged else SQL(),
            SQL(", true") if flagged else SQL(),
        )
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    cr.execute("ANALYZE res_partner")


# --- baseline measures -------------------------------------------------------------------------------
@measure("partner_list_first_page")
def _measure_list(env, ctx):
    """The Customers list: first page of 80 as the web client asks for it (stock Odoo code path today)."""
    spec = {"display_name": {}, "email": {}, "phone": {}, "city": {}, "country_id": {"fields": {}}}
    return timed(lambda: env["res.partner"].web_search_read([], spec, limit=80), ctx["repeat"])


@measure("partner_name_search")
def _measure_name_search(env, ctx):
    """Typing a name in a many2one field (name_search 'mar'), as a salesperson does all day."""
    return timed(lambda: env["res.partner"].name_search("mar", limit=8), ctx["repeat"])


@measure("partner_form_with_field_policy")
def _measure_form_policy(env, ctx):
    """Opening a customer form as a salesperson (get_views + web_read) with the shipped field policy and
    conditions, against the same calls with no policy at all (the stock path); ratio = policy / stock."""
    user = env["res.users"].create(
        {"name": "Bench Vendedor", "login": "bench_vendedor",
         "groups_id": [(6, 0, [env.ref("customer_base.group_customer_salesperson").id])]}
    )  # fmt: skip
    partner_id = env["res.partner"].search([], limit=1, order="id desc").id

    def open_form():
        partners = env["res.partner"].with_user(user)
        views = partners.get_views([(False, "form")])
        described = partners.fields_get(list(views["models"]["res.partner"]), ["type"])
        spec = {name: {} for name, info in described.items() if info["type"] not in ("one2many", "many2many")}
        partners.browse(partner_id).web_read(spec)

    open_form()  # warm the view cache, as a running server has it
    with_policy = timed(open_form, ctx["repeat"])
    env["customer.field.access"].search([]).unlink()
    env["customer.field.condition"].search([]).unlink()
    open_form()
    stock = timed(open_form, ctx["repeat"])
    with_policy["stock_p50_ms"] = stock["p50_ms"]
    with_policy["ratio"] = round(with_policy["p50_ms"] / stock["p50_ms"], 3)
    return with_policy


def load_measure_modules():
    """Measures of other concerns live in tests/bench/measures_*.py and register with @measure."""
    for path in sorted(Path(__file__).parent.glob("measures_*.py")):
        importlib.import_module(f"tests.bench.{path.stem}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="setup/bench", description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=10000, help="synthetic partners (default 10000)")
    parser.add_argument("--db", default=None, help="database (default customer_bench_<N>)")
    parser.add_argument("--repeat", type=int, default=30, help="samples per timed measure (default 30)")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--only", action="append", help="run only these measures (repeatable)")
    parser.add_argument(
        "--import-rows",
        type=int,
        default=None,
        help="rows of the import measure's file (default: --partners, at most 100000)",
    )
    parser.add_argument(
        "--base",
        choices=("current", "realistic"),
        default="current",
        help="the synthetic partners: the bench's own (default) or a realistic base with Zipf names, missing "
        "values and labelled duplicates (tests/bench/realistic_base.py)",
    )
    args = parser.parse_args(argv)
    db = args.db or (
        f"customer_bench_{args.partners}"
        if args.base == "current"
        else f"customer_bench_realistic_{args.partners}"
    )

    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", str(ODOORC), "-d", db, "--log-level=warn"])
    load_measure_modules()  # after the config: measures may import our addons (odoo.addons.*)
    results = {"database": db, "partners": args.partners, "build_seconds": None, "measures": {}}
    ctx = {
        "repeat": args.repeat,
        "partners": args.partners,
        "rebuild": args.rebuild,
        "import_rows": args.import_rows,
    }
    standalone = [name for name in args.only or () if name in STANDALONE]
    if standalone and len(standalone) == len(args.only):
        results["database"] = None
        for name in standalone:
            results["measures"][name] = MEASURES[name](None, ctx)
        print_results(results)
        return
    exists = odoo.service.db.exp_db_exist(db)
    build_seconds = None
    if args.rebuild and exists:
        odoo.service.db.exp_drop(db)
        exists = False
    if not exists:
        print(f"Building {db}: {ADDONS} without demo, then {args.partners} partners by COPY", file=sys.stderr)
        start = time.perf_counter()
        odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
        subprocess.run([sys.executable, str(odoo_bin), "-c", str(ODOORC), "-d", db, "-i", ADDONS,
                        "--without-demo=all", "--stop-after-init", "--log-level=warn"], check=True)  # fmt: skip
        with odoo.sql_db.db_connect(db).cursor() as cr:
            if args.base == "realistic":
                from tests.bench import realistic_base  # noqa: PLC0415

                realistic_base.insert(cr, args.partners)
            else:
                build_partners(cr, args.partners)
        build_seconds = round(time.perf_counter() - start, 1)

    registry = odoo.modules.registry.Registry(db)
    results["build_seconds"] = build_seconds
    results["base"] = args.base
    ctx["base"] = args.base
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        results["partners_in_db"] = env["res.partner"].with_context(active_test=False).search_count([])
        for name, func in sorted(MEASURES.items(), key=lambda item: item[0] in RUN_LAST):
            if (args.only and name not in args.only) or (name in STANDALONE and name not in standalone):
                continue
            results["measures"][name] = func(env, ctx)
        cr.rollback()
        registry.setup_models(cr)  # measures may change the field policy; it is rolled back
    print_results(results)


def print_results(results):
    print(f"\n{'measure':<32} " + " ".join(f"{k:>12}" for k in ("p50_ms", "p95_ms", "ratio")))
    for name, values in results["measures"].items():
        cells = [values.get(k, "") for k in ("p50_ms", "p95_ms", "ratio")]
        extra = "  ".join(f"{k}={v}" for k, v in values.items() if k not in ("p50_ms", "p95_ms", "ratio"))
        print(f"{name:<32} " + " ".join(f"{str(c):>12}" for c in cells) + (f"  {extra}" if extra else ""))
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    # measures_*.py import this module as tests.bench.bench: let them register into this run's MEASURES
    sys.modules["tests.bench.bench"] = sys.modules[__name__]
    main()
