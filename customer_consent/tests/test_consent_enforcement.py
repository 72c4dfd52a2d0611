# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who may be contacted: the per-customer check, the searchable field and the campaign-list hook agree
with each other and with the pure rule."""

import datetime

from odoo import fields
from odoo.tests import tagged

from ..tools.consent_rules import ConsentStatus, counts
from .common import ConsentCase, staff_consent


@tagged("post_install", "-at_install")
class TestConsentEnforcement(ConsentCase):
    def _listed(self, domain, partners):
        return self.env["res.partner"].search([("id", "in", partners.ids), *domain])

    def test_hook_and_field_follow_the_trail(self):
        """A customer is on the email list after a grant, off after withdrawal, off when never asked."""
        other = self.env["res.partner"].create({"name": "Sin consentimiento", "email": "sin@example.com"})
        people = self.customer | other
        domain = self.env["res.partner"]._customer_consent_domain("email", "marketing")
        self.assertFalse(self._listed(domain, people))
        consent = staff_consent(self.env, self.customer, self.marketing)
        self.assertEqual(self._listed(domain, people), self.customer)
        self.assertEqual(
            self._listed(self.env["res.partner"]._customer_consent_domain("email"), people), self.customer
        )
        self.assertFalse(self._listed(self.env["res.partner"]._customer_consent_domain("sms"), people))
        self.assertEqual(self.customer.customer_consent_keys, "marketing:email")
        self.assertEqual(
            self.env["res.partner"].search(
                [("id", "in", people.ids), ("customer_consent_keys", "!=", "marketing:email")]
            ),
            other,
        )
        consent.action_withdraw()
        self.assertFalse(self._listed(domain, people))
        self.assertFalse(self.customer._customer_has_consent("marketing", "email"))

    def test_unknown_purpose_or_channel_lists_nobody(self):
        """A purpose that does not exist, or a channel it does not cover, lets nobody through."""
        staff_consent(self.env, self.customer, self.marketing)
        partner = self.env["res.partner"]
        self.assertFalse(partner.search(partner._customer_consent_domain("email", "no_such_purpose")))
        self.assertFalse(partner.search(partner._customer_consent_domain("sms", "profiling")))
        self.assertFalse(self.customer._customer_has_consent("profiling", "sms"))

    def test_sql_agrees_with_the_rule(self):
        """For every state × expiry × explicit flag, the searchable field says what consent_rules.counts says."""
        today = fields.Date.context_today(self.env["res.partner"])
        soft = self.env["customer.consent.purpose"].create(
            {
                "name": "Clientes existentes",
                "code": "soft_opt_in",
                "channel_ids": [fields.Command.set(self.env.ref("customer_consent.channel_email").ids)],
                "explicit_required": False,
                "legal_basis": "legitimate_interest",
            }
        )
        Consent = self.env["customer.consent"]
        cases = []
        for purpose in (self.marketing, soft):
            for state in (None, "granted", "refused", "withdrawn", "pending", "expired"):
                for expiry in (None, today, today + datetime.timedelta(days=1)):
                    partner = self.env["res.partner"].create(
                        {"name": f"Caso {purpose.code} {state} {expiry}"}
                    )
                    if state:
                        Consent._trail().create(
                            [
                                {
                                    "partner_id": partner.id,
                                    "purpose_id": purpose.id,
                                    "channel": "email",
                                    "state": state,
                                    "source": "paper",
                                    "expiry_date": expiry,
                                }
                            ]
                        )
                    cases.append((partner, purpose, ConsentStatus(state, expiry)))
        partners = self.env["res.partner"].concat(*(case[0] for case in cases))
        for purpose in (self.marketing, soft):
            listed = self._listed([("customer_consent_keys", "=", f"{purpose.code}:email")], partners)
            for partner, case_purpose, status in cases:
                if case_purpose != purpose:
                    continue
                expected = counts(status, today, purpose.explicit_required)
                with self.subTest(purpose=purpose.code, status=status):
                    self.assertEqual(partner in listed, expected)
                    self.assertEqual(partner._customer_has_consent(purpose.code, "email"), expected)

    def test_matrix_shows_current_status(self):
        """The form's matrix shows the state of each purpose × channel, and — where not covered."""
        staff_consent(self.env, self.customer, self.marketing, channel="whatsapp")
        staff_consent(self.env, self.customer, self.marketing, state="refused")
        matrix = str(self.customer.customer_consent_matrix)
        self.assertIn("o_consent_state_granted", matrix)
        self.assertIn("o_consent_state_refused", matrix)
        self.assertIn("Marketing and promotions", matrix)
        self.assertIn("—", matrix)

    def test_branch_rule(self):
        """A user of another branch does not see the consents of a customer private to a branch."""
        branch = self.env["res.company"].create({"name": "Sucursal Medellín"})
        private = self.env["res.partner"].create({"name": "Cliente privado", "company_id": branch.id})
        consent = staff_consent(self.env, private, self.marketing)
        vendedor = self.users["vendedor"]
        self.assertNotIn(branch, vendedor.company_ids)
        self.assertFalse(self.env["customer.consent"].with_user(vendedor).search([("id", "=", consent.id)]))
