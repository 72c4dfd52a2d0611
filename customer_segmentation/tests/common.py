# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared setup of the segmentation tests."""

from odoo.tests import TransactionCase

from odoo.addons.customer_base.tests.common import make_user

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"
DIRECTOR = "customer_base.group_customer_director"
ADMIN = "customer_base.group_customer_admin"


class SegmentCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Segment = cls.env["customer.segment"]
        cls.director = make_user(cls.env, "seg_director", DIRECTOR)
        cls.recurrent = cls.env.ref("customer_base.customer_type_recurrent")
        cls.special = cls.env.ref("customer_base.customer_type_special")
        cls.eventual = cls.env.ref("customer_base.customer_type_eventual")
        cls.bogota = cls.Partner.create(
            [
                {"name": f"Cliente Bogotá {i}", "city": "Bogotá", "customer_type_id": cls.recurrent.id,
                 "customer_rating": rating}
                for i, rating in enumerate((9, 8, 5))
            ]
        )  # fmt: skip
        cls.medellin = cls.Partner.create(
            {
                "name": "Cliente Medellín",
                "city": "Medellín",
                "customer_type_id": cls.recurrent.id,
                "customer_rating": 9,
            }
        )
        # the city of these customers is unique to the tests
        cls.city_domain = [("city", "in", ["Bogotá", "Medellín"]), ("name", "=like", "Cliente %")]

    def dynamic(self, domain, name="Segmento", **values):
        return self.Segment.create({"name": name, "kind": "dynamic", "domain": repr(domain), **values})

    def members(self, segment):
        """The members of a segment found by searching partners "in segment"."""
        return self.Partner.search([("segment_ids", "in", segment.ids)])
