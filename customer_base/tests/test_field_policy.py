# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import make_user

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"
DIRECTOR = "customer_base.group_customer_director"


class PolicyCase(TransactionCase):
    """Tests that change the field policy set the registry up again once their changes are rolled back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.salesperson = make_user(cls.env, "pol_salesperson", SALESPERSON)
        cls.manager = make_user(cls.env, "pol_manager", MANAGER)
        cls.director = make_user(cls.env, "pol_director", DIRECTOR)
        cls.employee = make_user(cls.env, "pol_employee", "base.group_user")
        cls.recurrent = cls.env.ref("customer_base.customer_type_recurrent")
        cls.eventual = cls.env.ref("customer_base.customer_type_eventual")
        cls.special = cls.env.ref("customer_base.customer_type_special")
        cls.customer = cls.Partner.create(
            {
                "name": "Repostería Cholula",
                "is_company": True,
                "customer_type_id": cls.recurrent.id,
                "customer_rating": 8,
            }
        )

    def setUp(self):
        # registered before the test's savepoint rollback, so it runs after it: the registry is set
        # up again from the restored policy
        self.addCleanup(lambda: self.env["res.partner"]._customer_policy_changed())
        super().setUp()

    def field(self, name):
        return self.env["ir.model.fields"]._get("res.partner", name)

    def as_user(self, user, record=None):
        return (record or self.Partner).with_user(user)

    def view_node(self, user, fname, view_type="form"):
        arch = self.Partner.with_user(user).get_views([(False, view_type)])["views"][view_type]["arch"]
        nodes = etree.fromstring(arch).xpath(f"//field[@name='{fname}'][not(ancestor::field)]")
        return nodes[0] if nodes else None


@tagged("post_install", "-at_install")
class TestRatingPolicy(PolicyCase):
    """Seed 004: only the Director changes the customer rating; everyone else only reads it."""

    def test_salesperson_and_manager_cannot_write_rating(self):
        """write() of the rating by a Vendedor or a Responsable raises an AccessError naming the field."""
        for user in (self.salesperson, self.manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(AccessError, "Customer Rating"):
                self.as_user(user, self.customer).write({"customer_rating": 10})
        self.assertEqual(self.customer.customer_rating, 8)

    def test_director_writes_rating(self):
        """The Director changes the rating."""
        self.as_user(self.director, self.customer).write({"customer_rating": 10})
        self.assertEqual(self.customer.customer_rating, 10)

    def test_salesperson_reads_rating(self):
        """Read-only means readable: read, search and group by the rating work for a Vendedor."""
        customer = self.as_user(self.salesperson, self.customer)
        self.assertEqual(customer.read(["customer_rating"])[0]["customer_rating"], 8)
        self.assertIn(self.customer, self.as_user(self.salesperson).search([("customer_rating", "=", 8)]))

    def test_create_with_rating_is_refused(self):
        """A Vendedor creates customers (rated 5 by default) but cannot set their rating."""
        with self.assertRaisesRegex(AccessError, "Customer Rating"):
            self.as_user(self.salesperson).create({"name": "Con nota", "customer_rating": 9})
        created = self.as_user(self.salesperson).create({"name": "Sin nota"})
        self.assertEqual(created.customer_rating, 5)

    def test_user_without_customer_role_gets_the_least_access(self):
        """An employee with no customer role gets the least permissive rule of the field: read-only."""
        with self.assertRaises(AccessError):
            self.as_user(self.employee, self.customer).write({"customer_rating": 9})

    def test_mass_edit_is_refused_as_a_whole(self):
        """Mass edit of the rating over several customers changes none of them."""
        other = self.Partner.create({"name": "Otro", "customer_rating": 4})
        with self.assertRaises(AccessError):
            self.as_user(self.salesperson, self.customer | other).write({"customer_rating": 7})
        self.assertEqual((self.customer | other).mapped("customer_rating"), [8, 4])

    def test_mass_edit_with_name_change_is_refused_before_any_write(self):
        """A write mixing the name and the rating changes nothing (no partial per-record writes)."""
        person = self.Partner.create({"name": "Ana Restrepo"})
        with self.assertRaises(AccessError):
            self.as_user(self.salesperson, person).write({"name": "Ana María Restrepo", "customer_rating": 2})
        self.assertEqual(person.name, "Ana Restrepo")

    def test_import_row_with_rating_is_refused(self):
        """Importing a rating as a Vendedor gives a per-row error naming the field and creates nothing."""
        result = self.as_user(self.salesperson).load(["name", "customer_rating"], [["Importado", "9"]])
        self.assertFalse(result["ids"])
        self.assertIn("Customer Rating", result["messages"][0]["message"])
        self.assertFalse(self.Partner.search([("name", "=", "Importado")]))
        result = self.as_user(self.director).load(["name", "customer_rating"], [["Importado", "9"]])
        self.assertEqual(self.Partner.browse(result["ids"]).customer_rating, 9)

    def test_copy_does_not_carry_the_rating(self):
        """A Vendedor duplicating a customer gets a copy with the default rating, not the original's."""
        copy = self.as_user(self.salesperson, self.customer).copy()
        self.assertEqual(copy.customer_rating, 5)
        self.assertEqual(self.as_user(self.director, self.customer).copy().customer_rating, 8)

    def test_superuser_code_is_not_subject_to_the_policy(self):
        """Odoo's own sudo() code paths (merge, signup) keep writing the field."""
        self.as_user(self.salesperson, self.customer).sudo().write({"customer_rating": 3})
        self.assertEqual(self.customer.customer_rating, 3)

    def test_form_shows_rating_read_only_to_salesperson(self):
        """The form's rating is read-only for a Vendedor and editable for the Director."""
        self.assertEqual(self.view_node(self.salesperson, "customer_rating").get("readonly"), "True")
        self.assertIsNone(self.view_node(self.director, "customer_rating").get("readonly"))
        with Form(self.as_user(self.salesperson, self.customer)) as form, self.assertRaises(AssertionError):
            form.customer_rating = 9
        with Form(self.as_user(self.director, self.customer)) as form:
            form.customer_rating = 9
        self.assertEqual(self.customer.customer_rating, 9)

    def test_inherited_user_field_follows_the_policy(self):
        """res.users inherits partner fields: writing the rating through a user is refused too."""
        user = self.env["res.users"].with_user(self.salesperson).browse(self.salesperson.id)
        with self.assertRaises(AccessError):
            user.sudo(False).write({"customer_rating": 9})


@tagged("post_install", "-at_install")
class TestHiddenFieldPolicy(PolicyCase):
    """A hidden field does not leak to the role it is hidden from, through any path."""

    def setUp(self):
        super().setUp()
        self.customer.customer_preferred_product = "Trufas de maracuyá"
        self.env["customer.field.access"].create(
            [
                {"field_id": self.field("customer_preferred_product").id, "group_id": self.env.ref(MANAGER).id,
                 "access": "edit"},
                {"field_id": self.field("customer_preferred_product").id, "group_id": self.env.ref(SALESPERSON).id,
                 "access": "hidden"},
            ]
        )  # fmt: skip

    def test_hidden_field_is_not_readable(self):
        """read, search_read and web_read refuse the hidden field; a Responsable reads it."""
        customer = self.as_user(self.salesperson, self.customer)
        with self.assertRaises(AccessError):
            customer.read(["customer_preferred_product"])
        with self.assertRaises(AccessError):
            customer.web_read({"customer_preferred_product": {}})
        # read() without field names reads what this returns
        self.assertNotIn("customer_preferred_product", customer.check_field_access_rights("read", None))
        manager = self.as_user(self.manager, self.customer)
        self.assertEqual(
            manager.read(["customer_preferred_product"])[0]["customer_preferred_product"],
            "Trufas de maracuyá",
        )

    def test_hidden_field_cannot_be_searched_or_grouped(self):
        """A search domain or a group by on the hidden field is refused (no guessing the value)."""
        partners = self.as_user(self.salesperson)
        with self.assertRaises(AccessError):
            partners.search([("customer_preferred_product", "ilike", "trufas")])
        with self.assertRaises(AccessError):
            partners.read_group([], ["customer_preferred_product"], ["customer_preferred_product"])
        with self.assertRaises(AccessError):
            partners.search([], order="customer_preferred_product")

    def test_hidden_field_is_not_exported_nor_described(self):
        """fields_get (export list, filters) does not offer it; export_data refuses it."""
        partners = self.as_user(self.salesperson)
        self.assertNotIn("customer_preferred_product", partners.fields_get())
        self.salesperson.groups_id += self.env.ref("base.group_allow_export")
        self.assertTrue(partners.browse(self.customer.id).export_data(["name"])["datas"])
        with self.assertRaises(AccessError):
            partners.browse(self.customer.id).export_data(["name", "customer_preferred_product"])

    def test_hidden_field_cannot_be_written(self):
        """Writing a hidden field is refused."""
        with self.assertRaises(AccessError):
            self.as_user(self.salesperson, self.customer).write({"customer_preferred_product": "Otro"})

    def test_hidden_field_leaves_the_views(self):
        """The form and the search view of a Vendedor have no node of the field; a Responsable's have."""
        self.assertIsNone(self.view_node(self.salesperson, "customer_preferred_product"))
        self.assertIsNone(self.view_node(self.salesperson, "customer_preferred_product", "search"))
        self.assertIsNotNone(self.view_node(self.manager, "customer_preferred_product"))

    def test_hidden_field_does_not_leak_through_users(self):
        """The partner field inherited by res.users is hidden the same way."""
        users = self.env["res.users"].with_user(self.salesperson)
        self.assertNotIn("customer_preferred_product", users.fields_get())
        with self.assertRaises(AccessError):
            users.browse(self.manager.id).read(["customer_preferred_product"])

    def test_removing_the_rule_shows_the_field_again(self):
        """Deleting the hidden rule gives the field back to the Vendedor at once."""
        self.env["customer.field.access"].search(
            [("field_id.name", "=", "customer_preferred_product")]
        ).unlink()
        customer = self.as_user(self.salesperson, self.customer)
        self.assertEqual(
            customer.read(["customer_preferred_product"])[0]["customer_preferred_product"],
            "Trufas de maracuyá",
        )

    def test_the_registry_is_signalled_to_other_workers(self):
        """A policy change marks the registry as changed, so other workers reload it."""
        self.env.registry.registry_invalidated = False
        self.env["customer.field.access"].search(
            [("field_id.name", "=", "customer_preferred_product")]
        ).unlink()
        self.assertTrue(self.env.registry.registry_invalidated)


@tagged("post_install", "-at_install")
class TestPolicyValidation(PolicyCase):
    def test_fields_every_user_needs_cannot_be_restricted(self):
        """The name (and other fields contacts cannot work without) cannot get a policy."""
        with self.assertRaisesRegex(ValidationError, "cannot be restricted"):
            self.env["customer.field.access"].create(
                {
                    "field_id": self.field("name").id,
                    "group_id": self.env.ref(SALESPERSON).id,
                    "access": "hidden",
                }
            )

    def test_one_rule_per_field_and_role(self):
        """A role has at most one rule per field."""
        from psycopg2 import IntegrityError

        from odoo.tools import mute_logger

        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["customer.field.access"].create(
                {
                    "field_id": self.field("customer_rating").id,
                    "group_id": self.env.ref(DIRECTOR).id,
                    "access": "hidden",
                }
            )

    def test_only_administrators_configure_the_policy(self):
        """A Director reads the policy but cannot change it."""
        rule = self.env.ref("customer_base.field_access_rating_salesperson")
        with self.assertRaises(AccessError):
            rule.with_user(self.director).write({"access": "edit"})


@tagged("post_install", "-at_install")
class TestConditionalFields(PolicyCase):
    def test_rating_hidden_for_occasional_customers(self):
        """Shipped: the rating is hidden when the customer type is Occasional, live in the form."""
        with Form(self.as_user(self.director, self.customer)) as form:
            self.assertFalse(form._get_modifier("customer_rating", "invisible"))
            form.customer_type_id = self.eventual
            self.assertTrue(form._get_modifier("customer_rating", "invisible"))
            form.customer_type_id = self.recurrent
            self.assertFalse(form._get_modifier("customer_rating", "invisible"))
        self.customer.customer_type_id = self.eventual
        self.assertIn(",customer_rating,", self.customer.customer_hidden_fields)

    def test_required_when(self):
        """A require-when rule refuses to save a Special customer without a birthday, in form and RPC."""
        self.env["customer.field.condition"].create(
            {"field_id": self.field("customer_birthday").id, "kind": "required",
             "domain": "[('customer_type_id.code', '=', 'special')]"}
        )  # fmt: skip
        with self.assertRaisesRegex(ValidationError, "Birthday"):
            self.Partner.create({"name": "Especial", "customer_type_id": self.special.id})
        with self.assertRaisesRegex(ValidationError, "Birthday"), self.env.cr.savepoint():
            self.customer.write({"customer_type_id": self.special.id})
        ok = self.Partner.create(
            {"name": "Especial", "customer_type_id": self.special.id, "customer_birthday": "1990-01-01"}
        )
        self.assertIn(",customer_birthday,", ok.customer_required_fields)
        with Form(self.Partner) as form:
            form.name = "Otro"
            form.customer_type_id = self.special
            self.assertTrue(form._get_modifier("customer_birthday", "required"))
            form.customer_birthday = "1991-02-02"

    def test_unrelated_writes_are_not_blocked(self):
        """A customer missing a newly required field still gets unrelated changes (chatter, tags)."""
        legacy = self.Partner.create({"name": "Antiguo", "customer_type_id": self.special.id})
        self.env["customer.field.condition"].create(
            {"field_id": self.field("customer_birthday").id, "kind": "required",
             "domain": "[('customer_type_id.code', '=', 'special')]"}
        )  # fmt: skip
        legacy.write({"comment": "Cliente de años"})
        self.assertEqual(legacy.comment, "<p>Cliente de años</p>")

    def test_hidden_field_is_never_required(self):
        """When a field is both hidden and required for a customer, it is hidden and not required."""
        self.env["customer.field.condition"].create(
            {"field_id": self.field("customer_rating").id, "kind": "required", "domain": "[]"}
        )
        self.customer.customer_type_id = self.eventual
        self.assertNotIn(",customer_rating,", self.customer.customer_required_fields)

    def test_bad_conditions_are_refused(self):
        """An invalid domain, or a field depending on itself, is refused with a clear message."""
        Condition = self.env["customer.field.condition"]
        with self.assertRaisesRegex(ValidationError, "not a valid filter"):
            Condition.create({"field_id": self.field("customer_birthday").id, "domain": "[('nope', '=', 1)]"})
        with self.assertRaisesRegex(ValidationError, "its own value"):
            Condition.create(
                {
                    "field_id": self.field("customer_birthday").id,
                    "domain": "[('customer_birthday', '=', False)]",
                }
            )


@tagged("post_install", "-at_install")
class TestPolicyOnFieldsAddedInTheUI(PolicyCase):
    def test_hidden_rule_on_a_custom_field(self):
        """A field added in the UI (x_...) can be hidden from a role like any other."""
        field = self.env["ir.model.fields"].create(
            {"model_id": self.env["ir.model"]._get_id("res.partner"), "name": "x_policy_secret",
             "field_description": "Secreto", "ttype": "char", "state": "manual"}
        )  # fmt: skip
        self.customer.x_policy_secret = "receta de la abuela"
        self.env["customer.field.access"].create(
            [
                {"field_id": field.id, "group_id": self.env.ref(MANAGER).id, "access": "edit"},
                {"field_id": field.id, "group_id": self.env.ref(SALESPERSON).id, "access": "hidden"},
            ]
        )
        with self.assertRaises(AccessError):
            self.as_user(self.salesperson, self.customer).read(["x_policy_secret"])
        manager_view = self.as_user(self.manager, self.customer).read(["x_policy_secret"])
        self.assertEqual(manager_view[0]["x_policy_secret"], "receta de la abuela")
