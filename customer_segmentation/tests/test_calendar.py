# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Próximas fechas: birthdays, anniversaries, Mother's/Father's Day by country, profession days."""

from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SegmentCase


@tagged("post_install", "-at_install")
class TestCalendar(SegmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        country = cls.env.ref
        cls.co, cls.mx, cls.es = country("base.co"), country("base.mx"), country("base.es")
        make = cls.Partner.create
        cls.new_year = make(
            {"name": "Ana Enero", "customer_birthday": "1990-01-03", "email": "ana@example.com"}
        )
        cls.december = make({"name": "Beto Diciembre", "customer_birthday": "1985-12-30"})
        cls.leap = make({"name": "Carla Bisiesta", "customer_birthday": "1996-02-29"})
        cls.since = make({"name": "Dulces Antiguos", "customer_since": "2020-01-02", "is_company": True})
        cls.since_new = make({"name": "Dulces Nuevos", "customer_since": "2027-01-02", "is_company": True})
        cls.mother_co = make({"name": "Madre Colombia", "country_id": cls.co.id, "customer_children": 2})
        cls.mother_mx = make({"name": "Madre México", "country_id": cls.mx.id, "customer_children": 1})
        cls.no_children = make({"name": "Sin hijos", "country_id": cls.co.id, "customer_children": 0})
        cls.spain = make({"name": "Padre España", "country_id": cls.es.id, "customer_children": 1})
        cls.doctor = make(
            {
                "name": "Doctora",
                "customer_profession_id": cls.env.ref("customer_base.customer_profession_doctor").id,
            }
        )
        cls.ours = (cls.new_year | cls.december | cls.leap | cls.since | cls.since_new | cls.mother_co
                    | cls.mother_mx | cls.no_children | cls.spain | cls.doctor)  # fmt: skip

    def dates(self, occasions, start, end, **kwargs):
        rows = self.Partner._customer_upcoming_dates(occasions, start, end, **kwargs)
        return {
            (row.partner_id, row.date, row.occasion, row.years)
            for row in rows
            if row.partner_id in self.ours.ids
        }

    def test_birthdays_across_the_year_end(self):
        """From mid December to mid January: the December birthday this year, the January one next year, with
        the age they turn."""
        found = self.dates(["birthday"], date(2026, 12, 15), date(2027, 1, 15))
        self.assertEqual(
            found,
            {
                (self.december.id, date(2026, 12, 30), "birthday", 41),
                (self.new_year.id, date(2027, 1, 3), "birthday", 37),
            },
        )

    def test_29_february_birthdays(self):
        """29 February birthdays: on 28 February in a common year, on the 29th in a leap year, not in March."""
        self.assertEqual(
            self.dates(["birthday"], date(2027, 2, 25), date(2027, 3, 10)),
            {(self.leap.id, date(2027, 2, 28), "birthday", 31)},
        )
        self.assertEqual(
            self.dates(["birthday"], date(2028, 2, 25), date(2028, 3, 10)),
            {(self.leap.id, date(2028, 2, 29), "birthday", 32)},
        )
        self.assertEqual(self.dates(["birthday"], date(2027, 3, 1), date(2027, 3, 10)), set())
        self.assertEqual(self.dates(["birthday"], date(2028, 2, 28), date(2028, 2, 28)), set())

    def test_customer_anniversaries(self):
        """Years as a customer, across the year end; not the year the customer started."""
        found = self.dates(["anniversary"], date(2026, 12, 20), date(2027, 1, 10))
        self.assertEqual(found, {(self.since.id, date(2027, 1, 2), "anniversary", 7)})

    def test_mothers_day_by_country(self):
        """Mother's Day in May 2026: Colombia on the 10th (second Sunday), México on the 10th (fixed); only
        customers with children; Spain's (3 May) outside a period from the 5th."""
        found = self.dates(["mothers_day"], date(2026, 5, 5), date(2026, 5, 31))
        self.assertEqual(
            found,
            {
                (self.mother_co.id, date(2026, 5, 10), "mothers_day", 0),
                (self.mother_mx.id, date(2026, 5, 10), "mothers_day", 0),
            },
        )
        only_co = self.dates(["mothers_day"], date(2026, 5, 1), date(2026, 5, 31), countries=["CO"])
        self.assertEqual({row[0] for row in only_co}, {self.mother_co.id})

    def test_fathers_day_in_spain_is_san_jose(self):
        found = self.dates(["fathers_day"], date(2027, 3, 1), date(2027, 3, 31))
        self.assertEqual(found, {(self.spain.id, date(2027, 3, 19), "fathers_day", 0)})

    def test_profession_days(self):
        """Doctors' Day (3 December) for the doctors."""
        found = self.dates(["profession"], date(2026, 11, 25), date(2026, 12, 5))
        self.assertEqual(found, {(self.doctor.id, date(2026, 12, 3), "profession", 0)})

    def test_consent_hook_excludes(self):
        """Customers the consent hook rules out for the channel are left out; without a channel nobody is."""
        Partner = type(self.Partner)
        excluded = self.new_year

        def consent_domain(model, channel, purpose_code=None):
            return [("id", "!=", excluded.id)] if channel == "email" else []

        period = (date(2026, 12, 15), date(2027, 1, 15))
        with patch.object(Partner, "_customer_consent_domain", consent_domain, create=True):
            by_email = {row[0] for row in self.dates(["birthday"], *period, channel="email")}
            by_phone = {row[0] for row in self.dates(["birthday"], *period, channel="phone")}
        self.assertEqual(by_email, {self.december.id})
        self.assertEqual(by_phone, {self.december.id, self.new_year.id})
        self.assertEqual(
            {row[0] for row in self.dates(["birthday"], *period)}, {self.december.id, self.new_year.id}
        )

    def test_a_hook_letting_everyone_through_excludes_nobody(self):
        """customer_base's hook without a consent addon (everyone may be contacted): a channel excludes nobody."""
        period = (date(2026, 12, 15), date(2027, 1, 15))
        with patch.object(type(self.Partner), "_customer_consent_domain", lambda *a, **k: [], create=True):
            by_email = {row[0] for row in self.dates(["birthday"], *period, channel="email")}
        self.assertEqual(by_email, {self.december.id, self.new_year.id})

    def test_wizard_lists_saves_and_exports(self):
        """The wizard lists the dates, saves its customers as a static segment, opens them as a list."""
        wizard = self.env["customer.upcoming.dates.wizard"].create(
            {"date_from": "2026-12-15", "date_to": "2027-01-15", "include_mothers_day": False,
             "include_fathers_day": False}
        )  # fmt: skip
        wizard.action_find()
        lines = wizard.line_ids.filtered(lambda line: line.partner_id in self.ours)
        self.assertEqual(
            set(lines.mapped("partner_id.name")), {"Beto Diciembre", "Ana Enero", "Dulces Antiguos"}
        )
        self.assertEqual(lines.filtered(lambda line: line.partner_id == self.new_year).label, "Birthday")
        action = wizard.action_save_segment()
        segment = self.env["customer.segment"].browse(action["res_id"])
        self.assertEqual(segment.kind, "static")
        self.assertEqual(segment.partner_ids, wizard.line_ids.partner_id)
        listing = wizard.action_open_list()
        self.assertEqual(self.env["customer.upcoming.date"].search(listing["domain"]), wizard.line_ids)

    def test_period_limits(self):
        """A period ending before it starts, or longer than a year, is refused."""
        Wizard = self.env["customer.upcoming.dates.wizard"]
        for start, end in (("2027-01-10", "2027-01-01"), ("2026-01-01", "2027-06-01")):
            with self.subTest(start=start, end=end), self.assertRaises(UserError):
                Wizard.create({"date_from": start, "date_to": end}).action_find()
