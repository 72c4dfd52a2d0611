# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCustomerTour(HttpCase):
    def test_salesperson_opens_customers(self):
        """A vendedor logs in, opens the Customers app and a customer, in a real browser."""
        self.start_tour("/odoo", "customer_base_salesperson_opens_customers", login="vendedor")
