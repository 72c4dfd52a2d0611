# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The business-potential score: rules, stored score and grade, explanation, set-based recompute."""

from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.customer_base.tests.common import make_user
from odoo.addons.customer_base.tests.import_files import make_file, run_import

from .. import hooks
from ..tools.scoring import grade_of
from .common import SALESPERSON, SegmentCase


@tagged("post_install", "-at_install")
class TestScore(SegmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["customer.score.rule"]
        # the shipped rules are replaced by three known ones
        cls.Rule.search([]).active = False
        cls.rating = cls.Rule.create({"name": "Calificación 8+", "group": "fit", "points": 40,
                                      "domain": "[('customer_rating', '>=', 8)]"})  # fmt: skip
        cls.buyer = cls.Rule.create({"name": "Compra", "group": "engagement", "points": 35,
                                     "domain": "[('customer_purchase_count', '>', 0)]"})  # fmt: skip
        cls.bogotano = cls.Rule.create({"name": "En Bogotá", "group": "fit", "points": 50,
                                        "domain": "[('city', '=', 'Bogotá')]"})  # fmt: skip
        cls.Rule._score_recompute((cls.bogota | cls.medellin).ids)

    def test_score_grade_and_explanation(self):
        """The score is the sum of the rules met (kept at 100 at most), with its grade and the rules
        that gave the points."""
        top, mid, low = self.bogota
        top.customer_purchase_count = 2  # 40 + 35 + 50 → 100
        self.assertEqual((top.customer_score, top.customer_score_grade), (100, "A"))
        self.assertEqual((top.customer_score_fit, top.customer_score_engagement), (90, 35))
        self.assertEqual(top.customer_score_rule_ids, self.rating | self.buyer | self.bogotano)
        self.assertEqual((mid.customer_score, mid.customer_score_grade), (90, "A"))
        self.assertEqual((low.customer_score, low.customer_score_grade), (50, "B"))
        self.assertEqual(low.customer_score_rule_ids, self.bogotano)
        self.assertEqual((self.medellin.customer_score, self.medellin.customer_score_grade), (40, "C"))

    def test_score_follows_changes(self):
        """Changing a field a rule reads recomputes the customer's score at once; so does changing a rule."""
        low = self.bogota[2]
        low.city = "Cali"
        self.assertEqual((low.customer_score, low.customer_score_grade), (0, "D"))
        low.customer_rating = 9
        self.assertEqual(low.customer_score, 40)
        self.rating.points = 60
        self.Rule._score_recompute(low.ids)
        self.assertEqual(low.customer_score, 60)

    def test_an_import_scores_the_rows_it_writes(self):
        """An import matching customers recomputes the scores of the rows it updates and creates (once for
        the batch), as saving them does; its preview writes no score."""
        low, medellin = self.bogota[2], self.medellin
        (low | medellin).write({"email": False})
        low.email, medellin.email = "low.score@example.com", "medellin.score@example.com"
        self.env.flush_all()  # the web client's calls come each in their own request
        content = make_file(
            [["Name", "Email", "City"], ["Cliente Bogotá 2", "low.score@example.com", "Cali"],
             ["Cliente Medellín", "medellin.score@example.com", "Bogotá"],
             ["Cliente Nuevo", "nuevo.score@example.com", "Bogotá"]]
        )  # fmt: skip
        run_import(self.env, content, dryrun=True, customer_match_key="email")
        self.assertEqual((low.customer_score, medellin.customer_score), (50, 40))
        _preview, results = run_import(self.env, content, customer_match_key="email")
        self.assertEqual(results[-1]["customer_import"]["counts"]["update"], 2)
        self.assertEqual((low.city, medellin.city), ("Cali", "Bogotá"))
        self.assertEqual((low.customer_score, low.customer_score_grade), (0, "D"))
        self.assertEqual((medellin.customer_score, medellin.customer_score_grade), (90, "A"))
        new = self.Partner.search([("email", "=", "nuevo.score@example.com")])
        self.assertEqual(new.customer_score, 50)

    def test_interactions_count_for_engagement(self):
        """A rule on recent interactions: logging one raises the score."""
        rule = self.Rule.create(
            {"name": "Contacto reciente", "group": "engagement", "points": 10,
             "domain": "[('customer_interaction_ids.date', '>=', "
                       "(context_today() - relativedelta(days=90)).strftime('%Y-%m-%d'))]"}
        )  # fmt: skip
        customer = self.medellin
        self.assertEqual(customer.customer_score, 40)
        self.env["customer.interaction"].create(
            {"partner_id": customer.id, "type_id": self.env["customer.interaction.type"].search([], limit=1).id,
             "summary": "Visita"}
        )  # fmt: skip
        self.assertEqual(customer.customer_score, 50)
        self.assertIn(rule, customer.customer_score_rule_ids)

    def test_batched_recompute_matches_one_by_one(self):
        """The nightly recompute in small batches (resuming between runs) gives every customer the score
        the rules give it, and leaves non-customers without one."""
        self.env.cr.execute("UPDATE res_partner SET customer_score = NULL, customer_score_grade = NULL")
        self.Partner.invalidate_model()
        self.env["ir.config_parameter"].set_param("customer_segmentation.score_cron_last_id", 0)
        for _run in range(100):
            self.Rule.with_context(lang="en_US")._cron_recompute_customer_scores(
                batch_size=7, batches_per_run=2
            )
            if self.env["ir.config_parameter"].get_param("customer_segmentation.score_cron_last_id") == "0":
                break
        self.Partner.invalidate_model()
        customers = self.Partner.with_context(active_test=False).search([("is_customer", "=", True)])
        matched = self.Rule._score_matching_rules(customers)
        for customer in customers:
            points = sum(self.Rule.browse(matched.get(customer.id, [])).mapped("points"))
            self.assertEqual(customer.customer_score, min(points, 100), customer.name)
            # the grade written in SQL is the Python definition's
            self.assertEqual(customer.customer_score_grade, grade_of(customer.customer_score), customer.name)
        self.assertFalse(self.env.company.partner_id.customer_score_grade)

    def test_rules_are_configured_by_admins(self):
        """A vendedor reads the rules, only a customer database administrator changes them; bad
        conditions are refused."""
        salesperson = make_user(self.env, "score_vendedor", SALESPERSON)
        self.assertTrue(self.rating.with_user(salesperson).name)
        with self.assertRaises(AccessError):
            self.rating.with_user(salesperson).points = 1
        with self.assertRaisesRegex(ValidationError, "not valid"):
            self.Rule.create({"name": "Mal", "domain": "[('no_such_field', '=', 1)]"})

    def test_explanation_hides_rules_on_hidden_fields(self):
        """A rule reading a field the user may not read is left out of the explanation they see."""
        salesperson = make_user(self.env, "score_vendedor2", SALESPERSON)
        top = self.bogota[0]
        self.assertEqual(top.with_user(salesperson).customer_score_rule_ids, self.rating | self.bogotano)
        # hide the city from the vendedor through the field's groups, as the field policy does
        city = type(self.Partner)._fields["city"]
        self.patch(city, "groups", "base.group_system")
        self.Partner.invalidate_model(["customer_score_rule_ids"])
        self.assertEqual(top.with_user(salesperson).customer_score_rule_ids, self.rating)

    def test_form_shows_the_explanation(self):
        """The customer form shows the score, grade and the rules met."""
        form = Form(self.bogota[0])
        self.assertEqual(form.customer_score, 90)
        self.assertEqual(len(form.customer_score_rule_ids), 2)

    def test_install_on_a_large_base_leaves_the_scores_to_the_cron(self):
        """On a base above the install limit the hook fills no score and starts the score cron instead;
        below it, it fills them."""
        cron = self.env.ref("customer_segmentation.ir_cron_recompute_scores")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        with (
            patch.object(hooks, "INSTALL_FILL_LIMIT", 0),
            patch.object(
                type(self.env["customer.score.rule"]),
                "_score_recompute_all",
                side_effect=AssertionError("filled"),
            ),
        ):
            hooks.post_init_hook(self.env)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)
