# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The consent trail: every state transition adds a record, nothing is edited or deleted, and only the
system sets what a person's own answer sets."""

import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..exceptions import ConsentTrailImmutable
from .common import ROLES, ConsentCase, staff_consent


@tagged("post_install", "-at_install")
class TestConsentTrail(ConsentCase):
    def _history(self, channel="email"):
        return self.env["customer.consent"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("purpose_id", "=", self.marketing.id),
                ("channel", "=", channel),
            ],
            order="id",
        )

    def _current(self, channel="email"):
        return self._history(channel).filtered("is_current")

    def test_staff_grant_records_the_facts(self):
        """A vendedor records a paper consent: legal basis, text version, expiry and responsible are filled."""
        consent = staff_consent(self.as_user("vendedor"), self.customer, self.marketing)
        self.assertEqual(consent.state, "granted")
        self.assertTrue(consent.is_current)
        self.assertEqual(consent.legal_basis, "consent")
        self.assertEqual(consent.text_id, self.env.ref("customer_consent.text_marketing_v1"))
        self.assertEqual(consent.responsible_id, self.users["vendedor"])
        self.assertEqual(consent.expiry_date, consent.given_date.date() + datetime.timedelta(days=730))
        self.assertEqual(consent.company_id, self.customer.company_id)

    def test_transitions_add_records(self):
        """granted → withdrawn → granted → refused: four records, the last one current, none changed."""
        vendedor = self.as_user("vendedor")
        first = staff_consent(vendedor, self.customer, self.marketing)
        first.with_env(vendedor).action_withdraw()
        withdrawn = self._current()
        self.assertEqual(withdrawn.state, "withdrawn")
        self.assertEqual(withdrawn.previous_id, first)
        self.assertTrue(withdrawn.withdrawn_date)
        staff_consent(vendedor, self.customer, self.marketing)
        staff_consent(vendedor, self.customer, self.marketing, state="refused")
        history = self._history()
        self.assertEqual(history.mapped("state"), ["granted", "withdrawn", "granted", "refused"])
        self.assertEqual(history.mapped("is_current"), [False, False, False, True])
        self.assertEqual(first.state, "granted", "the first record keeps its facts")

    def test_only_the_current_consent_changes(self):
        """Withdrawing a superseded record is refused (it would rewrite history)."""
        vendedor = self.as_user("vendedor")
        old = staff_consent(vendedor, self.customer, self.marketing)
        staff_consent(vendedor, self.customer, self.marketing, state="refused")
        with self.assertRaises(UserError):
            old.with_env(vendedor).action_withdraw()

    def test_pending_waits_for_a_decision(self):
        """A pending answer is current only while there is no decision; a decision replaces it."""
        request = self.env["customer.consent.request"]._send_for(self.customer, self.marketing)
        request._answer({(self.marketing, "email"): True}, "203.0.113.7", "Firefox")
        self.assertEqual(self._current().state, "pending")
        self.assertFalse(self.customer._customer_has_consent("marketing", "email"))
        granted = request._confirm("203.0.113.8")
        self.assertEqual(self._current(), granted)
        self.assertEqual(granted.state, "granted")
        self.assertEqual(granted.ip_address, "203.0.113.7")
        self.assertEqual(granted.confirmed_ip_address, "203.0.113.8")
        self.assertTrue(granted.confirmed_date)
        self.assertEqual(granted.previous_id.state, "pending")
        # a later pending answer does not hide the grant
        request2 = self.env["customer.consent.request"]._send_for(self.customer, self.marketing)
        request2._answer({(self.marketing, "email"): True}, "203.0.113.9", "Firefox")
        self.assertEqual(self._current(), granted)

    def test_expired_then_renewed(self):
        """granted → expired (cron) → granted again (renewal through the recording form)."""
        consent = staff_consent(self.env, self.customer, self.marketing, given_date="2020-01-01 10:00:00")
        self.assertEqual(consent.expiry_date, datetime.date(2021, 12, 31))
        self.env["customer.consent"]._cron_expire_consents()
        self.assertEqual(consent.state, "expired")
        self.assertTrue(consent.is_current)
        action = consent.with_user(self.users["vendedor"]).action_renew()
        wizard = (
            self.env["customer.consent.record.wizard"]
            .with_user(self.users["vendedor"])
            .with_context(**action["context"])
            .create({"proof_text": "Renovado por teléfono", "source": "phone"})
        )
        wizard._onchange_preselect_channels()
        wizard.action_record()
        self.assertEqual(self._current().state, "granted")
        self.assertEqual(self._current().source, "phone")

    def test_write_unlink_copy_refused_for_every_role(self):
        """No role, not even the superuser, edits, deletes or copies a saved consent through the ORM."""
        consent = staff_consent(self.env, self.customer, self.marketing)
        for role in ROLES:
            record = consent.with_user(self.users[role])
            with self.subTest(role=role, op="write"), self.assertRaises(UserError):
                record.write({"state": "withdrawn"})
            with self.subTest(role=role, op="unlink"), self.assertRaises(UserError):
                record.unlink()
            with self.subTest(role=role, op="copy"), self.assertRaises(UserError):
                record.copy()
        with self.assertRaises(ConsentTrailImmutable):
            consent.sudo().write({"expiry_date": "2099-01-01"})
        with self.assertRaises(ConsentTrailImmutable):
            consent.sudo().unlink()
        # a client sending the uninstall context key does not get through
        with self.assertRaises(ConsentTrailImmutable):
            consent.sudo().with_context(_force_unlink=True, module_uninstall=True).unlink()
        self.assertEqual(consent.state, "granted")

    def test_customer_with_history_is_not_deleted(self):
        """A customer with a consent history cannot be deleted (clear message), one without can."""
        staff_consent(self.env, self.customer, self.marketing)
        with self.assertRaisesRegex(UserError, "consent history"):
            self.customer.with_user(self.users["responsable"]).unlink()
        other = self.env["res.partner"].create({"name": "Sin historial"})
        other.with_user(self.users["responsable"]).unlink()
        self.assertFalse(other.exists())

    def test_staff_cannot_set_system_facts(self):
        """IP, user agent, request, confirmation and the current flag are the system's; so are pending,
        expired and the web source."""
        vendedor = self.as_user("vendedor")
        forbidden = [
            {"ip_address": "198.51.100.1"},
            {"user_agent": "curl"},
            {"confirmed_date": "2026-01-01 00:00:00"},
            {"is_current": False},
            {"withdrawn_date": "2026-01-01 00:00:00"},
        ]
        for extra in forbidden:
            with self.subTest(extra=extra), self.assertRaises(UserError):
                staff_consent(vendedor, self.customer, self.marketing, **extra)
        for state in ("pending", "expired"):
            with self.subTest(state=state), self.assertRaises(UserError):
                staff_consent(vendedor, self.customer, self.marketing, state=state)
        with self.assertRaises(UserError):
            staff_consent(vendedor, self.customer, self.marketing, source="web")
        # a client-sent context key does not open the private path
        with self.assertRaises(UserError):
            staff_consent(
                self.env(user=self.users["vendedor"], context={"customer_consent_trail": True}),
                self.customer,
                self.marketing,
                ip_address="198.51.100.1",
            )
        self.assertFalse(self._history())

    def test_staff_answers_need_proof_and_a_past_date(self):
        """A grant on paper or by phone without proof, or dated in the future, is refused."""
        vendedor = self.as_user("vendedor")
        with self.assertRaises(UserError):
            staff_consent(vendedor, self.customer, self.marketing, proof_text=False)
        future = fields.Datetime.now() + datetime.timedelta(days=2)
        with self.assertRaises(UserError):
            staff_consent(vendedor, self.customer, self.marketing, given_date=future)
        with self.assertRaises(ValidationError):
            staff_consent(vendedor, self.customer, self.profiling, channel="sms")

    def test_users_outside_the_customer_groups_cannot_record(self):
        """An internal user without a customer role cannot record consents."""
        outsider = self.env["res.users"].create({"name": "Ajeno", "login": "consent_outsider"})
        with self.assertRaises(AccessError):
            staff_consent(self.env(user=outsider), self.customer, self.marketing)

    def test_import_creates_with_source_import(self):
        """Importing consents (load) adds records with source Import; a row that names an existing record
        (an update) is refused."""
        rows = [[self.customer.id, "Marketing and promotions", "email", "granted", "paper", "second"]]
        fields_ = ["partner_id/.id", "purpose_id", "channel", "state", "source", "origin"]
        Consent = (
            self.env["customer.consent"].with_user(self.users["vendedor"]).with_context(import_file=True)
        )
        result = Consent.load(fields_, rows)
        self.assertFalse(result["messages"], result["messages"])
        consent = self.env["customer.consent"].browse(result["ids"])
        self.assertEqual(consent.source, "import")
        self.assertEqual(consent.origin, "second")
        self.assertEqual(consent.expiry_date, consent.given_date.date() + datetime.timedelta(days=180))
        self.assertIn("Imported", consent.proof_text)
        with mute_logger("odoo.models"):
            result = Consent.load([".id", "state"], [[consent.id, "withdrawn"]])
        self.assertTrue(result["messages"])
        self.assertEqual(consent.state, "granted")

    def test_new_text_version_requiring_consent(self):
        """A legal text version that requires new consent makes older grants stop counting."""
        staff_consent(self.env, self.customer, self.marketing)
        self.assertTrue(self.customer._customer_has_consent("marketing", "email"))
        text = self.env["customer.consent.text"].create(
            {
                "purpose_id": self.marketing.id,
                "version": 2,
                "name": "Aviso v2",
                "body": "<p>Nuevo texto</p>",
                "requires_new_consent": True,
            }
        )
        self.assertEqual(self.marketing.text_id, text)
        self.assertFalse(self.customer._customer_has_consent("marketing", "email"))
        self.assertNotIn(
            self.customer,
            self.env["res.partner"].search(self.customer._customer_consent_domain("email", "marketing")),
        )
        staff_consent(self.env, self.customer, self.marketing)
        self.assertTrue(self.customer._customer_has_consent("marketing", "email"))
        with self.assertRaises(UserError):
            text.write({"body": "<p>Cambiado</p>"})
