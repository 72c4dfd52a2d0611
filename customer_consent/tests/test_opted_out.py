# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.customer_base.tests.common import make_user, menus_shown


@tagged("post_install", "-at_install")
class TestOptedOutCustomers(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = make_user(
            cls.env, "consent_salesperson", "customer_base.group_customer_salesperson"
        )
        cls.action = cls.env.ref("customer_consent.action_customers_opted_out")
        cls.stays = cls.env["res.partner"].create({"name": "Sigue suscrita", "email": "sigue@example.com"})
        cls.leaves = cls.env["res.partner"].create(
            {"name": "Se da de baja", "email": "Baja <baja@example.com>"}
        )

    def _opted_out(self):
        domain = safe_eval(self.action.domain)
        return self.env["res.partner"].with_user(self.salesperson).search(domain)

    def test_lists_only_blacklisted_customers(self):
        """A customer appears once their email is on Odoo's blacklist, and leaves when it is removed."""
        self.assertNotIn(self.leaves, self._opted_out())
        self.env["mail.blacklist"]._add("baja@example.com")
        opted_out = self._opted_out()
        self.assertIn(self.leaves, opted_out)
        self.assertNotIn(self.stays, opted_out)
        self.env["mail.blacklist"]._remove("baja@example.com")
        self.assertNotIn(self.leaves, self._opted_out())

    def test_salesperson_sees_consent_menu(self):
        """A vendedor finds Customers > Consent > Opted-out Customers in the menus."""
        self.assertIn(
            "customer_consent.menu_customer_consent_opted_out", menus_shown(self.env, self.salesperson)
        )
