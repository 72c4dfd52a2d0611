# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestBranches(TransactionCase):
    """One shared instance, several branches (Odoo company branches): private customers stay in their branch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.company
        cls.branch_a = cls.env["res.company"].create({"name": "Sucursal Medellín", "parent_id": cls.main.id})
        cls.branch_b = cls.env["res.company"].create({"name": "Sucursal Caracas", "parent_id": cls.main.id})
        groups = "customer_base.group_customer_salesperson,base.group_multi_company"
        cls.user_a = new_test_user(cls.env, "branch_a", groups=groups, company_id=cls.branch_a.id,
                                   company_ids=[(6, 0, cls.branch_a.ids)])  # fmt: skip
        cls.user_b = new_test_user(cls.env, "branch_b", groups=groups, company_id=cls.branch_b.id,
                                   company_ids=[(6, 0, cls.branch_b.ids)])  # fmt: skip
        Partner = cls.env["res.partner"]
        cls.private_b = Partner.create({"name": "Cliente privado de Caracas", "company_id": cls.branch_b.id,
                                        "customer_type_id": cls.env.ref("customer_base.customer_type_special").id})  # fmt: skip
        cls.shared = Partner.create({"name": "Cliente compartido", "company_id": False})
        cls.private_b.customer_area_contact_ids = [
            (0, 0, {"area_id": cls.env.ref("customer_base.customer_area_sales").id})
        ]

    def test_private_customer_does_not_leak(self):
        """Branch A sees shared customers, not branch B's private ones: search, count, name_search, read_group."""
        partners = self.env["res.partner"].with_user(self.user_a)
        found = partners.search([("name", "ilike", "Cliente")])
        self.assertIn(self.shared, found)
        self.assertNotIn(self.private_b, found)
        self.assertEqual(partners.search_count([("id", "=", self.private_b.id)]), 0)
        self.assertFalse([pid for pid, _n in partners.name_search("privado de Caracas")])
        groups = partners._read_group(
            [("customer_type_id", "!=", False), ("name", "ilike", "Caracas")], [], ["__count"]
        )
        self.assertEqual(groups, [(0,)])
        with self.assertRaises(AccessError):
            partners.browse(self.private_b.id).read(["name"])

    def test_branch_b_sees_its_customer(self):
        """The owning branch works with its private customer."""
        partners = self.env["res.partner"].with_user(self.user_b)
        self.assertIn(self.private_b, partners.search([("name", "ilike", "Caracas")]))

    def test_related_records_follow_the_customer(self):
        """Stage history and areas in contact of a private customer are hidden from other branches."""
        history = self.env["customer.stage.history"].with_user(self.user_a)
        self.assertFalse(history.search([("partner_id", "=", self.private_b.id)]))
        self.assertFalse(
            self.env["customer.area.contact"]
            .with_user(self.user_a)
            .search([("partner_id", "=", self.private_b.id)])
        )
        self.assertTrue(
            self.env["customer.stage.history"]
            .with_user(self.user_b)
            .search([("partner_id", "=", self.private_b.id)])
        )

    def test_merge_history_follows_the_customers_branch(self):
        """A manager of branch A does not see the merge log of branch B's private customers."""
        groups = "customer_base.group_customer_manager,base.group_multi_company"
        manager_a = new_test_user(self.env, "branch_a_manager", groups=groups, company_id=self.branch_a.id,
                                  company_ids=[(6, 0, self.branch_a.ids)])  # fmt: skip
        manager_b = new_test_user(self.env, "branch_b_manager", groups=groups, company_id=self.branch_b.id,
                                  company_ids=[(6, 0, self.branch_b.ids)])  # fmt: skip
        log = self.env["customer.merge.log"].create(
            {"dst_partner_id": self.shared.id, "partner_ids": [(6, 0, self.private_b.ids)]}
        )
        self.assertEqual(log.company_id, self.branch_b)
        self.assertFalse(self.env["customer.merge.log"].with_user(manager_a).search([("id", "=", log.id)]))
        self.assertTrue(self.env["customer.merge.log"].with_user(manager_b).search([("id", "=", log.id)]))

    def test_new_customers_shared_or_private_by_company_setting(self):
        """New customers are shared by default; a branch can keep its new customers private."""
        partners = self.env["res.partner"].with_user(self.user_a).with_company(self.branch_a)
        self.assertFalse(partners.create({"name": "Compartido por defecto"}).company_id)
        self.branch_a.customer_share_by_default = False
        self.assertEqual(partners.create({"name": "Privado de Medellín"}).company_id, self.branch_a)
