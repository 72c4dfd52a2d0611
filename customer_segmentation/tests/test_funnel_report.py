# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The lifecycle funnel: how many customers entered each stage in a period and how many of them reached a
later stage of the funnel since, from the stage history, as each role may see it."""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.customer_base.tests.common import menus_shown

PERIOD = [("date", ">=", "2026-01-01 00:00:00"), ("date", "<", "2027-01-01 00:00:00")]


@tagged("post_install", "-at_install")
class TestFunnelReport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.vendedor = ref("customer_base.user_vendedor")
        cls.responsable = ref("customer_base.user_responsable")
        cls.director = ref("customer_base.user_director")
        cls.prospect, cls.opportunity, cls.customer, cls.lost = (
            ref(f"customer_base.stage_{code}") for code in ("prospect", "opportunity", "customer", "lost")
        )
        Partner = cls.env["res.partner"]
        # (name, [(stage, entered)]): the first stay is the one the customer was created in
        paths = {
            "converted": [(cls.prospect, "2026-01-10"), (cls.opportunity, "2026-02-01"), (cls.customer, "2026-03-01")],
            "lost": [(cls.prospect, "2026-01-15"), (cls.lost, "2026-02-10")],
            "old": [(cls.prospect, "2025-06-01"), (cls.opportunity, "2026-01-20")],
            "waiting": [(cls.prospect, "2026-02-01")],
        }  # fmt: skip
        cls.partners = {}
        for name, path in paths.items():
            partner = Partner.create({"name": f"Embudo {name}", "lifecycle_stage_id": cls.prospect.id})
            for stage, _date in path[1:]:
                partner.lifecycle_stage_id = stage
            entries = partner.lifecycle_history_ids.sorted(lambda h: (h.date_start, h.id))
            for entry, (_stage, date) in zip(entries, path, strict=True):
                entry.sudo().date_start = f"{date} 09:00:00"
            for entry, following in zip(entries, entries[1:], strict=False):
                entry.sudo().date_end = following.date_start
            cls.partners[name] = partner
        cls.ours = Partner.union(*cls.partners.values())
        cls.Report = cls.env["customer.stage.funnel.report"]

    def funnel(self, user, companies=None):
        Report = self.Report.with_user(user)
        if companies:
            Report = Report.with_context(allowed_company_ids=companies.ids)
        groups = Report.read_group(
            [*PERIOD, ("partner_id", "in", self.ours.ids)],
            ["converted_count:sum", "conversion_rate:avg"],
            ["stage_id"],
        )
        return {group["stage_id"][0]: group for group in groups}

    def test_entries_and_conversion_in_a_period(self):
        """In 2026 three customers entered Prospect (one of 2025 did not), one of them went on (the lost one
        did not: leaving the funnel is no conversion); two entered Opportunity and one went on; Lost is not
        a funnel stage. Each demo role sees the same, and each group's domain opens its rows."""
        for user in (self.director, self.responsable, self.vendedor):
            with self.subTest(user=user.login):
                funnel = self.funnel(user)
                self.assertEqual(set(funnel), {self.prospect.id, self.opportunity.id, self.customer.id})
                prospect, opportunity = funnel[self.prospect.id], funnel[self.opportunity.id]
                self.assertEqual((prospect["stage_id_count"], prospect["converted_count"]), (3, 1))
                self.assertAlmostEqual(prospect["conversion_rate"], 100 / 3)
                self.assertEqual((opportunity["stage_id_count"], opportunity["converted_count"]), (2, 1))
                self.assertAlmostEqual(opportunity["conversion_rate"], 50.0)
                self.assertEqual(funnel[self.customer.id]["converted_count"], 0)
                rows = self.Report.with_user(user).search(prospect["__domain"])
                self.assertEqual(
                    rows.partner_id,
                    self.partners["converted"] | self.partners["lost"] | self.partners["waiting"],
                )

    def test_time_in_stage_counts_closed_stays(self):
        """The average days in a stage is over the stays that ended (an open stay is not yet a duration)."""
        funnel = self.Report.read_group(
            [("partner_id", "in", self.ours.ids), ("stage_id", "=", self.prospect.id)],
            ["duration_days:avg"],
            ["stage_id"],
        )
        # converted 22 days, lost 26 days, old 233 days; waiting still in the stage
        self.assertAlmostEqual(funnel[0]["duration_days"], (22 + 26 + 233) / 3, places=1)

    def test_branch_isolation(self):
        """A vendedor of another branch does not count the customers of a branch they do not work for."""
        cali = self.env["res.company"].create({"name": "Sucursal Cali"})
        merida = self.env["res.company"].create({"name": "Sucursal Mérida"})
        self.vendedor.write({"company_ids": [(6, 0, merida.ids)], "company_id": merida.id})
        self.partners["converted"].company_id = cali
        (self.ours - self.partners["converted"]).company_id = False
        funnel = self.funnel(self.vendedor, merida)
        self.assertEqual(
            (funnel[self.prospect.id]["stage_id_count"], funnel[self.prospect.id]["converted_count"]), (2, 0)
        )
        self.assertNotIn(self.customer.id, funnel)
        # nor reads their rows by id
        hidden = self.Report.search([("partner_id", "=", self.partners["converted"].id)], limit=1)
        with self.assertRaises(AccessError):
            hidden.with_user(self.vendedor).with_context(allowed_company_ids=merida.ids).read(["stage_id"])
        self.director.write({"company_ids": [(4, cali.id)]})
        funnel = self.funnel(self.director, self.director.company_ids)
        self.assertEqual(funnel[self.prospect.id]["converted_count"], 1)

    def test_reports_in_the_dashboard_menu(self):
        """The funnel, time per stage, customers by segment and data quality are in the Tablero de clientes
        of every role."""
        for user in (self.director, self.responsable, self.vendedor):
            shown = menus_shown(self.env, user)
            for menu in ("menu_customer_dashboard_funnel", "menu_customer_dashboard_stage_time",
                         "menu_customer_dashboard_segment", "menu_customer_dashboard_quality",
                         "menu_customer_dashboard_completeness"):  # fmt: skip
                self.assertIn(f"customer_segmentation.{menu}", shown, user.login)
