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
