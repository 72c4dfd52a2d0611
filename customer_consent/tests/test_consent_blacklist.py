# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Odoo's blacklists follow the consents of purposes synced with them, both ways."""

from odoo.tests import tagged

from .common import ConsentCase, staff_consent


@tagged("post_install", "-at_install")
class TestConsentBlacklist(ConsentCase):
    def _email_blacklisted(self):
        return bool(self.env["mail.blacklist"].search([("email", "=", "mia.restrepo@example.com")]))

    def _phone_blacklisted(self):
        return bool(self.env["phone.blacklist"].search([("number", "=", "+573105551234")]))

    def test_email_withdrawal_and_regrant(self):
        """Withdrawing email marketing blacklists the address; granting it again removes it."""
        vendedor = self.as_user("vendedor")
        consent = staff_consent(vendedor, self.customer, self.marketing)
        self.assertFalse(self._email_blacklisted())
        consent.with_env(vendedor).action_withdraw()
        self.assertTrue(self._email_blacklisted())
        self.customer.invalidate_recordset(["is_blacklisted"])
        self.assertTrue(self.customer.is_blacklisted)
        staff_consent(vendedor, self.customer, self.marketing)
        self.assertFalse(self._email_blacklisted())
        self.customer.invalidate_recordset(["is_blacklisted"])
        self.assertFalse(self.customer.is_blacklisted)

    def test_email_refusal_blacklists(self):
        """A refusal by email blacklists too; a refusal of a purpose not synced does not."""
        staff_consent(self.env, self.customer, self.profiling, state="refused")
        self.assertFalse(self._email_blacklisted())
        staff_consent(self.env, self.customer, self.marketing, state="refused")
        self.assertTrue(self._email_blacklisted())

    def test_sms_and_whatsapp_use_the_phone_blacklist(self):
        """SMS and WhatsApp withdrawals put the E.164 number on the phone blacklist; a grant takes it off."""
        vendedor = self.as_user("vendedor")
        for channel in ("sms", "whatsapp"):
            with self.subTest(channel=channel):
                consent = staff_consent(vendedor, self.customer, self.marketing, channel=channel)
                self.assertFalse(self._phone_blacklisted())
                consent.with_env(vendedor).action_withdraw()
                self.assertTrue(self._phone_blacklisted())
                self.assertFalse(self._email_blacklisted(), "the email is not touched")
                staff_consent(vendedor, self.customer, self.marketing, channel=channel)
                self.assertFalse(self._phone_blacklisted())
