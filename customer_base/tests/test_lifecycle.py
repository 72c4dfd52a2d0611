# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged

from .common import make_user


@tagged("post_install", "-at_install")
class TestLifecycle(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        ref = cls.env.ref
        cls.prospect, cls.opportunity = (
            ref("customer_base.stage_prospect"),
            ref("customer_base.stage_opportunity"),
        )
        cls.customer_stage, cls.loyal = ref("customer_base.stage_customer"), ref("customer_base.stage_loyal")
        cls.inactive = ref("customer_base.stage_inactive")
        cls.salesperson = make_user(cls.env, "life_salesperson", "customer_base.group_customer_salesperson")
        cls.manager = make_user(cls.env, "life_manager", "customer_base.group_customer_manager")

    def test_new_customers_start_at_the_default_stage_with_history(self):
        """A new customer is a Prospect, with one open history entry by its creator."""
        partner = self.Partner.with_user(self.salesperson).create({"name": "Nueva Pastelería"})
        self.assertEqual(partner.lifecycle_stage_id, self.prospect)
        entry = partner.lifecycle_history_ids
        self.assertEqual(
            (entry.stage_id, entry.user_id, entry.date_end), (self.prospect, self.salesperson, False)
        )

    def test_move_forward_records_exit_entry_and_duration(self):
        """Moving a customer closes the previous stay (with its duration) and opens the next."""
        partner = self.Partner.create({"name": "Hotel"})
        first = partner.lifecycle_history_ids
        first.date_start = fields.Datetime.now() - timedelta(days=3)
        partner.with_user(self.salesperson).lifecycle_stage_id = self.opportunity
        self.assertTrue(first.date_end)
        self.assertAlmostEqual(first.duration_days, 3, delta=0.01)
        current = partner.lifecycle_history_ids.filtered(lambda h: not h.date_end)
        self.assertEqual((current.stage_id, current.previous_stage_id, current.user_id),
                         (self.opportunity, self.prospect, self.salesperson))  # fmt: skip
        self.assertEqual(partner.lifecycle_stage_days, 0)

    def test_stage_change_is_tracked_in_the_chatter(self):
        """The chatter shows the stage change."""
        partner = self.Partner.create({"name": "Chatter"})
        self.env.cr.precommit.run()  # the creation's own tracking is done at commit
        partner.lifecycle_stage_id = self.opportunity
        self.env.flush_all()
        self.env.cr.precommit.run()  # mail tracking is written at commit
        values = partner.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "lifecycle_stage_id"
        )
        self.assertEqual(values.new_value_char, self.opportunity.name)

    def test_moving_backwards_is_for_managers(self):
        """A Vendedor cannot move a customer back; a Responsable can."""
        partner = self.Partner.create({"name": "Atrás", "lifecycle_stage_id": self.opportunity.id})
        with self.assertRaisesRegex(AccessError, "Only a Manager"):
            partner.with_user(self.salesperson).write({"lifecycle_stage_id": self.prospect.id})
        partner.with_user(self.manager).write({"lifecycle_stage_id": self.prospect.id})
        self.assertEqual(partner.lifecycle_stage_id, self.prospect)

    def test_time_per_stage_report(self):
        """The report averages the days per stage over finished stays."""
        partners = self.Partner.create([{"name": "A"}, {"name": "B"}])
        history = partners.lifecycle_history_ids
        history[0].date_start = fields.Datetime.now() - timedelta(days=2)
        history[1].date_start = fields.Datetime.now() - timedelta(days=4)
        partners.lifecycle_stage_id = self.opportunity
        [(stage, avg)] = self.env["customer.stage.history"]._read_group(
            [("id", "in", history.ids)], ["stage_id"], ["duration_days:avg"]
        )
        self.assertEqual(stage, self.prospect)
        self.assertAlmostEqual(avg, 3, delta=0.01)

    def test_purchases_and_rating_rules(self):
        """First purchase → Customer; ten purchases or a rating of 9 → Loyal; each rule can be switched off."""
        partner = self.Partner.with_user(self.salesperson).create({"name": "Compradora"})
        partner.with_user(self.salesperson).customer_purchase_count = 1
        self.assertEqual(partner.lifecycle_stage_id, self.customer_stage)
        last = partner.lifecycle_history_ids.sorted("id")[-1]
        self.assertEqual(last.rule_id, self.env.ref("customer_base.rule_first_purchase"))
        partner.sudo(False).with_user(self.env.ref("base.user_admin")).customer_rating = 9
        self.assertEqual(partner.lifecycle_stage_id, self.loyal)
        other = self.Partner.create({"name": "Otra", "lifecycle_stage_id": self.customer_stage.id})
        self.env.ref("customer_base.rule_loyal_purchases").active = False
        other.customer_purchase_count = 12
        self.assertEqual(other.lifecycle_stage_id, self.customer_stage, "a switched-off rule does nothing")

    def test_inactivity_cron_on_a_time_shifted_dataset(self):
        """The nightly cron moves customers without activity for 180 days to Inactive, in batches."""
        old = self.Partner.create(
            [{"name": f"Antiguo {i}", "lifecycle_stage_id": self.customer_stage.id} for i in range(3)]
        )
        recent = self.Partner.create({"name": "Reciente", "lifecycle_stage_id": self.customer_stage.id})
        talked = self.Partner.create({"name": "Conversado", "lifecycle_stage_id": self.loyal.id})
        prospect = self.Partner.create({"name": "Prospecto viejo"})
        shifted = old | talked | prospect
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = now() - interval '200 days' WHERE id = ANY(%s)",
            [shifted.ids],
        )
        talked.message_post(body="Llamada de seguimiento", message_type="comment")
        self.env.flush_all()
        self.assertEqual(self.Partner._cron_lifecycle_inactivity(batch_size=2), 2)
        self.assertEqual(self.Partner._cron_lifecycle_inactivity(batch_size=2), 1)
        self.assertEqual(self.Partner._cron_lifecycle_inactivity(batch_size=2), 0)
        self.env.invalidate_all()
        self.assertEqual(set(old.mapped("lifecycle_stage_id")), {self.inactive})
        self.assertEqual(recent.lifecycle_stage_id, self.customer_stage)
        self.assertEqual(talked.lifecycle_stage_id, self.loyal, "a recent message is activity")
        self.assertEqual(
            prospect.lifecycle_stage_id, self.prospect, "the rule only applies from Customer and Loyal"
        )
        self.assertEqual(old.lifecycle_history_ids.filtered(lambda h: not h.date_end).rule_id,
                         self.env.ref("customer_base.rule_inactivity"))  # fmt: skip

    def test_form_statusbar(self):
        """The form moves the customer along the stage bar."""
        partner = self.Partner.create({"name": "Form"})
        with Form(partner.with_user(self.salesperson)) as form:
            form.lifecycle_stage_id = self.opportunity
        self.assertEqual(partner.lifecycle_stage_id, self.opportunity)

    def test_kanban_shows_every_stage(self):
        """The kanban lists every stage as a column, even empty ones."""
        groups = self.Partner.web_read_group([("id", "=", 0)], ["lifecycle_stage_id"], ["lifecycle_stage_id"])
        stages = [group["lifecycle_stage_id"][0] for group in groups["groups"]]
        self.assertEqual(stages, self.env["customer.lifecycle.stage"].search([]).ids)

    def test_existing_customers_get_their_stage_date_at_install(self):
        """Customers that existed before the addon are in their stage since they were created."""
        partner = self.Partner.create({"name": "Antiguo cliente"})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_date = NULL, create_date = '2020-01-02' WHERE id = %s",
            [partner.id],
        )
        self.Partner.init()
        partner.invalidate_recordset()
        self.assertEqual(str(partner.lifecycle_stage_date), "2020-01-02 00:00:00")

    def test_contacts_older_than_the_stages_get_the_default_stage(self):
        """At install, contacts created before the stages existed are put in the default stage."""
        partner = self.Partner.create({"name": "Anterior"})
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET lifecycle_stage_id = NULL WHERE id = %s", [partner.id])
        self.Partner._lifecycle_assign_default_stage()
        self.assertEqual(partner.lifecycle_stage_id, self.prospect)
