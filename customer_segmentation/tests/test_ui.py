# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_base.tests.common import TOUR_TIMEOUT


@tagged("post_install", "-at_install")
class TestSegmentTour(HttpCase):
    def test_director_builds_a_dynamic_segment(self):
        """In a real browser, the director (demo login) creates a dynamic segment with three conditions and
        sees how many customers it holds, then opens them."""
        recurrent = self.env.ref("customer_base.customer_type_recurrent")
        self.env["res.partner"].create(
            [
                {"name": f"Chocolates Leyva {i}", "is_company": True, "city": "Villa de Leyva",
                 "customer_type_id": recurrent.id, "customer_rating": rating}
                for i, rating in enumerate((8, 9, 10, 7, 3), start=1)
            ]
        )  # fmt: skip
        action = self.env.ref("customer_segmentation.action_customer_segments")
        self.start_tour(
            f"/odoo/action-{action.id}?debug=1",
            "customer_segmentation_build_segment",
            login="director",
            timeout=TOUR_TIMEOUT,
        )
        segment = self.env["customer.segment"].search(
            [("name", "=", "Recurrentes con calificación > 7 en Villa de Leyva")]
        )
        self.assertEqual(segment.kind, "dynamic")
        self.assertEqual(segment.user_id.login, "director")
        self.assertEqual(segment.member_count, 3)


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the labels the tours click, whatever the database's language
        cls.env.ref("customer_base.user_director").lang = "en_US"

    def test_director_groups_customers_by_segment(self):
        """In a real browser, the director groups the customers list by segment (not a stored field) and
        opens the group of a segment, which lists its customers."""
        recurrent = self.env.ref("customer_base.customer_type_recurrent")
        self.env["res.partner"].create(
            [
                {"name": f"Chocolates Leyva {i}", "is_company": True, "city": "Villa de Leyva",
                 "customer_type_id": recurrent.id}
                for i in (1, 2, 3)
            ]
        )  # fmt: skip
        self.env["customer.segment"].create(
            {"name": "Tour Villa de Leyva", "kind": "dynamic", "company_id": False,
             "domain": repr([("city", "=", "Villa de Leyva")])}
        )  # fmt: skip
        action = self.env.ref("customer_base.action_customers")
        self.start_tour(
            f"/odoo/action-{action.id}?view_type=list",
            "customer_segmentation_group_by_segment",
            login="director",
            timeout=TOUR_TIMEOUT,
        )

    def test_director_opens_a_data_quality_indicator(self):
        """In a real browser, the director opens the invalid-phones card of the data-quality board and lands
        on the customers behind it."""
        self.env["res.partner"].create({"name": "Tour teléfono malo", "phone": "123", "company_id": False})
        self.start_tour(
            "/odoo/customer-data-quality",
            "customer_segmentation_quality_kpi",
            login="director",
            timeout=TOUR_TIMEOUT,
        )
