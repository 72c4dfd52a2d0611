# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import TOUR_TIMEOUT, make_user

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"


@tagged("post_install", "-at_install")
class TestInteractionsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.vendedor = make_user(cls.env, "inter_vendedor", SALESPERSON)
        cls.responsable = make_user(cls.env, "inter_responsable", MANAGER)
        cls.employee = make_user(cls.env, "inter_employee", "base.group_user")
        cls.admin_user = make_user(cls.env, "inter_admin", "customer_base.group_customer_admin")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Chocolatería Inter", "is_company": True, "user_id": cls.vendedor.id}
        )
        cls.Interaction = cls.env["customer.interaction"]
        cls.call = cls.env.ref("customer_base.interaction_type_call")
        cls.email = cls.env.ref("customer_base.interaction_type_email")
        cls.other = cls.env.ref("customer_base.interaction_type_other")
        cls.complaint = cls.env.ref("customer_base.interaction_type_complaint")
        cls.survey = cls.env.ref("customer_base.interaction_type_survey")

    def _interaction(self, user=None, **values):
        vals = {"partner_id": self.customer.id, "type_id": self.call.id, "summary": "Contact", **values}
        return self.Interaction.with_user(user or self.vendedor).create(vals)


@tagged("post_install", "-at_install")
class TestInteractionHistory(TestInteractionsCommon):
    def test_log_interaction_from_the_customer_form(self):
        """The customer form's button opens an interaction for that customer; saving it adds it to the history."""
        action = self.customer.with_user(self.vendedor).action_log_customer_interaction()
        self.assertEqual(action["res_model"], "customer.interaction")
        interaction_form = Form(self.Interaction.with_user(self.vendedor).with_context(**action["context"]))
        interaction_form.type_id = self.call
        interaction_form.summary = "Asked for the Christmas catalogue"
        interaction_form.area_id = self.env.ref("customer_base.customer_area_sales")
        interaction_form.result = "Catalogue sent"
        interaction_form.next_step = "Call back on Monday"
        interaction = interaction_form.save()
        self.assertEqual(interaction.partner_id, self.customer)
        self.assertEqual(interaction.user_id, self.vendedor, "done by the current user by default")
        self.assertEqual(interaction.source, "manual")
        self.assertEqual(interaction.company_id, self.customer.company_id)
        self.assertEqual(self.customer.customer_interaction_ids, interaction)
        self.assertEqual(self.customer.customer_interaction_count, 1)
        view_action = self.customer.action_view_customer_interactions()
        self.assertEqual(self.Interaction.search(view_action["domain"]), interaction)

    def test_activity_done_records_an_interaction(self):
        """A call marked as done on a customer becomes a call interaction, by who did it, with the feedback."""
        activity = self.customer.with_user(self.vendedor).activity_schedule(
            "mail.mail_activity_data_call", summary="Follow up the order", user_id=self.vendedor.id
        )
        activity.with_user(self.vendedor).action_feedback(feedback="Wants 20 boxes")
        interaction = self.customer.customer_interaction_ids
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.type_id, self.call)
        self.assertEqual(interaction.summary, "Follow up the order")
        self.assertEqual(interaction.result, "Wants 20 boxes")
        self.assertEqual(interaction.user_id, self.vendedor)
        self.assertEqual(interaction.source, "activity")

    def test_activity_types_map_to_interaction_types(self):
        """A to-do is recorded as Other, a meeting as Meeting; the data review activity is not recorded."""
        todo = self.customer.activity_schedule("mail.mail_activity_data_todo", user_id=self.vendedor.id)
        meeting = self.customer.activity_schedule("mail.mail_activity_data_meeting", user_id=self.vendedor.id)
        review = self.customer.activity_schedule(
            "customer_base.mail_activity_type_review_data", user_id=self.vendedor.id
        )
        (todo | meeting | review).with_user(self.vendedor).action_feedback()
        self.assertEqual(
            sorted(self.customer.customer_interaction_ids.type_id.mapped("code")), ["meeting", "other"]
        )

    def test_activity_done_by_a_user_without_customer_rights(self):
        """An employee outside the customer roles can still mark an activity done; it is recorded."""
        activity = self.customer.activity_schedule("mail.mail_activity_data_call", user_id=self.employee.id)
        activity.with_user(self.employee).action_feedback(feedback="Done")
        self.assertEqual(self.customer.customer_interaction_ids.user_id, self.employee)

    def test_email_on_the_customer_records_an_interaction(self):
        """A message sent to the customer from its chatter and an incoming email are recorded; an internal note
        and a message among colleagues are not."""
        customer = self.customer.with_user(self.vendedor)
        customer.message_post(
            body="Internal: check the invoice", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        customer.message_post(
            body="Colleagues only: who visits them?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(
            self.customer.customer_interaction_ids, "neither a note nor a message among colleagues"
        )
        sent = customer.message_post(
            body=Markup("<p>Here is our new catalogue</p>"),
            subject="Catalogue",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
        interaction = self.customer.customer_interaction_ids
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.type_id, self.email)
        self.assertEqual(interaction.summary, "Catalogue")
        self.assertEqual(interaction.user_id, self.vendedor)
        self.assertEqual(interaction.message_id, sent)
        self.customer.message_post(
            body=Markup("<p>Could you send me the prices?</p>"),
            message_type="email",
            subtype_xmlid="mail.mt_comment",
            author_id=self.customer.id,
        )
        incoming = self.customer.customer_interaction_ids - interaction
        self.assertEqual(incoming.summary, "Could you send me the prices?")
        self.assertEqual(incoming.user_id, self.vendedor, "an incoming email goes to the salesperson")


@tagged("post_install", "-at_install")
class TestComplaints(TestInteractionsCommon):
    def test_complaint_lifecycle_and_time_to_resolve(self):
        """A complaint opens, is handled, is resolved with its date and the time it took."""
        received = fields.Datetime.now() - timedelta(hours=50)
        complaint = self._interaction(type_id=self.complaint.id, summary="Melted chocolates", date=received)
        other = self._interaction(summary="Just a call")
        self.assertEqual(complaint.complaint_state, "open")
        self.assertFalse(other.complaint_state, "only complaints have a status")
        self.assertEqual(self.customer.customer_open_complaint_count, 1)
        complaint.action_start_progress()
        self.assertEqual(complaint.complaint_state, "in_progress")
        self.assertFalse(complaint.resolved_date)
        complaint.action_resolve()
        self.assertEqual(complaint.complaint_state, "resolved")
        self.assertTrue(complaint.resolved_date)
        self.assertAlmostEqual(complaint.resolution_hours, 50, delta=0.1)
        self.assertAlmostEqual(complaint.resolution_days, 50 / 24, delta=0.01)
        self.customer.invalidate_recordset(["customer_open_complaint_count"])
        self.assertEqual(self.customer.customer_open_complaint_count, 0)
        complaint.action_reopen()
        self.assertFalse(complaint.resolved_date)
        self.assertEqual(complaint.resolution_hours, 0)
        with self.assertRaises(UserError):
            other.action_resolve()

    def test_open_complaints_list(self):
        """The Open Complaints list shows open and in-progress complaints only."""
        opened = self._interaction(type_id=self.complaint.id, summary="Late delivery")
        handled = self._interaction(type_id=self.complaint.id, summary="Wrong box")
        handled.action_start_progress()
        resolved = self._interaction(type_id=self.complaint.id, summary="Broken ribbon")
        resolved.action_resolve()
        self._interaction(summary="A call")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_base.customer_interaction_open_complaints_action"
        )
        shown = self.Interaction.with_user(self.vendedor).search(
            safe_eval(action["domain"]) + [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(shown, opened | handled)
        own = self.customer.action_view_customer_open_complaints()
        self.assertEqual(self.Interaction.search(own["domain"]), opened | handled)

    def test_time_to_resolve_report(self):
        """The interactions report averages the time to resolve complaints."""
        views = self.Interaction.with_user(self.vendedor).get_views([(False, "pivot"), (False, "graph")])
        self.assertIn("resolution_days", views["views"]["pivot"]["arch"])
        received = fields.Datetime.now() - timedelta(days=3)
        for days in (1, 2):
            complaint = self._interaction(type_id=self.complaint.id, date=received)
            complaint.resolved_date = received + timedelta(days=days)
            complaint.complaint_state = "resolved"
        [(average,)] = self.Interaction._read_group(
            [("partner_id", "=", self.customer.id), ("type_kind", "=", "complaint")],
            aggregates=["resolution_days:avg"],
        )
        self.assertAlmostEqual(average, 1.5)


@tagged("post_install", "-at_install")
class TestSurveys(TestInteractionsCommon):
    def test_survey_sets_the_last_survey_date(self):
        """A survey sets the customer's last survey date; an older one does not move it back."""
        self._interaction(type_id=self.survey.id, date=datetime(2026, 3, 5, 15, 0))
        self.assertEqual(self.customer.last_survey_date, fields.Date.to_date("2026-03-05"))
        self._interaction(type_id=self.survey.id, date=datetime(2026, 2, 10, 15, 0))
        self.assertEqual(self.customer.last_survey_date, fields.Date.to_date("2026-03-05"))
        self._interaction(date=datetime(2026, 4, 1, 15, 0))
        self.assertEqual(self.customer.last_survey_date, fields.Date.to_date("2026-03-05"), "not a survey")

    def test_second_survey_in_the_month_is_refused(self):
        """A second survey of the same customer in the same calendar month is refused, with a clear message."""
        self._interaction(type_id=self.survey.id, date=datetime(2026, 3, 5, 15, 0))
        with self.assertRaisesRegex(UserError, "already answered a survey in 03/2026"):
            self._interaction(type_id=self.survey.id, date=datetime(2026, 3, 28, 15, 0))
        april = self._interaction(type_id=self.survey.id, date=datetime(2026, 4, 2, 15, 0))
        with self.assertRaises(UserError):
            april.date = datetime(2026, 3, 20, 15, 0)

    def test_last_survey_date_counts_without_an_interaction(self):
        """A last survey date typed or imported on the customer also counts for the monthly limit."""
        self.customer.last_survey_date = "2026-05-02"
        with self.assertRaises(UserError):
            self._interaction(type_id=self.survey.id, date=datetime(2026, 5, 20, 15, 0))

    def test_manager_overrides_the_monthly_limit_and_it_is_logged(self):
        """A Responsable may record a second survey in the month; the chatter names who overrode."""
        self._interaction(type_id=self.survey.id, date=datetime(2026, 3, 5, 15, 0))
        second = self._interaction(
            user=self.responsable,
            type_id=self.survey.id,
            date=datetime(2026, 3, 20, 15, 0),
            survey_limit_override=True,
            summary="Satisfaction survey",
        )
        self.assertEqual(self.customer.last_survey_date, fields.Date.to_date("2026-03-20"))
        log = self.customer.message_ids.filtered(lambda m: "overridden" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn(self.responsable.name, log.body)
        self.assertEqual(log.author_id, self.responsable.partner_id)
        self.assertTrue(second.exists())

    def test_salesperson_cannot_override(self):
        """A Vendedor's override is refused by the server, even for a survey that does not clash."""
        with self.assertRaises(AccessError):
            self._interaction(type_id=self.survey.id, survey_limit_override=True)
        survey = self._interaction(type_id=self.survey.id, date=datetime(2026, 6, 5, 15, 0))
        with self.assertRaises(AccessError):
            survey.with_user(self.vendedor).survey_limit_override = True
        overridden = self._interaction(
            user=self.responsable,
            type_id=self.survey.id,
            date=datetime(2026, 6, 20, 15, 0),
            survey_limit_override=True,
        )
        with self.assertRaises(AccessError):  # moving it within the month would use the manager's override
            overridden.with_user(self.vendedor).date = datetime(2026, 6, 21, 15, 0)


@tagged("post_install", "-at_install")
class TestDataFreshness(TestInteractionsCommon):
    def test_completeness_score(self):
        """The score is the share of key fields filled; a person counts the birthday, a company does not."""
        Partner = self.env["res.partner"]
        person = Partner.create({"name": "Ana Prueba", "email": "ana@example.com", "mobile": "300 123 4567"})
        self.assertEqual(person.customer_completeness, 22)  # 2 of 9
        person.write({"street": "Calle 10", "city": "Cali"})
        self.assertEqual(person.customer_completeness, 44)  # 4 of 9
        person.customer_birthday = "1990-01-01"
        self.assertEqual(person.customer_completeness, 56)  # 5 of 9
        company = Partner.create({"name": "Empresa Prueba", "is_company": True, "email": "e@example.com"})
        self.assertEqual(company.customer_completeness, 12)  # 1 of 8, birthday left out
        self.assertIn(person, Partner.search([("customer_completeness", ">=", 50)]))
        self.assertNotIn(company, Partner.search([("customer_completeness", ">=", 50)]))
        groups = dict(
            Partner._read_group(
                [("id", "in", (person | company).ids)], ["customer_completeness"], ["__count"]
            )
        )
        self.assertEqual(groups, {56: 1, 12: 1})

    def test_completeness_after_the_key_fields_change(self):
        """When the administrator changes the key field list, recomputing every customer applies it and does
        not make customers look recently updated."""
        person = self.env["res.partner"].create({"name": "Luis Prueba", "email": "luis@example.com"})
        old = fields.Datetime.now() - relativedelta(months=7)
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET write_date = %s WHERE id = %s", [old, person.id])
        self.env["ir.config_parameter"].set_param("customer_base.completeness_fields", "email,phone|mobile")
        with mute_logger("odoo.addons.customer_base.models.customer_interaction_mixin"):
            self.env["res.partner"]._cron_review_stale_customers()  # the nightly run applies the new list
        self.assertEqual(person.customer_completeness, 50)
        person.invalidate_recordset(["write_date"])
        self.assertEqual(person.write_date, old)

    def _stale(self, *partners):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = %s WHERE id = ANY(%s)",
            [fields.Datetime.now() - relativedelta(months=7), list(partners)],
        )
        self.env.invalidate_all()

    def test_review_cron_on_stale_customers(self):
        """The nightly review schedules one activity per stale customer for its salesperson, in batches, never
        twice; customers without a salesperson and recent ones are left out."""
        Partner = self.env["res.partner"]
        stale_a = Partner.create({"name": "Cliente Viejo A", "user_id": self.vendedor.id})
        stale_b = Partner.create({"name": "Cliente Viejo B", "user_id": self.responsable.id})
        orphan = Partner.create({"name": "Cliente Sin Vendedor"})
        recent = Partner.create({"name": "Cliente Reciente", "user_id": self.vendedor.id})
        self._stale(stale_a.id, stale_b.id, orphan.id)
        review = self.env.ref("customer_base.mail_activity_type_review_data")
        Activity = self.env["mail.activity"]
        mine = [("activity_type_id", "=", review.id), ("res_model", "=", "res.partner")]
        ours = (stale_a | stale_b | orphan | recent).ids

        with mute_logger("odoo.addons.customer_base.models.customer_interaction_mixin"):
            for _run in range(5):  # one customer per batch: the scheduler calls again while some remain
                Partner._cron_review_stale_customers(batch_size=1)
        activities = Activity.search(mine + [("res_id", "in", ours)])
        self.assertEqual(sorted(activities.mapped("res_id")), sorted((stale_a | stale_b).ids))
        self.assertEqual(activities.filtered(lambda a: a.res_id == stale_a.id).user_id, self.vendedor)
        self.assertEqual(activities.filtered(lambda a: a.res_id == stale_b.id).user_id, self.responsable)

        cron = self.env.ref("customer_base.ir_cron_review_stale_customers")
        with mute_logger(
            "odoo.addons.customer_base.models.customer_interaction_mixin", "odoo.addons.base.models.ir_cron"
        ):
            cron.method_direct_trigger()  # the scheduled action itself, as its user
        self.assertEqual(Activity.search(mine + [("res_id", "in", ours)]), activities, "no duplicate")
        progress = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)], order="id desc", limit=1)
        self.assertEqual(progress.remaining, 0, "reported to the scheduler: nothing left to review")

    def test_review_cron_switched_off(self):
        """With 0 months the review schedules nothing."""
        stale = self.env["res.partner"].create({"name": "Cliente Viejo", "user_id": self.vendedor.id})
        self._stale(stale.id)
        self.env["ir.config_parameter"].set_param("customer_base.review_after_months", "0")
        self.env["res.partner"]._cron_review_stale_customers()
        self.assertFalse(stale.activity_ids)


@tagged("post_install", "-at_install")
class TestInteractionAccess(TestInteractionsCommon):
    def test_roles(self):
        """Vendedor records and edits interactions but does not delete; Responsable deletes; only the customer
        database administrator configures types; every employee reads types, not interactions."""
        interaction = self._interaction()
        interaction.with_user(self.vendedor).result = "Edited"
        with self.assertRaises(AccessError):
            interaction.with_user(self.vendedor).unlink()
        interaction.with_user(self.responsable).unlink()
        self.assertFalse(interaction.exists())

        Type = self.env["customer.interaction.type"]
        self.assertTrue(Type.with_user(self.employee).search([("code", "=", "call")]))
        with self.assertRaises(AccessError):
            Type.with_user(self.responsable).create({"name": "WhatsApp", "code": "whatsapp"})
        Type.with_user(self.admin_user).create({"name": "WhatsApp", "code": "whatsapp"})
        with self.assertRaises(AccessError):
            self.Interaction.with_user(self.employee).search([])
        self.assertNotIn("customer_interaction_count", self.customer.with_user(self.employee).fields_get())


@tagged("post_install", "-at_install")
class TestInteractionTour(HttpCase):
    def test_salesperson_logs_an_interaction_from_the_customer_form(self):
        """In a real browser: a Vendedor logs a call from the customer form and sees it in the history."""
        make_user(self.env, "tour_inter_vendedor", SALESPERSON)
        customer = self.env["res.partner"].create({"name": "Bombonería Tour", "is_company": True})
        self.start_tour(
            f"/odoo/customer-base/{customer.id}",
            "customer_base_log_interaction",
            login="tour_inter_vendedor",
            timeout=TOUR_TIMEOUT,
        )
        interaction = customer.customer_interaction_ids
        self.assertEqual(interaction.summary, "Asked for the Easter eggs")
        self.assertEqual(interaction.result, "Sends the order tomorrow")
        self.assertEqual(interaction.type_id, self.env.ref("customer_base.interaction_type_call"))
        self.assertEqual(interaction.user_id.login, "tour_inter_vendedor")
