# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .common import TOUR_TIMEOUT, make_user


@tagged("post_install", "-at_install")
class TestCustomerTour(HttpCase):
    def test_salesperson_opens_customers(self):
        """A vendedor logs in, opens the Customers app and a customer, in a real browser."""
        self.start_tour(
            "/odoo", "customer_base_salesperson_opens_customers", login="vendedor", timeout=TOUR_TIMEOUT
        )


@tagged("post_install", "-at_install")
class TestRatingPolicyTour(HttpCase):
    def test_salesperson_sees_rating_read_only_and_hidden_for_occasional(self):
        """In a real browser: the rating is read-only for a Vendedor and disappears when the type becomes Occasional."""
        make_user(self.env, "tour_vendedor", "customer_base.group_customer_salesperson")
        customer = self.env["res.partner"].create(
            {
                "name": "Chocolates Tour",
                "is_company": True,
                "customer_type_id": self.env.ref("customer_base.customer_type_recurrent").id,
                "customer_rating": 8,
            }
        )
        self.start_tour(
            f"/odoo/customer-base/{customer.id}",
            "customer_base_rating_policy",
            login="tour_vendedor",
            timeout=TOUR_TIMEOUT,
        )
        self.assertEqual(customer.customer_type_id, self.env.ref("customer_base.customer_type_eventual"))
        self.assertEqual(customer.customer_rating, 8, "hiding the rating does not erase it")


@tagged("post_install", "-at_install")
class TestLifecycleTour(HttpCase):
    def test_salesperson_drags_customer_to_opportunity(self):
        """In a real browser: dragging a customer to Opportunity moves it and writes the history line."""
        make_user(self.env, "tour_lifecycle", "customer_base.group_customer_salesperson")
        customer = self.env["res.partner"].create({"name": "Kanban Tour Chocolates", "is_company": True})
        action = self.env.ref("customer_base.action_customer_lifecycle")
        self.start_tour(
            f"/odoo/action-{action.id}",
            "customer_base_lifecycle_kanban",
            login="tour_lifecycle",
            timeout=TOUR_TIMEOUT,
        )
        self.assertEqual(customer.lifecycle_stage_id, self.env.ref("customer_base.stage_opportunity"))
        moved_by = customer.lifecycle_history_ids.filtered(lambda h: not h.date_end).user_id
        self.assertEqual(moved_by.login, "tour_lifecycle")


@tagged("post_install", "-at_install")
class TestCustomerAdministratorTour(HttpCase):
    def setUp(self):
        # registered before the test's savepoint rollback, so it runs after it: the registry is set up
        # again without the rule the tour created
        self.addCleanup(lambda: self.env["res.partner"]._customer_policy_changed())
        super().setUp()

    def test_karla_hides_a_field_in_the_ui(self):
        """In a real browser, karla (Customer Database Administrator, without Settings) adds a field access
        rule; the birthday is then hidden from a Vendedor on the server."""
        self.start_tour("/odoo", "customer_base_admin_hides_a_field", login="karla", timeout=TOUR_TIMEOUT)
        rule = self.env["customer.field.access"].search([("field_id.name", "=", "customer_birthday")])
        self.assertEqual(rule.access, "hidden")
        self.assertEqual(rule.group_id, self.env.ref("customer_base.group_customer_salesperson"))
        vendedor = self.env.ref("customer_base.user_vendedor")
        self.assertNotIn("customer_birthday", self.env["res.partner"].with_user(vendedor).fields_get())
