# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The data completeness score: the share of key field entries filled, in Python and as SQL (one rule).

The ORM computes it per partner (``_compute_customer_completeness``); an install or a changed key field list
fills it for every partner with the SQL below, built from the same entries. Both round the same float:
Python's ``round`` and PostgreSQL's ``round(double precision)`` round half to even (1 of 8 is 12).
"""

from odoo.tools import SQL


def parse_completeness_spec(text):
    """The entries of a completeness field list: a tuple of alternatives (field names) per entry.

    ``"email,phone|mobile"`` is ``[("email",), ("phone", "mobile")]``: an entry is filled when any of its
    fields is.
    """
    entries = []
    for entry in (text or "").split(","):
        names = tuple(name.strip() for name in entry.split("|") if name.strip())
        if names:
            entries.append(names)
    return entries


def completeness_score(filled, total):
    """The score, in percent, of ``filled`` entries out of ``total`` (100 when nothing counts)."""
    return round(100 * filled / total) if total else 100


def completeness_score_sql(filled_conditions):
    """The same score as an SQL integer expression, from one SQL boolean condition per entry."""
    if not filled_conditions:
        return SQL("100")
    filled = SQL(" + ").join(SQL("(CASE WHEN %s THEN 1 ELSE 0 END)", cond) for cond in filled_conditions)
    return SQL("round((100 * (%s))::float8 / %s)::int4", filled, len(filled_conditions))
