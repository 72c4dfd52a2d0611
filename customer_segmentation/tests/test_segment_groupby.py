# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Group customers by segment: each segment the user may read is a group counted with its domain as the user,
a customer in two segments is in both, and each group's domain opens exactly the customers counted."""

import itertools

from odoo.tests import tagged

from .common import SegmentCase

SALESPERSON = "customer_base.group_customer_salesperson"


@tagged("post_install", "-at_install")
class TestSegmentGroupBy(SegmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendedor = cls.env.ref("customer_base.user_vendedor")
        cls.responsable = cls.env.ref("customer_base.user_responsable")
        cls.director_demo = cls.env.ref("customer_base.user_director")
        cls.ours = cls.bogota | cls.medellin
        # only the segments of the tests: the shipped ones (V1–V4, audiences) also hold these customers
        cls.Segment.search([]).active = False
        # Bogotá 9, 8, 5 and Medellín 9: "high" holds three, "bogota" three, two are in both
        cls.high = cls.Segment.create(
            {
                "name": "Z Calificación alta",
                "kind": "dynamic",
                "domain": repr([("customer_rating", ">=", 8)]),
                "company_id": False,
            }
        )
        cls.in_bogota = cls.Segment.create(
            {
                "name": "Z En Bogotá",
                "kind": "dynamic",
                "domain": repr([("city", "=", "Bogotá")]),
                "company_id": False,
            }
        )
        cls.nobody = cls.Segment.create(
            {
                "name": "Z Vacío",
                "kind": "dynamic",
                "domain": repr([("city", "=", "Ninguna parte")]),
                "company_id": False,
            }
        )
        cls.loner = cls.Partner.create({"name": "Cliente Medellín sin segmento", "city": "Medellín",
                                        "customer_rating": 2, "customer_type_id": cls.eventual.id})  # fmt: skip
        cls.domain = [*cls.city_domain, ("customer_rating", "!=", 5)]

    def groups(self, user, groupby=("segment_ids",), domain=None, **kwargs):
        Partner = self.Partner.with_user(user)
        return Partner.read_group(domain or self.domain, [], list(groupby), **kwargs)

    def by_segment(self, groups):
        return {group["segment_ids"] and group["segment_ids"][0]: group for group in groups}

    def test_each_segment_is_a_group_counted_with_its_domain(self):
        """As each demo role: our segments are groups with their members' count, a customer in two segments
        is counted in both, an empty segment makes no group, the customers in no segment are the last group,
        and every group's domain finds exactly the customers it counted (a click on the group)."""
        shown = self.bogota[:2] | self.medellin | self.loner
        for user in (self.director_demo, self.responsable, self.vendedor):
            with self.subTest(user=user.login):
                groups = self.groups(user)
                found = self.by_segment(groups)
                self.assertEqual(found[self.high.id]["segment_ids_count"], 3)
                self.assertEqual(found[self.in_bogota.id]["segment_ids_count"], 2)
                self.assertNotIn(self.nobody.id, found)
                self.assertIs(groups[-1]["segment_ids"], False)
                self.assertEqual(groups[-1]["segment_ids_count"], 1)
                Partner = self.Partner.with_user(user)
                for group in groups:
                    members = Partner.search(group["__domain"])
                    self.assertEqual(len(members), group["segment_ids_count"], group["segment_ids"])
                    self.assertLessEqual(members, shown)
                self.assertEqual(Partner.search(groups[-1]["__domain"]), self.loner)
                self.assertEqual(Partner.search(found[self.in_bogota.id]["__domain"]), self.bogota[:2])
                # each customer is in the groups of exactly its segments, as its form says
                for partner in shown.with_user(user):
                    in_groups = {
                        key
                        for key, group in found.items()
                        if key and partner in Partner.search(group["__domain"])
                    }
                    self.assertEqual(in_groups, set(partner.segment_ids.ids), partner.name)

    def test_pivot_and_graph_groupings_with_other_fields(self):
        """Eager grouping (pivot, graph) by segment and another field, in both orders: the counts are those of
        the groups' domains, and rows follow the first grouping."""
        for groupby in (("segment_ids", "customer_type_id"), ("customer_type_id", "segment_ids")):
            with self.subTest(groupby=groupby):
                rows = self.groups(self.director_demo, groupby, lazy=False)
                ours = [row for row in rows if row["segment_ids"] and row["segment_ids"][0] == self.high.id]
                self.assertEqual([row["__count"] for row in ours], [3])
                self.assertEqual(ours[0]["customer_type_id"][0], self.recurrent.id)
                for row in rows:
                    self.assertEqual(self.Partner.search_count(row["__domain"]), row["__count"])
        rows = self.groups(self.director_demo, ("customer_type_id", "segment_ids"), lazy=False)
        runs = [key for key, _rows in itertools.groupby(row["customer_type_id"] for row in rows)]
        self.assertEqual(len(runs), len(set(runs)), "the rows of one type together")
        self.assertEqual(len(runs), 2)
        # a measure is aggregated per segment
        [high] = [
            group
            for group in self.Partner.read_group(self.domain, ["customer_rating:avg"], ["segment_ids"])
            if group["segment_ids"] and group["segment_ids"][0] == self.high.id
        ]
        self.assertAlmostEqual(high["customer_rating"], (9 + 8 + 9) / 3)

    def test_lazy_subgroups_and_paging(self):
        """A list grouped by stage then segment opens each stage's segments; paged groups and their total
        (web_read_group) count segments, not records."""
        stages = self.groups(self.director_demo, ("lifecycle_stage_id", "segment_ids"))
        for stage in stages:
            self.assertEqual(stage["__context"], {"group_by": ["segment_ids"]})
            inner = self.Partner.read_group(stage["__domain"], [], ["segment_ids"])
            self.assertEqual(sum(g["segment_ids_count"] for g in inner if not g["segment_ids"]),
                             self.Partner.search_count([*stage["__domain"], ("segment_ids", "=", False)]))  # fmt: skip
            for group in inner:
                self.assertEqual(self.Partner.search_count(group["__domain"]), group["segment_ids_count"])
        in_high = sum(
            group["segment_ids_count"]
            for stage in stages
            for group in self.Partner.read_group(stage["__domain"], [], ["segment_ids"])
            if group["segment_ids"] and group["segment_ids"][0] == self.high.id
        )
        self.assertEqual(in_high, 3)
        everything = self.groups(self.director_demo)
        page = self.Partner.web_read_group(self.domain, [], ["segment_ids"], limit=2, offset=1)
        self.assertEqual(
            [g["segment_ids"] for g in page["groups"]], [g["segment_ids"] for g in everything[1:3]]
        )
        self.assertEqual(page["length"], len(everything))
        descending = self.groups(self.director_demo, orderby="segment_ids desc")
        self.assertEqual(
            [g["segment_ids"] for g in descending[:-1]], [g["segment_ids"] for g in reversed(everything[:-1])]
        )
        by_count = self.groups(self.director_demo, orderby="__count asc")
        self.assertEqual([g["segment_ids_count"] for g in by_count], [1, 2, 3], "a click on the count column")
        self.assertTrue(self.Partner.fields_get(["segment_ids"], ["groupable"])["segment_ids"]["groupable"])

    def test_branch_isolation(self):
        """A vendedor of one branch groups by the segments of their branch and the shared ones, counting only
        the customers of their branch; a director of both branches sees both."""
        cali = self.env["res.company"].create({"name": "Sucursal Cali"})
        merida = self.env["res.company"].create({"name": "Sucursal Mérida"})
        main = self.env.company
        self.vendedor.write({"company_ids": [(6, 0, merida.ids)], "company_id": merida.id})
        self.director_demo.write({"company_ids": [(6, 0, (main | cali | merida).ids)]})
        self.bogota[0].company_id = cali
        self.medellin.company_id = merida
        (self.bogota[1:] | self.loner).company_id = False
        private = self.Segment.create({"name": "Z Privado de Cali", "kind": "dynamic", "company_id": cali.id,
                                       "domain": repr([("customer_rating", ">=", 8)])})  # fmt: skip
        context = {"allowed_company_ids": merida.ids}
        groups = self.by_segment(
            self.Partner.with_user(self.vendedor)
            .with_context(**context)
            .read_group(self.domain, [], ["segment_ids"])
        )
        self.assertNotIn(private.id, groups)
        self.assertEqual(groups[self.high.id]["segment_ids_count"], 2, "Bogotá 8 (shared) and Medellín")
        self.assertEqual(
            self.Partner.with_user(self.vendedor)
            .with_context(**context)
            .search(groups[self.high.id]["__domain"]),
            self.bogota[1] | self.medellin,
        )
        allowed = {"allowed_company_ids": (main | cali | merida).ids}
        groups = self.by_segment(
            self.Partner.with_user(self.director_demo)
            .with_context(**allowed)
            .read_group(self.domain, [], ["segment_ids"])
        )
        self.assertEqual(groups[private.id]["segment_ids_count"], 3)
        self.assertEqual(groups[self.high.id]["segment_ids_count"], 3)

    def test_segment_on_a_hidden_field_is_not_a_group(self):
        """A segment whose conditions use a field hidden from the vendedor's role is no group for them (nor
        counted in "no segment"), as on the customer's form; a responsable, who may read it, has the group."""
        field = self.env["ir.model.fields"]._get("res.partner", "customer_preferred_product")
        accesses = self.env["customer.field.access"].create(
            [
                {"field_id": field.id, "group_id": self.env.ref("customer_base.group_customer_manager").id,
                 "access": "edit"},
                {"field_id": field.id, "group_id": self.env.ref(SALESPERSON).id, "access": "hidden"},
            ]
        )  # fmt: skip
        self.addCleanup(accesses.unlink)  # before the rollback: the registry forgets the policy
        self.loner.customer_preferred_product = "Trufas"
        secret = self.Segment.create({"name": "Z Trufas", "kind": "dynamic",
                                      "domain": repr([("customer_preferred_product", "=", "Trufas")])})  # fmt: skip
        vendedor_groups = self.groups(self.vendedor)
        self.assertNotIn(secret.id, self.by_segment(vendedor_groups))
        self.assertEqual(
            self.Partner.with_user(self.vendedor).search(vendedor_groups[-1]["__domain"]), self.loner
        )
        responsable_groups = self.by_segment(self.groups(self.responsable))
        self.assertEqual(responsable_groups[secret.id]["segment_ids_count"], 1)
        self.assertNotIn(False, responsable_groups, "the loner is in a segment")
