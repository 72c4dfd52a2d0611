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

    def test_planted_duplicates_are_found_and_merged_by_demo_users(self):
        """The demo's planted duplicates (case, accents, legal form, swapped names, phone formats) are
        reported to the vendedor, and the responsable merges them into the original customer."""
        ref = self.env.ref
        pairs = {
            "partner_dup_cacao_de_oro": "partner_cacao_de_oro",
            "partner_dup_dulces_bolivar": "partner_dulces_bolivar",
            "partner_dup_cholula": "partner_reposteria_cholula",
            "partner_dup_ana_restrepo": "partner_ana_restrepo",
        }
        vendedor, responsable = ref("customer_base.user_vendedor"), ref("customer_base.user_responsable")
        for planted_xmlid, original_xmlid in pairs.items():
            planted, original = ref(f"customer_base.{planted_xmlid}"), ref(f"customer_base.{original_xmlid}")
            with self.subTest(planted=planted.name):
                self.assertEqual(planted.with_user(vendedor).customer_duplicate_ids[:1], original)
                wizard = (
                    self.env["customer.merge.wizard"]
                    .with_user(responsable)
                    .create(
                        {"partner_ids": [(6, 0, (planted | original).ids)], "dst_partner_id": original.id}
                    )
                )
                wizard.action_merge()
                self.assertFalse(planted.active)
                self.assertEqual(planted.customer_merged_into_id, original)

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
