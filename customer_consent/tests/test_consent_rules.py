# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The pure consent rules (no database)."""

import datetime

from odoo.tests import BaseCase

from ..tools.consent_rules import (
    ConsentStatus,
    consent_key,
    counts,
    current_status,
    expiry_date,
    parse_consent_key,
)

D = datetime.date


class TestConsentRules(BaseCase):
    def test_expiry_date(self):
        """The shortest of the purpose's validity and, for second-party data, the second-party limit."""
        given = D(2026, 1, 1)
        cases = [
            ((0, "first", 180), None),
            ((365, "first", 180), D(2027, 1, 1)),
            ((365, "second", 180), D(2026, 6, 30)),
            ((0, "second", 180), D(2026, 6, 30)),
            ((90, "second", 180), D(2026, 4, 1)),
            ((0, "second", 0), None),
            ((30, "third", 180), D(2026, 1, 31)),
        ]
        for (validity, origin, second), expected in cases:
            with self.subTest(validity=validity, origin=origin, second=second):
                self.assertEqual(expiry_date(given, validity, origin, second), expected)

    def test_counts(self):
        """Explicit purposes count only a granted, unexpired consent; others everything but an objection."""
        today = D(2026, 5, 10)
        cases = [
            (ConsentStatus("granted", None), True, True),
            (ConsentStatus("granted", D(2026, 5, 11)), True, True),
            (ConsentStatus("granted", D(2026, 5, 10)), True, False),  # stops counting the day it expires
            (ConsentStatus("expired", D(2026, 5, 1)), True, False),
            (ConsentStatus("pending", None), True, False),
            (ConsentStatus("refused", None), True, False),
            (ConsentStatus("withdrawn", None), True, False),
            (ConsentStatus(None, None), True, False),
            (ConsentStatus(None, None), False, True),
            (ConsentStatus("pending", None), False, True),
            (ConsentStatus("expired", None), False, True),
            (ConsentStatus("refused", None), False, False),
            (ConsentStatus("withdrawn", None), False, False),
        ]
        for status, explicit, expected in cases:
            with self.subTest(status=status, explicit=explicit):
                self.assertEqual(counts(status, today, explicit), expected)

    def test_current_status(self):
        """The latest decision wins over any pending answer; a pending answer shows only without decision."""
        self.assertEqual(current_status([]), ConsentStatus(None, None))
        self.assertEqual(current_status([(1, "pending", None)]).state, "pending")
        self.assertEqual(current_status([(1, "granted", None), (2, "pending", None)]).state, "granted")
        self.assertEqual(current_status([(3, "withdrawn", None), (1, "granted", None)]).state, "withdrawn")
        self.assertEqual(
            current_status([(1, "refused", None), (5, "granted", D(2027, 1, 1))]).expiry_date, D(2027, 1, 1)
        )

    def test_consent_key(self):
        """Keys are purpose_code:channel; anything else is refused."""
        self.assertEqual(parse_consent_key(consent_key("marketing", "email")), ("marketing", "email"))
        self.assertEqual(parse_consent_key("a:b:sms"), ("a:b", "sms"))
        for bad in ("", "marketing", "marketing:fax", ":email", None):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                parse_consent_key(bad)
