# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The business-potential score from rule points, without the ORM."""

from typing import NamedTuple


class Grade(NamedTuple):
    code: str
    min_score: int


# From the best grade down: a score of at least ``min_score`` earns the grade.
GRADES = (Grade("A", 75), Grade("B", 50), Grade("C", 25), Grade("D", 0))

SCORE_MIN, SCORE_MAX = 0, 100


def clamp_score(points):
    """The score of a customer: the sum of the points of the rules met, kept within 0–100."""
    return max(SCORE_MIN, min(SCORE_MAX, points))


def grade_of(score):
    """The grade (A–D) of a score."""
    for grade in GRADES:
        if score >= grade.min_score:
            return grade.code
    return GRADES[-1].code


def score_sql(points_sql):
    """:func:`clamp_score` as SQL over an integer expression (an ``odoo.tools.SQL``)."""
    from odoo.tools import SQL  # noqa: PLC0415 - the pure helpers above need no Odoo

    return SQL("GREATEST(%s, LEAST(%s, %s))", SCORE_MIN, SCORE_MAX, points_sql)


def grade_sql(score):
    """:func:`grade_of` as SQL over a score expression, from the same :data:`GRADES` table."""
    from odoo.tools import SQL  # noqa: PLC0415

    branches = SQL(" ").join(SQL("WHEN %s >= %s THEN %s", score, g.min_score, g.code) for g in GRADES[:-1])
    return SQL("(CASE %s ELSE %s END)::varchar", branches, GRADES[-1].code)
