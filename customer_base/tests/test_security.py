# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import make_user, menus_shown

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"
DIRECTOR = "customer_base.group_customer_director"
ADMIN = "customer_base.group_customer_admin"


@tagged("post_install", "-at_install")
class TestCustomerRoles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = make_user(cls.env, "cb_salesperson", SALESPERSON)
        cls.manager = make_user(cls.env, "cb_manager", MANAGER)
        cls.director = make_user(cls.env, "cb_director", DIRECTOR)
        cls.configurator = make_user(cls.env, "cb_configurator", ADMIN)
        cls.employee = make_user(cls.env, "cb_employee", "base.group_user")
        cls.sysadmin = make_user(cls.env, "cb_sysadmin", "base.group_system")
        cls.customer = cls.env["res.partner"].create({"name": "Chocolates Doña Mía"})

    def assertRoles(self, user, expected):
        """``user`` holds exactly the customer roles in ``expected``."""
        roles = {SALESPERSON, MANAGER, DIRECTOR, ADMIN}
        held = {xmlid for xmlid in roles if user.has_group(xmlid)}
        self.assertEqual(held, set(expected), user.login)

    def test_role_chain(self):
        """Salesperson ⊂ Manager ⊂ Director; the customer database administrator has every right of a Director."""
        self.assertRoles(self.salesperson, {SALESPERSON})
        self.assertRoles(self.manager, {SALESPERSON, MANAGER})
        self.assertRoles(self.director, {SALESPERSON, MANAGER, DIRECTOR})
        self.assertRoles(self.configurator, {ADMIN, DIRECTOR, MANAGER, SALESPERSON})
        self.assertRoles(self.employee, set())

    def test_settings_implies_customer_admin(self):
        """Settings / Administration configures the customer database too."""
        self.assertRoles(self.sysadmin, {ADMIN, DIRECTOR, MANAGER, SALESPERSON})

    def test_roles_are_internal_users(self):
        """Every customer role is an internal (backend) user."""
        for user in (self.salesperson, self.manager, self.director, self.configurator):
            self.assertTrue(user._is_internal(), user.login)

    def test_roles_share_one_category(self):
        """The three customer roles form one selection in the user form, named Customers."""
        category = self.env.ref("customer_base.module_category_customers")
        chain = self.env.ref(SALESPERSON) | self.env.ref(MANAGER) | self.env.ref(DIRECTOR)
        self.assertEqual(chain.category_id, category)
        self.assertEqual(category.name, "Customers")

    def test_menu_visibility_per_role(self):
        """The Customers app shows to every customer role and to nobody else; its configuration to admins."""
        app = {"customer_base.menu_customer_root", "customer_base.menu_customer_customers"}
        config = "customer_base.menu_customer_config_tags"
        for user in (self.salesperson, self.manager, self.director):
            shown = menus_shown(self.env, user)
            self.assertLessEqual(app, shown, user.login)
            self.assertNotIn(config, shown, user.login)
        self.assertIn(config, menus_shown(self.env, self.configurator))
        self.assertIn(config, menus_shown(self.env, self.sysadmin))
        self.assertFalse(app & menus_shown(self.env, self.employee))

    def test_salesperson_creates_and_edits_customers(self):
        """A salesperson creates and edits customers, but may not delete them."""
        Partner = self.env["res.partner"].with_user(self.salesperson)
        created = Partner.create({"name": "Repostería La Abuela", "phone": "300 123 4567"})
        created.write({"city": "Medellín"})
        self.assertEqual(created.city, "Medellín")
        self.customer.with_user(self.salesperson).write({"comment": "Prefiere chocolate amargo"})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesperson).unlink()
        self.assertTrue(self.customer.exists())

    def test_manager_deletes_customers(self):
        """A manager (and so a director) may delete a customer."""
        self.customer.with_user(self.manager).unlink()
        self.assertFalse(self.customer.exists())

    def test_plain_employee_cannot_edit_customers(self):
        """Without a customer role an employee reads customers but cannot change them."""
        self.assertEqual(self.customer.with_user(self.employee).name, "Chocolates Doña Mía")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.employee).write({"name": "Otro nombre"})
