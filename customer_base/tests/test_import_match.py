# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The pure helpers of the customer import (tools/import_match.py), without a database."""

from odoo.tests import BaseCase

from ..tools import import_match as im


class TestImportOptions(BaseCase):
    def test_no_customer_option_is_stock_import(self):
        """Without any customer option the import is Odoo's own."""
        self.assertIsNone(im.parse_options({}))
        self.assertIsNone(im.parse_options({"customer_match_key": False, "customer_valid_rows": False}))
        self.assertIsNone(im.parse_options("email"))

    def test_unknown_match_key_matches_nothing(self):
        """A match key the import does not know is dropped, and "only update" with it."""
        options = im.parse_options({"customer_match_key": "id; DROP TABLE", "customer_only_update": True})
        self.assertEqual(options, im.ImportOptions(None, False, False, False))

    def test_options_round_trip(self):
        """The options survive the context (as a dict of the screen's names)."""
        raw = {"customer_match_key": "phone", "customer_only_update": True, "customer_clear_empty": True,
               "customer_valid_rows": True}  # fmt: skip
        self.assertEqual(im.options_dict(im.parse_options(raw)), raw)


class TestRowKeys(BaseCase):
    def test_keys_are_the_duplicate_detection_keys(self):
        """Each key is normalised as the stored match keys are."""
        cases = [
            ("email", {"email": "  Ana.Perez@Example.COM "}, None, ("ana.perez@example.com",)),
            ("phone", {"phone": "(310) 555-1234", "mobile": "+57 310 555 1234"}, "CO", ("+573105551234",)),
            ("phone", {"phone": "0414 555 1234"}, "VE", ("+584145551234",)),
            ("phone", {"phone": "55 1234 5678", "mobile": "300 000 0000"}, "MX", ("+525512345678",)),
            ("vat", {"vat": "900.123.456-7"}, "CO", ("900123456",)),
            ("ref", {"ref": " C-001 "}, None, ("C-001",)),
            ("name_city", {"name": "Ana Pérez", "city": "Bogotá"}, None, ("ana perez|bogota",)),
            ("name_city", {"customer_first_name": "Ana", "customer_last_name": "PÉREZ", "city": "BOGOTA"}, None,
             ("ana perez|bogota",)),
            ("name_city", {"name": "Ana Pérez"}, None, ()),
            ("email", {"email": "not an email"}, None, ()),
            ("email", {}, None, ()),
        ]  # fmt: skip
        for key, values, country, expected in cases:
            with self.subTest(key=key, values=values):
                self.assertEqual(im.row_keys(key, values, country), expected)


class TestResolve(BaseCase):
    def test_one_match_updates_several_fail_none_creates(self):
        """One customer → update; several → error listing them; none → create (or skip)."""
        found = {"a": {1}, "b": {2, 3}}
        result = im.resolve([("a",), ("b",), ("c",), None], found)
        self.assertEqual([r.action for r in result], [im.UPDATE, im.ERROR, im.CREATE, im.CREATE])
        self.assertEqual(result[0].partner_id, 1)
        self.assertEqual(result[1], im.Resolution(im.ERROR, None, im.AMBIGUOUS, (2, 3)))
        self.assertEqual(
            im.resolve([("c",)], found, only_update=True)[0], im.Resolution(im.SKIP, None, im.NO_MATCH)
        )

    def test_same_customer_twice_in_a_file_is_flagged(self):
        """A second row with the same key, or matching the same customer by another key, points at the first."""
        found = {"p1": {7}, "m1": {7}}
        result = im.resolve([("new",), ("p1",), ("new",), ("m1",)], found)
        self.assertEqual([r.action for r in result], [im.CREATE, im.UPDATE, im.ERROR, im.ERROR])
        self.assertEqual(result[2].other, (0,))
        self.assertEqual(result[3].other, (1,))


class TestCells(BaseCase):
    def test_formula_like_cells(self):
        """Text a spreadsheet would evaluate is recognised (and written as text by our files)."""
        for value in ("=1+1", "+57 310", "-2", "@SUM(A1)", "\t=x"):
            self.assertTrue(im.is_formula_like(value), value)
        for value in ("Ana", "", None, 3, "a=b"):
            self.assertFalse(im.is_formula_like(value), value)

    def test_row_numbers_are_the_file_lines(self):
        """The first data row of a file with headers is its line 2; batches count from their skip."""
        self.assertEqual(im.row_number(0), 2)
        self.assertEqual(im.row_number(3, skip=2000), 2005)
        self.assertEqual(im.row_number(0, has_headers=False), 1)

    def test_yes_no_cells(self):
        for value, expected in (("Sí", True), ("x", True), ("1", True), ("no", False), ("", False)):
            self.assertEqual(im.is_truthy(value), expected, value)


class TestFallbackKeys(BaseCase):
    def test_a_row_without_the_chosen_key_is_matched_by_its_other_contacts(self):
        """Phone chosen, no phone in the row: its email is used, else its tax id; kinds never mix."""
        self.assertEqual(
            im.row_match_keys("phone", {"phone": "+57 310 555 1234"}), (("phone", "+573105551234"),)
        )
        self.assertEqual(im.row_match_keys("phone", {"email": "A@x.com"}), (("email", "a@x.com"),))
        self.assertEqual(im.row_match_keys("ref", {"vat": "B-12345678"}, "ES"), (("vat", "B12345678"),))
        self.assertEqual(im.row_match_keys("email", {"name": "Ana"}), ())
