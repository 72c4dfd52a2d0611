# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.customer_base.tests.common import make_user, menus_shown


@tagged("post_install", "-at_install")
class TestCustomersByTag(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = make_user(cls.env, "seg_salesperson", "customer_base.group_customer_salesperson")
        cls.action = cls.env.ref("customer_segmentation.action_customers_by_tag")

    def test_salesperson_sees_segmentation_menu(self):
        """A vendedor finds Customers > Segmentation > Customers by Tag in the menus."""
        self.assertIn(
            "customer_segmentation.menu_customer_segmentation_by_tag", menus_shown(self.env, self.salesperson)
        )

    def test_customers_grouped_by_tag(self):
        """The action groups customers by tag, and each group counts the customers carrying that tag."""
        context = safe_eval(self.action.context)
        self.assertEqual(context["group_by"], ["category_id"])
        tag = self.env["res.partner.category"].create({"name": "Chocolate blanco"})
        self.env["res.partner"].create(
            [{"name": f"Cliente {i}", "category_id": [(4, tag.id)]} for i in range(3)]
        )
        groups = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .read_group([("category_id", "=", tag.id)], ["category_id"], context["group_by"], lazy=False)
        )
        counts = {g["category_id"][0]: g["__count"] for g in groups}
        self.assertEqual(counts[tag.id], 3)


@tagged("post_install", "-at_install")
class TestDashboard(TransactionCase):
    def test_director_opens_every_chart(self):
        """The director finds the Customer Dashboard menus; every chart's grouping counts the customers
        behind it (the numbers the graph and pivot show, each a domain the chart opens)."""
        director = make_user(self.env, "dash_director", "customer_base.group_customer_director")
        shown = menus_shown(self.env, director)
        for menu in ("stage", "type", "grade", "branch", "stage_time", "duplicates"):
            self.assertIn(f"customer_segmentation.menu_customer_dashboard_{menu}", shown)
        Partner = self.env["res.partner"].with_user(director)
        for xmlid, group in (
            ("action_customer_dashboard", "lifecycle_stage_id"),
            ("action_customer_dashboard_type", "customer_type_id"),
            ("action_customer_dashboard_grade", "customer_score_grade"),
            ("action_customer_dashboard_branch", "company_id"),
        ):
            action = self.env.ref(f"customer_segmentation.{xmlid}")
            domain = safe_eval(action.domain)
            with self.subTest(action=action.name):
                groups = Partner.read_group(domain, [group], [group], lazy=False)
                self.assertEqual(sum(g["__count"] for g in groups), Partner.search_count(domain))
                self.assertEqual(
                    {pid for g in groups for pid in Partner.search(g["__domain"]).ids},
                    set(Partner.search([("is_customer", "=", True)]).ids),
                )
