# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The pure date rules of the campaign calendar (no database)."""

from datetime import date

from odoo.tests import BaseCase

from ..tools import campaign_dates as cd
from ..tools.scoring import clamp_score, grade_of


class TestCampaignDates(BaseCase):
    def test_occurrence_across_year_end(self):
        """A period from December to January finds a January birthday in the next year."""
        self.assertEqual(cd.occurrences(1, 5, date(2026, 12, 15), date(2027, 1, 15)), [date(2027, 1, 5)])
        self.assertEqual(cd.occurrences(12, 20, date(2026, 12, 15), date(2027, 1, 15)), [date(2026, 12, 20)])
        self.assertEqual(cd.occurrences(11, 20, date(2026, 12, 15), date(2027, 1, 15)), [])

    def test_leap_day_on_28_february_in_common_years(self):
        """A 29 February birthday is celebrated on 28 February in a common year, on the 29th in a leap year."""
        self.assertEqual(cd.occurrences(2, 29, date(2027, 2, 1), date(2027, 3, 31)), [date(2027, 2, 28)])
        self.assertEqual(cd.occurrences(2, 29, date(2028, 2, 1), date(2028, 3, 31)), [date(2028, 2, 29)])
        self.assertEqual(cd.occurrences(2, 29, date(2028, 3, 1), date(2028, 3, 31)), [])

    def test_month_day_ranges(self):
        """The SQL filter ranges: one inside a year, two across a year end, 29 February added when the 28th
        of a common year is in the period, the whole year for a year-long period."""
        cases = [
            ((date(2026, 5, 1), date(2026, 5, 31)), [(501, 531)]),
            ((date(2026, 12, 15), date(2027, 1, 15)), [(1215, 1231), (101, 115)]),
            ((date(2027, 2, 20), date(2027, 3, 5)), [(220, 305)]),
            ((date(2027, 2, 10), date(2027, 2, 28)), [(210, 228), (229, 229)]),
            ((date(2028, 2, 10), date(2028, 2, 28)), [(210, 228)]),
            ((date(2027, 12, 20), date(2028, 2, 28)), [(1220, 1231), (101, 228)]),
            ((date(2027, 3, 1), date(2027, 3, 31)), [(301, 331)]),
            ((date(2026, 1, 1), date(2026, 12, 31)), [(101, 1231)]),
            ((date(2026, 5, 2), date(2026, 5, 1)), []),
        ]
        for (start, end), expected in cases:
            with self.subTest(start=start, end=end):
                self.assertEqual([tuple(r) for r in cd.month_day_ranges(start, end)], expected)

    def test_family_days_by_country(self):
        """Mother's and Father's Day follow each country's own rule (2026 and 2027)."""
        expected = {
            ("mothers_day", 2026): {"CO": date(2026, 5, 10), "MX": date(2026, 5, 10), "VE": date(2026, 5, 10),
                                    "ES": date(2026, 5, 3)},
            ("mothers_day", 2027): {"CO": date(2027, 5, 9), "MX": date(2027, 5, 10), "VE": date(2027, 5, 9),
                                    "ES": date(2027, 5, 2)},
            ("fathers_day", 2026): {"CO": date(2026, 6, 21), "MX": date(2026, 6, 21), "VE": date(2026, 6, 21),
                                    "ES": date(2026, 3, 19)},
        }  # fmt: skip
        for (occasion, year), by_country in expected.items():
            found = cd.family_days(occasion, date(year, 1, 1), date(year, 12, 31))
            with self.subTest(occasion=occasion, year=year):
                self.assertEqual({code: dates[0] for code, dates in found.items()}, by_country)

    def test_family_days_only_inside_the_period(self):
        """Only the countries whose day falls in the period, and only the chosen countries."""
        found = cd.family_days("mothers_day", date(2026, 5, 1), date(2026, 5, 5))
        self.assertEqual(found, {"ES": [date(2026, 5, 3)]})
        self.assertEqual(cd.family_days("mothers_day", date(2026, 5, 1), date(2026, 5, 31), countries={"MX"}),
                         {"MX": [date(2026, 5, 10)]})  # fmt: skip

    def test_score_and_grade(self):
        """Points are kept within 0–100; grades A from 75, B from 50, C from 25, D below."""
        self.assertEqual([clamp_score(p) for p in (-5, 0, 55, 130)], [0, 0, 55, 100])
        self.assertEqual([grade_of(s) for s in (100, 75, 74, 50, 49, 25, 24, 0)], list("AABBCCDD"))
