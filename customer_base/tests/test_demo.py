# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLaCasitaDemo(TransactionCase):
    """The demo scenario of La Casita de Mía (seed 004) is there to be explored."""

    def _demo_partners(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "customer_base"), ("model", "=", "res.partner")]
        )
        # Users' own partners (vendedor, director...) are demo data too, but not customers.
        return self.env["res.partner"].browse(data.mapped("res_id")).filtered(lambda p: not p.user_ids)

    def test_at_least_40_customers_and_contacts(self):
        """At least 40 customers and contacts, companies and people, in three countries."""
        partners = self._demo_partners()
        self.assertGreaterEqual(len(partners), 40)
        self.assertTrue(partners.filtered("is_company"))
        self.assertTrue(partners.filtered("parent_id"), "some people are contacts of a company")
        self.assertEqual(set(partners.mapped("country_id.code")), {"CO", "VE", "MX"})

    def test_phones_in_mixed_formats(self):
        """Phones are written as people write them, not already normalised."""
        phones = [p.phone or p.mobile for p in self._demo_partners()]
        self.assertTrue(all(phones), "every demo partner has a phone")
        self.assertTrue(any(p.startswith("+") for p in phones))
        self.assertTrue(any(not p.startswith("+") for p in phones))
        self.assertTrue(any("-" in p or "(" in p or "." in p for p in phones))

    def test_one_user_per_role(self):
        """vendedor, responsable and director hold their customer role and nothing above it."""
        expected = {
            "customer_base.user_vendedor": "customer_base.group_customer_salesperson",
            "customer_base.user_responsable": "customer_base.group_customer_manager",
            "customer_base.user_director": "customer_base.group_customer_director",
        }
        for user_xmlid, group_xmlid in expected.items():
            user = self.env.ref(user_xmlid)
            self.assertTrue(user.has_group(group_xmlid), user.login)
        self.assertFalse(
            self.env.ref("customer_base.user_vendedor").has_group("customer_base.group_customer_manager")
        )
        self.assertFalse(
            self.env.ref("customer_base.user_responsable").has_group("customer_base.group_customer_director")
        )
        self.assertTrue(
            self.env.ref("customer_base.user_karla").has_group("customer_base.group_customer_admin")
        )
