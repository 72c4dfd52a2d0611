"""Consent measures (issue 14): the consent check of a campaign list, and the nightly expiry."""

import time

from odoo.tools import SQL
from tests.bench.bench import measure, timed

LIST_SIZE = 100_000


def fill_consents(env):
    """Two current marketing consents per partner (email, WhatsApp), inserted in one statement, with a mix
    of states like a real base: 55 % granted (a tenth of them past their expiry), 15 % withdrawn, 10 %
    refused, 20 % pending. Returns the number of rows. A database already holding consents (filled and
    vacuumed beforehand, as a live base is) is used as it is."""
    env.cr.execute("SELECT count(*) FROM customer_consent")
    existing = env.cr.fetchone()[0]
    if existing:
        return existing
    purpose = env.ref("customer_consent.purpose_marketing")
    text = purpose.text_id
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO customer_consent (partner_id, purpose_id, channel, state, is_current, legal_basis, source,
                                          origin, given_date, expiry_date, text_id, text_version,
                                          create_uid, write_uid, create_date, write_date)
            SELECT p.id, %(purpose)s, c.channel,
                   CASE WHEN s.k < 11 THEN 'granted' WHEN s.k < 14 THEN 'withdrawn'
                        WHEN s.k < 16 THEN 'refused' ELSE 'pending' END,
                   true, 'consent', 'import', 'first', now() - interval '30 days',
                   CASE WHEN s.k < 11 AND mod(p.id, 10) = 0 THEN current_date - 1
                        WHEN s.k < 11 THEN current_date + 700 END,
                   %(text)s, %(version)s, 1, 1, now(), now()
              FROM res_partner p
              CROSS JOIN (VALUES ('email'), ('whatsapp')) AS c(channel)
              CROSS JOIN LATERAL (SELECT mod(p.id * 7 + length(c.channel), 20) AS k) s
             WHERE p.parent_id IS NULL AND p.id NOT IN (SELECT partner_id FROM res_users)
            """,
            purpose=purpose.id,
            text=text.id,
            version=text.version,
        )
    )
    rows = env.cr.rowcount
    env.cr.execute("ANALYZE customer_consent")
    return rows


def _list_domain(env, size):
    """A campaign list of ``size`` customers: a range of ids, as a segment would select them."""
    env.cr.execute("SELECT id FROM res_partner WHERE parent_id IS NULL ORDER BY id OFFSET %s LIMIT 1", [size])
    row = env.cr.fetchone()
    return [("id", "<", row[0])] if row else []


def _scattered_list_domain(env, size):
    """A campaign list spread over the whole base: the customers of the city whose count is nearest
    ``size`` (a segment on a profile field selects them so)."""
    env.cr.execute(
        """
        SELECT city, count(*) FROM res_partner WHERE parent_id IS NULL AND city IS NOT NULL
         GROUP BY city ORDER BY abs(count(*) - %s), city LIMIT 1
        """,
        [size],
    )
    row = env.cr.fetchone()
    return ([("city", "=", row[0])], row[1]) if row else ([], 0)


@measure("consent_campaign_list_check")
def _measure_campaign_check(env, ctx):
    """The consent check of a campaign list of 100k customers (``_customer_consent_domain('email',
    'marketing')`` ANDed to the list's domain; ids fetched as a mailing does), against the stock filter on
    Odoo's email blacklist over the same list (ratio = consent / blacklist)."""
    size = min(LIST_SIZE, ctx["partners"])
    return _campaign_check(env, ctx, _list_domain(env, size), size)


@measure("consent_campaign_list_check_scattered")
def _measure_campaign_check_scattered(env, ctx):
    """The same check on a list spread over the base (one city's customers, about 100k at 1M partners):
    PostgreSQL cannot merge it with the consents in id order and reads every current grant."""
    domain, size = _scattered_list_domain(env, min(LIST_SIZE, ctx["partners"]))
    return _campaign_check(env, ctx, domain, size)


def _campaign_check(env, ctx, base, size):
    start = time.perf_counter()
    rows = fill_consents(env)
    fill_seconds = time.perf_counter() - start
    partners = env["res.partner"]
    consent_domain = base + partners._customer_consent_domain("email", "marketing")
    stock_domain = [*base, ("is_blacklisted", "=", False)]

    def consent_check():
        env.invalidate_all()
        return partners._search(consent_domain, order="id").get_result_ids()

    def stock_check():
        env.invalidate_all()
        return partners._search(stock_domain, order="id").get_result_ids()

    allowed = len(consent_check())
    result = timed(consent_check, ctx["repeat"])
    baseline = timed(stock_check, ctx["repeat"])
    result.update(
        consents=rows,
        fill_rows_per_s=round(rows / fill_seconds),
        list_size=size,
        allowed=allowed,
        stock_p50_ms=baseline["p50_ms"],
        ratio=round(result["p50_ms"] / baseline["p50_ms"], 3),
    )
    return result


@measure("consent_expiry_cron")
def _measure_expiry_cron(env, ctx):
    """The nightly expiry: granted consents past their expiry marked expired in batches of 5,000, with one
    to-do per customer for the responsible user (rows/s)."""
    env.cr.execute("SELECT count(*) FROM customer_consent")
    if not env.cr.fetchone()[0]:
        fill_consents(env)
    env.cr.execute(
        "SELECT count(*) FROM customer_consent WHERE state = 'granted' AND expiry_date <= current_date"
    )
    due = env.cr.fetchone()[0]
    start = time.perf_counter()
    expired = env["customer.consent"]._cron_expire_consents(batch_size=5000)
    seconds = time.perf_counter() - start
    return {
        "due": due,
        "expired": expired,
        "seconds": round(seconds, 2),
        "rows_per_s": round(expired / seconds, 1),
    }
