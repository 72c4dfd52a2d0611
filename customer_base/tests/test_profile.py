# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCustomerProfile(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.recurrent = cls.env.ref("customer_base.customer_type_recurrent")
        cls.eventual = cls.env.ref("customer_base.customer_type_eventual")

    # --- names ------------------------------------------------------------------------------------
    def test_first_and_last_names_make_the_name(self):
        """A person's name is their first names followed by their last names, and follows changes."""
        person = self.Partner.create(
            {"customer_first_name": "Ana María", "customer_last_name": "Restrepo Gil"}
        )
        self.assertEqual(person.name, "Ana María Restrepo Gil")
        person.customer_last_name = "Restrepo"
        self.assertEqual(person.name, "Ana María Restrepo")

    def test_name_is_split_for_persons(self):
        """A person created or renamed with a full name gets first and last names (two surnames)."""
        person = self.Partner.create({"name": "Luisa Fernanda Ospina Gómez"})
        self.assertEqual(
            (person.customer_first_name, person.customer_last_name), ("Luisa Fernanda", "Ospina Gómez")
        )
        person.name = "Camilo Rojas"
        self.assertEqual((person.customer_first_name, person.customer_last_name), ("Camilo", "Rojas"))
        self.assertEqual(self.Partner._customer_split_name("Luis Pérez Gómez"), ("Luis", "Pérez Gómez"))
        self.assertEqual(self.Partner._customer_split_name("Madonna"), ("Madonna", False))

    def test_companies_keep_one_name(self):
        """Companies are not split into first and last names."""
        company = self.Partner.create({"name": "Dulces Bolívar C.A.", "is_company": True})
        self.assertFalse(company.customer_first_name or company.customer_last_name)
        company.name = "Dulces Bolívar"
        self.assertEqual(company.name, "Dulces Bolívar")

    def test_search_finds_first_or_last_name(self):
        """Searching customers by a first name or a last name finds the person."""
        person = self.Partner.create(
            {"customer_first_name": "Yusmary", "customer_last_name": "Perdomo Zambrano"}
        )
        for term in ("Yusmary", "Zambrano"):
            found = self.Partner.name_search(term)
            self.assertIn(person.id, [pid for pid, _name in found], term)
        self.assertEqual(self.Partner.search([("customer_last_name", "ilike", "zambrano")]), person)

    # --- addresses --------------------------------------------------------------------------------
    def test_office_and_home_addresses_are_delivery_addresses(self):
        """Office and home addresses appear as delivery addresses, follow changes and are archived when emptied."""
        customer = self.Partner.create(
            {
                "name": "Hotel Santa Marta",
                "is_company": True,
                "city": "Santa Marta",
                "country_id": self.env.ref("base.co").id,
                "customer_office_address": "Calle 22 # 1-10",
                "customer_home_address": "Carrera 4 # 20-30",
            }
        )
        office = customer.child_ids.filtered(lambda c: c.customer_address_kind == "office")
        home = customer.child_ids.filtered(lambda c: c.customer_address_kind == "home")
        self.assertEqual(
            (office.type, office.street, office.city), ("delivery", "Calle 22 # 1-10", "Santa Marta")
        )
        self.assertEqual(home.street, "Carrera 4 # 20-30")
        self.assertIn(customer.address_get(["delivery"])["delivery"], (office | home).ids)
        customer.customer_office_address = "Calle 23 # 2-20"
        self.assertEqual(office.street, "Calle 23 # 2-20")
        customer.customer_home_address = False
        self.assertFalse(home.active, "an emptied address is archived")
        self.assertTrue(home.exists(), "and never deleted")
        customer.customer_home_address = "Carrera 5 # 1-1"
        self.assertEqual((home.active, home.street), (True, "Carrera 5 # 1-1"))
        self.assertEqual(len(customer.with_context(active_test=False).child_ids), 2)

    def test_one_spreadsheet_row_fills_the_profile(self):
        """One imported row fills names, both addresses, type, rating and channel."""
        result = self.Partner.load(
            [
                "customer_first_name",
                "customer_last_name",
                "customer_office_address",
                "customer_home_address",
                "customer_type_id",
                "customer_rating",
                "customer_channel_id",
                "customer_birthday",
            ],
            [
                [
                    "Valentina",
                    "Gutiérrez",
                    "Calle 10 # 5-20",
                    "Av. 3 # 8-80",
                    "Recurrent",
                    "9",
                    "Referral",
                    "1990-04-12",
                ]
            ],
        )
        self.assertFalse(result["messages"])
        person = self.Partner.browse(result["ids"])
        self.assertEqual(person.name, "Valentina Gutiérrez")
        self.assertEqual(person.customer_type_id, self.recurrent)
        self.assertEqual(person.customer_rating, 9)
        self.assertEqual(person.customer_channel_id, self.env.ref("customer_base.customer_channel_referral"))
        self.assertEqual(sorted(person.child_ids.mapped("customer_address_kind")), ["home", "office"])

    # --- rating and counts ------------------------------------------------------------------------
    def test_rating_defaults_to_five(self):
        """A new customer is rated 5."""
        self.assertEqual(self.Partner.create({"name": "Nuevo"}).customer_rating, 5)

    def test_rating_outside_one_to_ten_is_refused(self):
        """Ratings 0, 11 and -3 are refused with a message naming the range; nothing is saved."""
        customer = self.Partner.create({"name": "Cliente"})
        for rating in (0, 11, -3):
            with (
                self.subTest(rating=rating),
                self.assertRaisesRegex(ValidationError, "between 1 and 10"),
                self.env.cr.savepoint(),
            ):
                customer.write({"customer_rating": rating})
        self.assertEqual(customer.customer_rating, 5)

    def test_import_row_with_bad_rating_is_refused_alone(self):
        """An imported row with rating 12 gets its own error; the good rows are imported."""
        result = self.Partner.load(
            ["name", "customer_rating"], [["Bueno", "7"], ["Malo", "12"], ["Otro", "3"]]
        )
        self.assertTrue(result["messages"])
        self.assertTrue(
            all("between 1 and 10" in m["message"] for m in result["messages"]), result["messages"]
        )
        self.assertIn(1, [m["record"] for m in result["messages"]], "the bad row is named")
        self.assertFalse(result["ids"], "load is all or nothing: the user fixes the row and imports again")
        self.assertFalse(self.Partner.search([("name", "in", ["Bueno", "Malo", "Otro"])]))

    def test_negative_counts_are_refused(self):
        """Products acquired and children cannot be negative."""
        with self.assertRaisesRegex(ValidationError, "negative"):
            self.Partner.create({"name": "X", "customer_children": -1})

    # --- lists ------------------------------------------------------------------------------------
    def test_shipped_customer_types(self):
        """Recurrent, Occasional and Special ship with stable codes; codes are unique."""
        types = self.env["customer.type"].search([])
        self.assertLessEqual({"recurrent", "eventual", "special"}, set(types.mapped("code")))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["customer.type"].create({"name": "Otro", "code": "recurrent"})

    def test_profession_celebration_day_is_a_real_date(self):
        """A profession's celebration day must exist (no 31 April)."""
        with self.assertRaisesRegex(ValidationError, "not a valid day"):
            self.env["customer.profession"].create(
                {"name": "Odontólogo", "celebration_month": "4", "celebration_day": 31}
            )
        doctor = self.env.ref("customer_base.customer_profession_doctor")
        self.assertEqual((doctor.celebration_month, doctor.celebration_day), ("12", 3))

    def test_areas_in_contact(self):
        """A customer lists the areas in contact with them, each area once, with a level."""
        customer = self.Partner.create({"name": "Colegio"})
        sales = self.env.ref("customer_base.customer_area_sales")
        customer.customer_area_contact_ids = [(0, 0, {"area_id": sales.id, "contact_level": "high"})]
        self.assertEqual(customer.customer_area_contact_ids.area_id, sales)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            customer.customer_area_contact_ids = [(0, 0, {"area_id": sales.id})]
            customer.flush_recordset()

    def test_profile_fields_group_filter_and_export(self):
        """Profile fields can be grouped by, filtered and exported."""
        self.Partner.create(
            [
                {"name": "A", "customer_type_id": self.recurrent.id, "customer_rating": 9},
                {"name": "B", "customer_type_id": self.recurrent.id, "customer_rating": 7},
            ]
        )
        groups = self.Partner._read_group(
            [("customer_type_id", "=", self.recurrent.id), ("name", "in", ["A", "B"])],
            ["customer_type_id"],
            ["customer_rating:avg"],
        )
        self.assertEqual(groups, [(self.recurrent, 8.0)])
        rows = self.Partner.search([("name", "in", ["A", "B"])], order="name").export_data(
            ["name", "customer_type_id", "customer_rating"]
        )["datas"]
        self.assertEqual(rows, [["A", "Recurrent", 9], ["B", "Recurrent", 7]])

    def test_profile_tab_in_the_form(self):
        """The Customer Profile tab of the contact form edits the profile."""
        with Form(self.Partner) as form:
            form.name = "Floristería Medellín"
            form.customer_type_id = self.recurrent
            form.customer_preferred_product = "Trufas"
            form.customer_interest_level = "high"
        partner = form.record
        self.assertEqual(
            (partner.customer_type_id, partner.customer_preferred_product, partner.customer_interest_level),
            (self.recurrent, "Trufas", "high"),
        )
