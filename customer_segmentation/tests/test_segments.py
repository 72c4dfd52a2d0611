# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Segments: dynamic, static and combined; "in segment" searches; only customers; cycles refused."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval
from odoo.tools.sql import index_exists

from odoo.addons.customer_base.tests.common import make_user
from odoo.addons.customer_segmentation import uninstall_hook
from odoo.addons.customer_segmentation.models.res_partner import SEGMENT_INDEXES

from .common import ADMIN, SALESPERSON, SegmentCase

RECURRENT_OVER_7 = [("customer_type_id.code", "=", "recurrent"), ("customer_rating", ">", 7)]


@tagged("post_install", "-at_install")
class TestSegments(SegmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ours = cls.bogota | cls.medellin

    def test_dynamic_segment_follows_its_domain(self):
        """A dynamic segment holds the customers matching its domain now: a change of a customer shows at
        the next search (nothing stored), and its count is the domain's count."""
        segment = self.dynamic([*RECURRENT_OVER_7, ("city", "=", "Bogotá")], "Recurrentes > 7 en Bogotá")
        self.assertEqual(self.members(segment) & self.ours, self.bogota[:2])
        self.assertEqual(
            segment.member_count, self.Partner.search_count([*RECURRENT_OVER_7, ("city", "=", "Bogotá")])
        )
        self.bogota[2].customer_rating = 10
        self.assertEqual(self.members(segment) & self.ours, self.bogota)
        segment.invalidate_recordset(["member_count"])
        self.assertEqual(
            segment.member_count, self.Partner.search_count([*RECURRENT_OVER_7, ("city", "=", "Bogotá")])
        )

    def plan(self, domain):
        """PostgreSQL's plan of the count Odoo runs for ``domain``, with sequential scans priced out (the
        test base is small enough for a scan to win; at 1M partners the indexes do)."""
        query = self.Partner._search(domain)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        try:
            self.env.cr.execute(SQL("EXPLAIN %s", query.select(SQL("count(*)"))))
            return "\n".join(row[0] for row in self.env.cr.fetchall())
        finally:
            self.env.cr.execute("SET LOCAL enable_seqscan = on")

    def test_segment_conditions_use_indexes(self):
        """The fields segments filter on most are indexed so that the SQL Odoo writes for a segment uses
        them: the city, and the customer type with the rating (one range for "recurrent, rating above 7")."""
        by_city = self.dynamic([("city", "=", "Bogotá")])
        self.assertIn("res_partner_city_customer_index", self.plan([("segment_ids", "in", by_city.ids)]))
        by_type_rating = self.dynamic(RECURRENT_OVER_7)
        plan = self.plan([("segment_ids", "in", by_type_rating.ids)])
        self.assertIn("res_partner_customer_type_rating_index", plan)
        self.assertIn("customer_rating > 7", plan, "the rating is a condition of the index scan")
        self.assertEqual(self.members(by_type_rating) & self.ours, self.bogota[:2] | self.medellin)

    def test_uninstall_hook_drops_the_indexes(self):
        """Uninstalling removes the two indexes the module created in init() (Odoo would keep them)."""
        self.assertTrue(all(index_exists(self.env.cr, index) for index in SEGMENT_INDEXES))
        uninstall_hook(self.env)
        self.assertFalse(any(index_exists(self.env.cr, index) for index in SEGMENT_INDEXES))

    def test_static_segment_keeps_its_members(self):
        """A static segment holds the customers put in it, whatever they become."""
        segment = self.Segment.create(
            {"name": "Feria", "kind": "static", "partner_ids": [(6, 0, self.bogota[:2].ids)]}
        )
        self.assertEqual(self.members(segment), self.bogota[:2])
        self.bogota[0].customer_type_id = self.eventual
        self.assertEqual(self.members(segment), self.bogota[:2])
        self.assertEqual(segment.member_count, 2)
        self.assertEqual(self.bogota[0].segment_ids & segment, segment)

    def test_freeze_a_dynamic_segment(self):
        """Freezing copies today's members into a static segment, which no longer follows the domain."""
        dynamic = self.dynamic(RECURRENT_OVER_7 + [("city", "=", "Bogotá")])
        action = dynamic.action_freeze()
        frozen = self.Segment.browse(action["res_id"])
        self.assertEqual(frozen.kind, "static")
        self.assertEqual(frozen.frozen_from_id, dynamic)
        self.assertEqual(frozen.partner_ids, self.members(dynamic))
        self.bogota[2].customer_rating = 10
        self.assertNotIn(self.bogota[2], self.members(frozen))
        self.assertIn(self.bogota[2], self.members(dynamic))

    def test_combined_union_intersection_difference_nested(self):
        """Combined segments: union, intersection, difference, and a combined segment of combined ones."""
        bogota = self.dynamic([("city", "=", "Bogotá")], "Bogotá")
        high = self.dynamic([("customer_rating", ">=", 9)], "Alta")
        static = self.Segment.create(
            {"name": "Elegidos", "kind": "static", "partner_ids": [(6, 0, self.bogota[2].ids)]}
        )
        union = self.Segment.create(
            {"name": "U", "kind": "combined", "include_segment_ids": [(6, 0, (bogota | high).ids)]}
        )
        inter = self.Segment.create(
            {"name": "I", "kind": "combined", "combine_mode": "intersection", "include_segment_ids": [(6, 0, (bogota | high).ids)]}
        )  # fmt: skip
        diff = self.Segment.create(
            {"name": "D", "kind": "combined", "include_segment_ids": [(6, 0, bogota.ids)],
             "exclude_segment_ids": [(6, 0, high.ids)]}
        )  # fmt: skip
        nested = self.Segment.create(
            {"name": "N", "kind": "combined", "include_segment_ids": [(6, 0, (inter | static).ids)]}
        )
        self.assertEqual(self.members(union) & self.ours, self.ours)
        self.assertEqual(self.members(inter) & self.ours, self.bogota[0])
        self.assertEqual(self.members(diff) & self.ours, self.bogota[1:])
        self.assertEqual(self.members(nested) & self.ours, self.bogota[0] | self.bogota[2])
        # the count is the search's
        for segment in (union, inter, diff, nested):
            self.assertEqual(segment.member_count, len(self.members(segment)))
        # "not in" is the complement among customers
        outside = self.Partner.search([("segment_ids", "not in", diff.ids), ("id", "in", self.ours.ids)])
        self.assertEqual(outside, self.ours - self.bogota[1:])

    def test_cycles_refused(self):
        """A segment may not contain itself: directly, through nested combined segments, or through an
        "in segment" condition of a dynamic segment."""
        a = self.dynamic([("city", "=", "Bogotá")], "A")
        b = self.Segment.create({"name": "B", "kind": "combined", "include_segment_ids": [(6, 0, a.ids)]})
        c = self.Segment.create({"name": "C", "kind": "combined", "include_segment_ids": [(6, 0, b.ids)]})
        for segment, values in (
            (b, {"include_segment_ids": [(4, c.id)]}),
            (c, {"exclude_segment_ids": [(4, c.id)]}),
            (a, {"domain": repr([("segment_ids", "in", [c.id])])}),
        ):
            # Odoo's assertRaises rolls the refused write back (a savepoint)
            with self.subTest(segment=segment.name), self.assertRaises(ValidationError) as caught:
                segment.write(values)
            self.assertIn("cannot contain themselves", str(caught.exception))
        # a dynamic segment may use another segment that does not lead back to it
        d = self.dynamic([("segment_ids", "in", [c.id]), ("customer_rating", ">=", 9)], "D")
        self.assertEqual(self.members(d) & self.ours, self.bogota[0])

    def test_only_customers(self):
        """Segments never hold the company's own partner, users or child addresses, even when they match."""
        segment = self.dynamic([("name", "!=", False)], "Todos")
        members = self.members(segment)
        self.assertNotIn(self.env.company.partner_id, members)
        self.assertNotIn(self.env.user.partner_id, members)
        address = self.Partner.create({"name": "Bodega", "parent_id": self.bogota[0].id, "type": "delivery"})
        self.assertNotIn(address, self.members(segment))
        self.assertEqual(members, self.Partner.search([("is_customer", "=", True)]))
        static = self.Segment.create({"name": "S", "kind": "static"})
        static._segment_add_members([("id", "in", (address | self.bogota[0]).ids)])
        self.assertEqual(self.members(static), self.bogota[0])

    def test_search_by_segment_name(self):
        """The search box: typing a segment's name finds its customers."""
        self.dynamic([("city", "=", "Medellín"), ("name", "=like", "Cliente %")], "Paisas de prueba")
        self.assertEqual(self.Partner.search([("segment_ids", "ilike", "paisas de prueba")]), self.medellin)

    def test_branch_rule(self):
        """A segment private to a branch is invisible from another branch; a shared one is seen by all."""
        branch_a = self.env["res.company"].create({"name": "Sucursal Cali"})
        branch_b = self.env["res.company"].create({"name": "Sucursal Mérida"})
        user_b = new_test_user(self.env, "seg_branch_b", groups=SALESPERSON, company_id=branch_b.id,
                               company_ids=[(6, 0, branch_b.ids)])  # fmt: skip
        private = self.dynamic([("city", "=", "Cali")], "Privado de Cali", company_id=branch_a.id)
        shared = self.dynamic([("city", "=", "Cali")], "Compartido", company_id=False)
        visible = self.Segment.with_user(user_b).search([("id", "in", (private | shared).ids)])
        self.assertEqual(visible, shared)
        with self.assertRaises(AccessError):
            private.with_user(user_b).read(["name"])

    def test_salesperson_builds_a_segment(self):
        """A vendedor may create and use segments, not delete them (a Responsable may)."""
        salesperson = make_user(self.env, "seg_vendedor", SALESPERSON)
        segment = self.Segment.with_user(salesperson).create(
            {"name": "Mío", "domain": "[('city', '=', 'Bogotá')]"}
        )
        self.assertEqual(segment.user_id, salesperson)
        self.assertTrue(segment.member_count >= 3)
        with self.assertRaises(AccessError):
            segment.unlink()

    def test_bad_domain_is_refused(self):
        """Conditions that are not a domain are refused with a clear message."""
        with self.assertRaisesRegex(UserError, "cannot be read|not a domain"):
            self.Segment.create({"name": "Roto", "domain": "[('city', '=', "})._segment_domain()


@tagged("post_install", "-at_install")
class TestSegmentOnUiField(SegmentCase):
    """A segment on a field an administrator added in the UI (an x_ field)."""

    def setUp(self):
        # the registry drops the field the test created once the test's rollback removed its column
        self.addCleanup(self.registry.setup_models, self.cr)
        super().setUp()

    def test_domain_on_a_field_added_in_the_ui(self):
        admin = make_user(self.env, "seg_field_admin", ADMIN)
        self.env["customer.field"].with_user(admin).create(
            {"name": "Visitas a la tienda", "field_type": "integer", "show_in_search": True}
        )
        self.assertIn("x_visitas_a_la_tienda", self.Partner._fields)
        self.bogota[0].write({"x_visitas_a_la_tienda": 12})
        self.bogota[1].write({"x_visitas_a_la_tienda": 2})
        segment = self.env["customer.segment"].create(
            {"name": "Visitantes", "domain": repr([("x_visitas_a_la_tienda", ">=", 10)])}
        )
        self.assertEqual(self.members(segment), self.bogota[0])


@tagged("post_install", "-at_install")
class TestShippedSegments(SegmentCase):
    """V1–V4 of La Casita de Mía and the audiences of seed 000, on the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ours = cls.bogota | cls.medellin

    def test_v1_to_v4_on_demo_data(self):
        customers = self.Partner.search([("is_customer", "=", True)])
        expected = {
            "segment_v1_recurrent": customers.filtered(lambda p: p.customer_type_id.code == "recurrent"),
            "segment_v2_eventual": customers.filtered(lambda p: p.customer_type_id.code == "eventual"),
            "segment_v3_special": customers.filtered(lambda p: p.customer_type_id.code == "special"),
            "segment_v4_main": customers.filtered(lambda p: p.customer_rating > 7),
        }
        for xmlid, partners in expected.items():
            segment = self.env.ref(f"customer_segmentation.{xmlid}")
            with self.subTest(segment=segment.name):
                self.assertTrue(partners - self.ours, "the demo has customers in each view")
                self.assertEqual(self.members(segment), partners)
                self.assertEqual(segment.member_count, len(partners))
        demo = self.env.ref
        self.assertIn(
            demo("customer_base.partner_cacao_de_oro"),
            self.members(demo("customer_segmentation.segment_v1_recurrent")),
        )
        self.assertIn(
            demo("customer_base.partner_reposteria_cholula"),
            self.members(demo("customer_segmentation.segment_v3_special")),
        )
        self.assertIn(
            demo("customer_base.partner_reposteria_cholula"),
            self.members(demo("customer_segmentation.segment_v4_main")),
        )
        self.assertNotIn(
            demo("customer_base.partner_cacao_de_oro"),
            self.members(demo("customer_segmentation.segment_v4_main")),
        )

    def test_v1_to_v4_are_favourite_filters(self):
        """The customers list offers V1–V4 as shared favourites giving the segment's customers."""
        action = self.env.ref("customer_base.action_customers")
        filters = self.env["ir.filters"].with_user(self.director).get_filters("res.partner", action.id)
        by_name = {f["name"]: f for f in filters}
        for name, xmlid in (
            ("V1. Clientes recurrentes", "segment_v1_recurrent"),
            ("V2. Clientes eventuales", "segment_v2_eventual"),
            ("V3. Clientes especiales", "segment_v3_special"),
            ("V4. Clientes principales", "segment_v4_main"),
        ):
            segment = self.env.ref(f"customer_segmentation.{xmlid}")
            with self.subTest(segment=segment.name):
                domain = safe_eval(by_name[name]["domain"])
                self.assertEqual(self.Partner.search(domain), self.members(segment))

    def test_audience_thresholds_follow_the_settings(self):
        """Major/minor customers by purchases or rating, new/old by months: the settings rewrite the shipped
        audiences' conditions."""
        major = self.env.ref("customer_segmentation.segment_audience_major")
        minor = self.env.ref("customer_segmentation.segment_audience_minor")
        new = self.env.ref("customer_segmentation.segment_audience_new")
        old = self.env.ref("customer_segmentation.segment_audience_old")
        self.bogota.write({"customer_purchase_count": 3})
        self.bogota[0].customer_purchase_count = 15
        self.assertEqual(self.members(major) & self.bogota, self.bogota[0])
        self.assertEqual(self.members(minor) & self.bogota, self.bogota[1:])
        settings = self.env["res.config.settings"].create({"customer_major_purchases": 3})
        settings.execute()
        self.assertEqual(self.members(major) & self.bogota, self.bogota)
        self.env["res.config.settings"].create(
            {"customer_major_basis": "rating", "customer_major_rating": 9}
        ).execute()
        self.assertEqual(self.members(major) & self.bogota, self.bogota[0])
        self.assertEqual(self.members(minor) & self.bogota, self.bogota[1:])
        from dateutil.relativedelta import relativedelta  # noqa: PLC0415

        from odoo import fields  # noqa: PLC0415

        today = fields.Date.today()
        self.bogota[0].customer_since = today - relativedelta(months=5)
        self.bogota[1].customer_since = today - relativedelta(months=30)
        self.assertEqual(self.members(new) & self.bogota, self.bogota[0])
        self.assertEqual(self.members(old) & self.bogota, self.bogota[1])
        self.env["res.config.settings"].create({"customer_new_months": 36}).execute()
        self.assertEqual(self.members(new) & self.bogota, self.bogota[:2])

    def test_prospect_audiences(self):
        """Unexplored prospects have no interaction; prospects in a campaign carry the campaign tag."""
        unexplored = self.env.ref("customer_segmentation.segment_audience_unexplored_prospect")
        campaign = self.env.ref("customer_segmentation.segment_audience_campaign_prospect")
        prospect = self.bogota[0]
        self.assertEqual(prospect.lifecycle_stage_id.code, "prospect")
        self.assertIn(prospect, self.members(unexplored))
        self.assertNotIn(prospect, self.members(campaign))
        prospect.category_id = [(4, self.env.ref("customer_segmentation.tag_campaign").id)]
        self.assertIn(prospect, self.members(campaign))
        self.env["customer.interaction"].create(
            {"partner_id": prospect.id, "type_id": self.env["customer.interaction.type"].search([], limit=1).id,
             "summary": "Llamada"}
        )  # fmt: skip
        self.assertNotIn(prospect, self.members(unexplored))
