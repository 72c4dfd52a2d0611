"""Segmentation measures (issue 13, P5): segments counted and paged against the plain domain they stand for,
the nightly score recompute, the campaign calendar for one month."""

import statistics
import time
from datetime import date

from tests.bench.bench import measure, timed

# The 3-condition domain of P5: "Recurrentes con calificación > 7 en Bogotá".
DOMAIN_A = [("customer_type_id.code", "=", "recurrent"), ("customer_rating", ">", 7), ("city", "=", "Bogotá")]
DOMAIN_B = [("customer_purchase_count", ">=", 20), ("country_id.code", "=", "MX")]
PAGE_SPEC = {"display_name": {}, "email": {}, "phone": {}, "city": {}, "country_id": {"fields": {}}}
# The web client's list asks for the first page with count_limit = its DEFAULT_COUNT_LIMIT (10,000) + 1: the
# total is counted up to 10,001 rows (shown as "1-80 / 10000+" beyond), not over the whole segment.
COUNT_LIMIT = 10001


def profile_base(env, ctx):
    """Give the synthetic partners a customer profile spread like a real base (type, rating, purchases,
    birthday, customer since), once per run, in the run's transaction (rolled back at the end)."""
    if ctx.get("segmentation_profiled"):
        return
    types = [
        env.ref(f"customer_base.customer_type_{code}").id for code in ("recurrent", "eventual", "special")
    ]
    start = time.perf_counter()
    env.flush_all()
    env.cr.execute(
        """UPDATE res_partner
              SET customer_type_id = (%s::int[])[1 + (id * 7) %% 3],
                  customer_rating = 1 + (id * 31) %% 10,
                  customer_purchase_count = (id * 13) %% 25,
                  customer_birthday = date '1950-01-01' + ((id * 37) %% 18000),
                  customer_since = date '2015-01-01' + ((id * 11) %% 3600)
            WHERE customer_type_id IS NULL""",
        [types],
    )
    env.cr.execute("ANALYZE res_partner")
    env.invalidate_all()
    ctx["segmentation_profiled"] = round(time.perf_counter() - start, 1)


def timed_pair(first, second, repeat):
    """p50/p95 (ms) of two functions called alternately, so that both meet the same caches and load."""
    samples = ([], [])
    for _ in range(repeat):
        for func, bucket in ((first, samples[0]), (second, samples[1])):
            start = time.perf_counter()
            func()
            bucket.append((time.perf_counter() - start) * 1000)
    result = []
    for bucket in samples:
        bucket.sort()
        result.append(
            {
                "p50_ms": round(statistics.median(bucket), 2),
                "p95_ms": round(bucket[min(len(bucket) - 1, int(len(bucket) * 0.95))], 2),
            }
        )
    return result


def compare(env, ctx, segment, plain):
    """Count and first page of ``segment`` (searched as "in segment") against stock Odoo on ``plain``."""
    Partner = env["res.partner"]
    by_segment = [("segment_ids", "in", segment.ids)]
    Partner.search_count(by_segment)  # warm-up
    count, stock_count = timed_pair(
        lambda: Partner.search_count(by_segment), lambda: Partner.search_count(plain), ctx["repeat"]
    )
    page, stock_page = timed_pair(
        lambda: Partner.web_search_read(by_segment, PAGE_SPEC, limit=80, count_limit=COUNT_LIMIT),
        lambda: Partner.web_search_read(plain, PAGE_SPEC, limit=80, count_limit=COUNT_LIMIT),
        ctx["repeat"],
    )
    return {
        "p50_ms": count["p50_ms"],
        "p95_ms": count["p95_ms"],
        "ratio": round(count["p50_ms"] / stock_count["p50_ms"], 3),
        "stock_count_p50_ms": stock_count["p50_ms"],
        "page_p50_ms": page["p50_ms"],
        "page_p95_ms": page["p95_ms"],
        "stock_page_p50_ms": stock_page["p50_ms"],
        "page_ratio": round(page["p50_ms"] / stock_page["p50_ms"], 3),
        "members": Partner.search_count(by_segment),
        "profile_s": ctx["segmentation_profiled"],
    }


@measure("segment_dynamic")
def _measure_dynamic(env, ctx):
    """A dynamic segment with a 3-condition domain: count (p50/p95, ratio to stock search_count of the same
    domain with the customer condition) and first page of 80 (page_*)."""
    profile_base(env, ctx)
    segment = env["customer.segment"].create({"name": "Bench A", "domain": repr(DOMAIN_A)})
    return compare(env, ctx, segment, [("is_customer", "=", True), *DOMAIN_A])


@measure("segment_combined")
def _measure_combined(env, ctx):
    """A combined segment, the union of two dynamic ones, against the plain OR of their domains."""
    profile_base(env, ctx)
    Segment = env["customer.segment"]
    a = Segment.create({"name": "Bench A", "domain": repr(DOMAIN_A)})
    b = Segment.create({"name": "Bench B", "domain": repr(DOMAIN_B)})
    union = Segment.create(
        {"name": "Bench A ∪ B", "kind": "combined", "include_segment_ids": [(6, 0, (a | b).ids)]}
    )
    plain = ["&", ("is_customer", "=", True), "|", "&", "&", *DOMAIN_A, "&", *DOMAIN_B]
    return compare(env, ctx, union, plain)


@measure("segment_static")
def _measure_static(env, ctx):
    """A static segment of 100,000 members (a tenth of the base below 1M), filled in one INSERT, against
    stock Odoo searching the same ids through the many2many."""
    profile_base(env, ctx)
    size = min(100000, ctx["partners"] // 10)
    segment = env["customer.segment"].create({"name": "Bench static", "kind": "static"})
    start = time.perf_counter()
    env.cr.execute(
        "SELECT id FROM res_partner WHERE is_customer ORDER BY (id::bigint * 7919) %% 1000003 LIMIT %s",
        [size],
    )
    ids = [row[0] for row in env.cr.fetchall()]
    segment._segment_add_members([("id", "in", ids)])
    fill = round(time.perf_counter() - start, 2)
    result = compare(
        env, ctx, segment, [("is_customer", "=", True), ("customer_static_segment_ids", "in", segment.ids)]
    )
    result["fill_s"] = fill
    return result


@measure("score_recompute_all")
def _measure_score(env, ctx):
    """The nightly recompute of every customer's business-potential score with the shipped rules (rows/s
    looked at; 1 % of the ratings changed since the first fill), and that first fill (every row written)."""
    profile_base(env, ctx)
    env.flush_all()
    Rule = env["customer.score.rule"]
    start = time.perf_counter()
    first = Rule._score_recompute_all()
    first_s = time.perf_counter() - start
    # the next night: every customer looked at again, only changed scores written
    env.cr.execute("UPDATE res_partner SET customer_rating = 9 WHERE id % 100 = 0 AND customer_rating < 8")
    env.invalidate_all()
    start = time.perf_counter()
    nightly = Rule._score_recompute_all()
    nightly_s = time.perf_counter() - start
    return {
        "rows_per_s": round(nightly.processed / nightly_s, 1),
        "nightly_s": round(nightly_s, 2),
        "nightly_changed": nightly.changed,
        "first_fill_s": round(first_s, 2),
        "first_fill_rows_per_s": round(first.processed / first_s, 1),
        "scored": first.changed,
    }


@measure("campaign_calendar_month")
def _measure_calendar(env, ctx):
    """Próximas fechas for one month (May: birthdays, anniversaries, Mother's Day, profession days)."""
    profile_base(env, ctx)
    Partner = env["res.partner"]
    occasions = ["birthday", "anniversary", "mothers_day", "fathers_day", "profession"]
    rows = []

    def run():
        rows[:] = Partner._customer_upcoming_dates(occasions, date(2027, 5, 1), date(2027, 5, 31))

    result = timed(run, max(3, ctx["repeat"] // 10))
    result["rows"] = len(rows)
    return result


@measure("segment_group_by")
def _measure_group_by(env, ctx):
    """The customers grouped by segment (the shipped segments: V1–V4 and the audiences; one _read_group per
    segment) against stock Odoo counting each segment's plain domain one after the other; ratio = group-by /
    stock counts."""
    profile_base(env, ctx)
    Partner = env["res.partner"]
    customers = Partner._customer_domain()
    groups = Partner._segment_groups()
    plains = [[*customers, *group.domain] for group in groups]
    grouped, stock = timed_pair(
        lambda: Partner.read_group(customers, [], ["segment_ids"]),
        lambda: [Partner.search_count(plain) for plain in plains],
        max(3, ctx["repeat"] // 10),
    )
    grouped["stock_counts_p50_ms"] = stock["p50_ms"]
    grouped["ratio"] = round(grouped["p50_ms"] / stock["p50_ms"], 3)
    grouped["segments"] = len(groups) - 1
    return grouped


@measure("stage_funnel")
def _measure_funnel(env, ctx):
    """The lifecycle funnel of this year (entries per stage, conversion to a later stage) over the stage
    history: every partner has at least its first stay."""
    Report = env["customer.stage.funnel.report"]
    year = date.today().year
    domain = [("date", ">=", f"{year}-01-01 00:00:00"), ("date", "<", f"{year + 1}-01-01 00:00:00")]
    result = timed(
        lambda: Report.read_group(domain, ["conversion_rate:avg", "converted_count:sum"], ["stage_id"]),
        max(3, ctx["repeat"] // 10),
    )
    env.cr.execute("SELECT count(*) FROM customer_stage_history")
    result["history_rows"] = env.cr.fetchone()[0]
    return result


@measure("quality_kpis")
def _measure_quality(env, ctx):
    """The data-quality board: every indicator counted (completeness, invalid phones and emails, possible
    duplicates, expired consents), as the web client reads the cards."""
    Kpi = env["customer.quality.kpi"]

    def read_cards():
        Kpi.invalidate_model()
        Kpi.search([]).read(["customer_count", "share", "value"])

    result = timed(read_cards, max(3, ctx["repeat"] // 10))
    result["cards"] = Kpi.search_count([])
    return result
