"""Duplicate detection (issue 5 §1–2): the install-time fill of the match keys, and P1.

- ``duplicate_scan_batch``: the background scan of the whole database, timed on its first 2,000 customers.
- ``duplicate_key_fill``: what installing the module does on a database that already has N partners (the
  bench partners are inserted by COPY, without keys): the batched SQL fill of the six keys, then the build
  of their btree indexes and of the trigram GIN and GiST indexes. Reports seconds and rows/s.
- ``customer_find_duplicates`` (P1): a salesperson (record rules apply) asks for the duplicates of a new
  partner — realistic values: a new person with a name, phone and email, one in three a real duplicate
  (an existing partner's phone written nationally and its name with the words swapped). It runs first and
  fills and commits the keys of the COPY partners once per bench database.
"""

import random
import sys
import time

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from tests.bench import bench
from tests.bench.bench import CITIES, FIRST, LAST, timed


def measure(name):
    """bench.measure, also into the registry of ``python -m tests.bench.bench`` (setup/bench): run as
    ``__main__``, bench.py is a second module whose MEASURES this file's import would not reach."""
    main = sys.modules.get("__main__")

    def register(func):
        bench.measure(name)(func)
        if getattr(main, "MEASURES", None) is not None and main.MEASURES is not bench.MEASURES:
            main.MEASURES[name] = func
        return func

    return register


KEY_FIELDS = (
    "customer_name_key",
    "customer_name_core_key",
    "customer_phone_key",
    "customer_mobile_key",
    "customer_email_key",
    "customer_vat_key",
)
TRIGRAM_INDEXES = ("res_partner_customer_name_key_trgm_idx", "res_partner_customer_name_key_trgm_knn_idx")


def _prepare_keys(env):
    """Fill and commit the keys of the partners inserted by COPY, once per bench database, as installing the
    module on an existing database does; then refresh the planner's statistics. Done in a transaction of its
    own so that P1 runs on committed, analysed keys; the measures' transaction then starts over (its
    snapshot predates the keys, and everything in it is rolled back at the end anyway)."""
    with env.registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM res_partner WHERE customer_name_key IS NULL AND name IS NOT NULL")
        if not cr.fetchone()[0]:
            return
        api.Environment(cr, SUPERUSER_ID, {})["res.partner"]._customer_fill_duplicate_keys(only_missing=True)
        cr.commit()
        cr.execute("ANALYZE res_partner")
    env.cr.rollback()
    env.invalidate_all()


def _bench_user(env):
    user = env["res.users"].search([("login", "=", "bench_dup_vendedor")])
    return user or env["res.users"].create(
        {"name": "Bench Dup Vendedor", "login": "bench_dup_vendedor",
         "groups_id": [(6, 0, [env.ref("customer_base.group_customer_salesperson").id])]}
    )  # fmt: skip


def _new_partner_values(env, rng, country_ids, existing):
    """Values of a partner being created: a new person, or (one in three) an existing one written otherwise."""
    if existing and rng.random() < 1 / 3:
        name, phone, country_id = rng.choice(existing)
        words = name.split()
        digits = "".join(ch for ch in phone if ch.isdigit())
        return {"name": " ".join(words[1:] + words[:1]), "phone": digits[2:], "country_id": country_id}
    code = rng.choice(list(CITIES))
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
    return {
        "name": name,
        "phone": f"{rng.randint(300, 999)} {rng.randint(1000000, 9999999)}",
        "email": f"nuevo{rng.randint(1, 10**9)}@example.org",
        "country_id": country_ids[code],
        "city": rng.choice(CITIES[code]),
    }


@measure("customer_find_duplicates")
def _measure_find_duplicates(env, ctx):
    """P1: customer_find_duplicates for a new partner, as a salesperson; goal p95 <= 20 ms at 1M partners."""
    _prepare_keys(env)
    user = _bench_user(env)
    env.cr.execute("SELECT code, id FROM res_country WHERE code IN ('CO', 'VE', 'MX')")
    country_ids = dict(env.cr.fetchall())
    env.cr.execute(
        "SELECT name, phone, country_id FROM res_partner WHERE phone IS NOT NULL ORDER BY id DESC LIMIT 2000"
    )
    existing = env.cr.fetchall()
    rng = random.Random(5)
    partners = env["res.partner"].with_user(user)
    samples = [_new_partner_values(env, rng, country_ids, existing) for _ in range(ctx["repeat"] + 5)]
    found = []
    for values in samples[:5]:  # warm the caches (rules, access), as a running server has them
        partners.customer_find_duplicates(values)
    todo = iter(samples[5:])
    result = timed(lambda: found.append(len(partners.customer_find_duplicates(next(todo)))), ctx["repeat"])
    result["mean_matches"] = round(sum(found) / len(found), 2)
    return result


@measure("customer_find_duplicates_typo")
def _measure_find_duplicates_typo(env, ctx):
    """P1, worst case: the new partner's name is an existing one with a typo, so no name is equal and the
    trigram probe (GIN, ``%``) runs every time; phone and email are new."""
    _prepare_keys(env)
    partners = env["res.partner"].with_user(_bench_user(env))
    env.cr.execute(
        "SELECT name, country_id FROM res_partner WHERE phone IS NOT NULL ORDER BY id DESC LIMIT 2000"
    )
    existing = env.cr.fetchall()
    rng = random.Random(7)
    samples = []
    for _ in range(ctx["repeat"] + 5):
        name, country_id = rng.choice(existing)
        words = name.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        pos = len(word) // 2
        words[longest] = word[:pos] + ("x" if word[pos] != "x" else "y") + word[pos + 1 :]
        samples.append({"name": " ".join(words), "phone": f"3{rng.randint(100000000, 199999999)}",
                        "email": f"typo{rng.randint(1, 10**9)}@example.org", "country_id": country_id})  # fmt: skip
    found = []
    for values in samples[:5]:
        partners.customer_find_duplicates(values)
    todo = iter(samples[5:])
    result = timed(lambda: found.append(len(partners.customer_find_duplicates(next(todo)))), ctx["repeat"])
    result["mean_matches"] = round(sum(found) / len(found), 2)
    return result


@measure("duplicate_scan_batch")
def _measure_scan_batch(env, ctx):
    """The whole-database scan: batches of 500 customers (every rule, groups written) over the first 2,000
    partners; reports partners/s, from which the time of a full scan follows."""
    _prepare_keys(env)
    scan = env["customer.duplicate.scan"].create({"name": "Bench"})
    scan.action_start()
    start = time.perf_counter()
    for _ in range(4):
        scan._customer_run_batch(batch_size=500)
    env.flush_all()
    seconds = time.perf_counter() - start
    return {
        "partners": scan.partner_done,
        "seconds": round(seconds, 2),
        "partners_per_s": round(scan.partner_done / seconds) if seconds else None,
        "groups": scan.group_count,
        "full_scan_estimate_s": round(scan.partner_total * seconds / scan.partner_done)
        if scan.partner_done
        else None,
        "p50_ms": round(seconds * 1000 / max(scan.partner_done, 1), 2),
    }


@measure("duplicate_key_fill")
def _measure_key_fill(env, ctx):
    """Keys of all partners computed in SQL batches, then their indexes built, as at install."""
    cr = env.cr
    indexes = [f"res_partner__{fname}_index" for fname in KEY_FIELDS] + list(TRIGRAM_INDEXES)
    cr.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [indexes])
    definitions = cr.fetchall()
    for name, _definition in definitions:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    cr.execute(
        "UPDATE res_partner SET customer_name_key = NULL, customer_name_core_key = NULL, customer_phone_key = NULL,"
        " customer_mobile_key = NULL, customer_email_key = NULL, customer_vat_key = NULL"
    )
    start = time.perf_counter()
    rows = env["res.partner"]._customer_fill_duplicate_keys()
    fill_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for _name, definition in definitions:
        cr.execute(definition)  # the definitions PostgreSQL gave back
    index_seconds = time.perf_counter() - start
    cr.execute("ANALYZE res_partner")
    return {
        "rows": rows,
        "fill_seconds": round(fill_seconds, 1),
        "rows_per_s": round(rows / fill_seconds) if fill_seconds else None,
        "index_seconds": round(index_seconds, 1),
        "p50_ms": round(fill_seconds * 1000),
    }
