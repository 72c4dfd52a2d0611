# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Data-quality indicators of the Tablero de clientes: completeness, invalid phones and emails, possible
duplicates and expired consents, counted as each role, each opening the customers behind it."""

import datetime
from unittest.mock import patch

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.customer_base.models.customer_flag_mixin import CustomerFlagMixin

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"


@tagged("post_install", "-at_install")
class TestQualityKpi(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.vendedor = ref("customer_base.user_vendedor")
        cls.responsable = ref("customer_base.user_responsable")
        cls.director = ref("customer_base.user_director")
        cls.roles = (cls.director, cls.responsable, cls.vendedor)
        cls.Partner = cls.env["res.partner"]
        colombia = ref("base.co")
        values = {
            "bad_phone": {"phone": "123", "email": "bien@example.com"},
            "bad_mobile": {"mobile": "no tengo", "phone": "+57 310 555 1234"},
            "bad_email": {"email": "juan@gmail", "phone": "+57 310 555 9876"},
            "good": {"phone": "+57 310 555 4321", "email": "ana@example.com"},
        }
        cls.people = {
            key: cls.Partner.create(
                {"name": f"Calidad {key}", "country_id": colombia.id, "company_id": False, **vals}
            )
            for key, vals in values.items()
        }
        cls.ours = cls.Partner.union(*cls.people.values())
        cls.Kpi = cls.env["customer.quality.kpi"]

    def ours_in(self, domain, user=None):
        Partner = self.Partner.with_user(user) if user else self.Partner
        return Partner.search([("id", "in", self.ours.ids), *domain])

    def kpi(self, code, user):
        return self.Kpi.with_user(user).search([("code", "=", code)])

    def test_invalid_phones_and_emails(self):
        """A phone or mobile that is not a valid number, an email that is not a valid address: the filters,
        the flags on the record and each role's indicator agree, and the indicator opens those customers."""
        people = self.people
        for user in self.roles:
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.ours_in([("customer_phone_invalid", "=", True)], user),
                    people["bad_phone"] | people["bad_mobile"],
                )
                self.assertEqual(
                    self.ours_in([("customer_email_invalid", "=", True)], user), people["bad_email"]
                )
                self.assertEqual(
                    self.ours_in([("customer_phone_invalid", "!=", True)], user),
                    people["bad_email"] | people["good"],
                )
                for code, fname in (("phone_invalid", "customer_phone_invalid"),
                                    ("email_invalid", "customer_email_invalid")):  # fmt: skip
                    kpi = self.kpi(code, user)
                    Partner = self.Partner.with_user(user)
                    expected = Partner.search([*Partner._customer_domain(), (fname, "=", True)])
                    self.assertEqual(kpi.customer_count, len(expected))
                    action = kpi.action_open_customers()
                    self.assertEqual(action["res_model"], "res.partner")
                    self.assertEqual(Partner.search(action["domain"]), expected)
        flags = {key: (p.customer_phone_invalid, p.customer_email_invalid) for key, p in people.items()}
        self.assertEqual(
            flags,
            {"bad_phone": (True, False), "bad_mobile": (True, False), "bad_email": (False, True),
             "good": (False, False)},
        )  # fmt: skip
        people["bad_phone"].phone = "+57 601 555 1234"
        self.assertFalse(self.ours_in([("customer_phone_invalid", "=", True)]) & people["bad_phone"])

    def test_hidden_phone_tells_nothing(self):
        """A role the phone is hidden from finds no invalid phone there (the mobile still counts); a
        responsable, who may read it, finds both."""
        field = self.env["ir.model.fields"]._get("res.partner", "phone")
        accesses = self.env["customer.field.access"].create(
            [
                {"field_id": field.id, "group_id": self.env.ref(MANAGER).id, "access": "edit"},
                {"field_id": field.id, "group_id": self.env.ref(SALESPERSON).id, "access": "hidden"},
            ]
        )
        self.addCleanup(accesses.unlink)  # before the rollback: the registry forgets the policy
        self.assertEqual(
            self.ours_in([("customer_phone_invalid", "=", True)], self.vendedor), self.people["bad_mobile"]
        )
        self.assertEqual(
            self.ours_in([("customer_phone_invalid", "=", True)], self.responsable),
            self.people["bad_phone"] | self.people["bad_mobile"],
        )

    def test_branch_isolation(self):
        """The indicators of a vendedor count the customers of their branch and the shared ones only."""
        cali = self.env["res.company"].create({"name": "Sucursal Cali"})
        merida = self.env["res.company"].create({"name": "Sucursal Mérida"})
        self.vendedor.write({"company_ids": [(6, 0, merida.ids)], "company_id": merida.id})
        before = self.kpi("phone_invalid", self.vendedor).with_context(allowed_company_ids=merida.ids)
        count = before.customer_count
        self.people["bad_phone"].company_id = cali
        self.Kpi.invalidate_model()
        after = self.kpi("phone_invalid", self.vendedor).with_context(allowed_company_ids=merida.ids)
        self.assertEqual(after.customer_count, count - 1)
        self.assertEqual(
            self.Partner.with_user(self.vendedor)
            .with_context(allowed_company_ids=merida.ids)
            .search([("id", "in", self.ours.ids), *after.action_open_customers()["domain"]]),
            self.people["bad_mobile"],
        )

    def test_completeness(self):
        """The average completeness is the customers' average as the user reads them, and opens their
        distribution; incomplete profiles are those under the threshold of the settings."""
        for user in self.roles:
            with self.subTest(user=user.login):
                Partner = self.Partner.with_user(user)
                customers = Partner.search(Partner._customer_domain())
                average = self.kpi("completeness_average", user)
                self.assertAlmostEqual(
                    average.value, sum(customers.mapped("customer_completeness")) / len(customers), places=1
                )
                action = average.action_open_customers()
                self.assertEqual(action["views"][0][1], "graph")
                self.assertEqual(Partner.search(action["domain"]), customers)
                low = self.kpi("completeness_low", user)
                self.assertEqual(
                    low.customer_count, len(customers.filtered(lambda p: p.customer_completeness < 50))
                )
        self.env["ir.config_parameter"].set_param("customer_segmentation.completeness_low", "101")
        self.Kpi.invalidate_model()
        director = self.Partner.with_user(self.director)
        customers = director.search(director._customer_domain())  # as the director reads them (branches)
        self.assertEqual(self.kpi("completeness_low", self.director).customer_count, len(customers))

    def test_pending_duplicates(self):
        """Customers in a group of possible duplicates nobody reviewed are counted; once dismissed, not."""
        pair = self.people["bad_phone"] | self.people["good"]
        group = self.env["customer.duplicate.group"].create({"member_ids": [(6, 0, pair.ids)], "score": 0.9})
        for user in self.roles:
            with self.subTest(user=user.login):
                self.assertEqual(self.ours_in([("customer_duplicate_pending", "=", True)], user), pair)
                kpi = self.kpi("duplicate_pending", user)
                self.assertGreaterEqual(kpi.customer_count, 2)
                self.assertEqual(self.ours_in(kpi.action_open_customers()["domain"], user), pair)
        group.state = "dismissed"
        self.assertFalse(self.ours_in([("customer_duplicate_pending", "=", True)], self.vendedor))

    def test_expired_consents_only_with_customer_consent(self):
        """Without a consent addon (customer_base's hook) there is no expired-consents indicator; with
        customer_consent, a current consent past its expiry day counts, whether or not the nightly cron has
        marked it yet."""
        self.assertIsNone(CustomerFlagMixin._customer_consent_expired_domain(self.Partner))
        with patch.object(type(self.Partner), "_customer_consent_expired_domain", lambda self: None):
            for user in self.roles:
                self.assertFalse(self.kpi("consent_expired", user), user.login)
                self.assertTrue(self.kpi("phone_invalid", user))
        if "customer.consent" not in self.env:
            self.assertFalse(self.kpi("consent_expired", self.director))
            return
        purpose = self.env.ref("customer_consent.purpose_marketing")
        yesterday = fields.Date.context_today(self.Partner) - datetime.timedelta(days=1)
        self.env["customer.consent"].create(
            {"partner_id": self.people["good"].id, "purpose_id": purpose.id, "channel": "email",
             "state": "granted", "source": "paper", "proof_text": "Formulario nº 2", "expiry_date": yesterday}
        )  # fmt: skip
        self.env["customer.consent"].create(
            {"partner_id": self.people["bad_email"].id, "purpose_id": purpose.id, "channel": "email",
             "state": "granted", "source": "paper", "proof_text": "Formulario nº 3",
             "expiry_date": yesterday + datetime.timedelta(days=30)}
        )  # fmt: skip
        for user in self.roles:
            with self.subTest(user=user.login):
                kpi = self.kpi("consent_expired", user)
                self.assertEqual(
                    self.ours_in(kpi.action_open_customers()["domain"], user), self.people["good"]
                )
        self.env["customer.consent"]._cron_expire_consents()
        self.assertEqual(
            self.ours_in(self.kpi("consent_expired", self.vendedor).action_open_customers()["domain"]),
            self.people["good"],
        )
