# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Dates of the campaign calendar, without the ORM: yearly occasions inside a period.

A yearly occasion is a (month, day) pair: a birthday, a customer-since anniversary, a profession's day.
Periods may cross a year end; 29 February is celebrated on 28 February in common years.
Mother's and Father's Day differ by country: :data:`FAMILY_DAYS` is the table (a rule per country, not a
guess).
"""

import calendar
from datetime import date, timedelta
from typing import NamedTuple

SUNDAY = 6


class FixedDay(NamedTuple):
    """The same day every year (e.g. 10 May)."""

    month: int
    day: int


class NthWeekday(NamedTuple):
    """The n-th given weekday of a month (e.g. the second Sunday of May)."""

    month: int
    nth: int
    weekday: int = SUNDAY


# Mother's Day and Father's Day by country (ISO code).
FAMILY_DAYS = {
    "mothers_day": {
        "CO": NthWeekday(5, 2),  # Colombia: second Sunday of May
        "MX": FixedDay(5, 10),  # México: 10 de mayo
        "VE": NthWeekday(5, 2),  # Venezuela: second Sunday of May
        "ES": NthWeekday(5, 1),  # España: first Sunday of May
    },
    "fathers_day": {
        "CO": NthWeekday(6, 3),  # Colombia: third Sunday of June
        "MX": NthWeekday(6, 3),  # México: third Sunday of June
        "VE": NthWeekday(6, 3),  # Venezuela: third Sunday of June
        "ES": FixedDay(3, 19),  # España: San José, 19 de marzo
    },
}


class MonthDayRange(NamedTuple):
    """An inclusive range of month-day numbers (``month * 100 + day``) inside one calendar year."""

    start: int
    end: int


def month_day(value):
    """``month * 100 + day`` of a date, the number the SQL side compares."""
    return value.month * 100 + value.day


def rule_date(rule, year):
    """The date a FixedDay or NthWeekday rule gives in ``year``."""
    if isinstance(rule, FixedDay):
        return yearly_date(rule.month, rule.day, year)
    first = date(year, rule.month, 1)
    offset = (rule.weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (rule.nth - 1))


def yearly_date(month, day, year):
    """The date of a yearly (month, day) occasion in ``year``: 29 February falls on 28 February in a
    common year."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def occurrences(month, day, date_from, date_to):
    """The dates of a yearly (month, day) occasion between ``date_from`` and ``date_to`` (inclusive)."""
    found = []
    for year in range(date_from.year, date_to.year + 1):
        when = yearly_date(month, day, year)
        if date_from <= when <= date_to:
            found.append(when)
    return found


def next_occurrence(month, day, date_from, date_to):
    """The first date of a yearly occasion in the period, or None."""
    found = occurrences(month, day, date_from, date_to)
    return found[0] if found else None


def month_day_ranges(date_from, date_to):
    """Ranges of month-day numbers covering the period, for a SQL filter on a date's month and day.

    A period crossing a year end gives two ranges; a period of a year or more gives the whole year.
    When 28 February of a common year is in the period, 29 February is in the ranges too (its birthdays
    are celebrated that day).
    """
    if date_to < date_from:
        return []
    if (date_to - date_from).days >= 365:
        return [MonthDayRange(101, 1231)]
    start, end = month_day(date_from), month_day(date_to)
    ranges = (
        [MonthDayRange(start, end)] if start <= end else [MonthDayRange(start, 1231), MonthDayRange(101, end)]
    )
    if not any(r.start <= 229 <= r.end for r in ranges) and any(
        not calendar.isleap(year) and date_from <= date(year, 2, 28) <= date_to
        for year in range(date_from.year, date_to.year + 1)
    ):
        ranges.append(MonthDayRange(229, 229))
    return ranges


def family_days(occasion, date_from, date_to, countries=None):
    """{country code: [dates]} of Mother's or Father's Day (``occasion``) inside the period."""
    table = FAMILY_DAYS[occasion]
    found = {}
    for code, rule in table.items():
        if countries and code not in countries:
            continue
        dates = [
            when
            for year in range(date_from.year, date_to.year + 1)
            if date_from <= (when := rule_date(rule, year)) <= date_to
        ]
        if dates:
            found[code] = dates
    return found


def years_since(start, when):
    """Whole years from ``start`` to the occasion ``when`` (age, years as a customer)."""
    return when.year - start.year
