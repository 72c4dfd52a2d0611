# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The nightly expiry: set-based batches, the responsible user told."""

from odoo.tests import tagged

from .common import ConsentCase, staff_consent


@tagged("post_install", "-at_install")
class TestConsentExpiry(ConsentCase):
    def test_cron_expires_in_batches_and_tells_the_responsible(self):
        """Granted consents past their expiry become expired in batches; each responsible gets a to-do."""
        vendedor = self.as_user("vendedor")
        partners = self.env["res.partner"].create([{"name": f"Cliente vencido {i}"} for i in range(5)])
        for partner in partners:
            staff_consent(vendedor, partner, self.marketing, given_date="2020-01-01 09:00:00")
        fresh = staff_consent(vendedor, self.customer, self.marketing)
        expired = self.env["customer.consent"]._cron_expire_consents(batch_size=2)
        self.assertEqual(expired, 5)
        consents = self.env["customer.consent"].search([("partner_id", "in", partners.ids)])
        self.assertEqual(set(consents.mapped("state")), {"expired"})
        self.assertEqual(fresh.state, "granted")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        )
        self.assertEqual(len(activities), 5)
        self.assertEqual(activities.user_id, self.users["vendedor"])
        self.assertEqual(
            self.env["customer.consent"]._cron_expire_consents(), 0, "a second run finds nothing"
        )

    def test_second_party_data_expires_by_default(self):
        """Second-party data expires after the configured days, even for a purpose without validity."""
        self.env["ir.config_parameter"].set_param("customer_consent.second_party_days", "30")
        self.profiling.validity_days = 0
        consent = staff_consent(self.env, self.customer, self.profiling, origin="second")
        self.assertEqual((consent.expiry_date - consent.given_date.date()).days, 30)
        first = staff_consent(self.env, self.customer, self.profiling, origin="first")
        self.assertFalse(first.expiry_date)
