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
