# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An SMS mailing to customers through a real HTTP server: every SMS carries the opt-out link; the number
unsubscribed with it, without logging in, withdraws the customer's SMS marketing consent in the trail (with
the mailing, the number, IP and browser as proof), is put on Odoo's phone blacklist, and the Mother's Day
list by SMS leaves her out, while her email consent stands."""

import re
from datetime import date

from odoo.tests import HttpCase, tagged

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
STOP_LINK = re.compile(r"(/sms/\d+/\w+)\b")


@tagged("post_install", "-at_install")
class TestSmsStopWithdrawsConsent(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = cls.env.ref("customer_consent.purpose_marketing")
        director = cls.env.ref("customer_base.user_director")
        cls.customers = cls.env["res.partner"]
        for name, mobile, email in (
            ("Clara Inés Mejía", "+57 310 555 0101", "clara.mejia@example.com"),
            ("Rosa Elvira Cárdenas", "+57 310 555 0202", "rosa.cardenas@example.com"),
        ):
            partner = cls.env["res.partner"].create(
                {
                    "name": name,
                    "phone": mobile,
                    "email": email,
                    "country_id": cls.env.ref("base.co").id,
                    "customer_children": 2,
                }
            )
            for channel in ("sms", "email"):
                cls.env["customer.consent"].with_user(director).create(
                    {
                        "partner_id": partner.id,
                        "purpose_id": cls.marketing.id,
                        "channel": channel,
                        "state": "granted",
                        "source": "paper",
                        "proof_text": "Formulario firmado en la tienda",
                    }
                )
            cls.customers |= partner
        cls.clara, cls.rosa = cls.customers

    def send_sms_mailing(self, **values):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Día de la Madre",
                "body_plaintext": "Llegaron las trufas del Día de la Madre.",
                "mailing_type": "sms",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", self.customers.ids)]),
                "keep_archives": True,
                **values,
            }
        )
        self.assertFalse(mailing.sms_allow_unsubscribe, "the mailing's own option is off")
        mailing.action_send_sms()
        return mailing

    def stop_link(self, mailing, partner):
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id), ("partner_id", "=", partner.id)])
        self.assertEqual(len(sms), 1, "one SMS per customer")
        links = STOP_LINK.findall(sms.body)
        self.assertEqual(len(links), 1, "every SMS to a customer carries the opt-out link")
        return links[0]

    def unsubscribe(self, link, number):
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        mailing_path, code = link.rsplit("/", 1)
        return self.url_open(
            f"{mailing_path}/unsubscribe/{code}",
            data={"csrf_token": CSRF.search(page.text).group(1), "sms_number": number},
        )

    def consent(self, partner, channel):
        return partner.customer_consent_current_ids.filtered(
            lambda c: c.purpose_id == self.marketing and c.channel == channel
        )

    def mothers_day_list(self, channel):
        rows = self.env["res.partner"]._customer_upcoming_dates(
            ["mothers_day"], date(2027, 5, 1), date(2027, 5, 31), channel=channel, countries=["CO"]
        )
        return {row.partner_id for row in rows} & set(self.customers.ids)

    def is_blacklisted(self, number):
        return bool(self.env["phone.blacklist"].search([("number", "=", number)]))

    def test_stop_link_withdraws_sms_consent(self):
        mailing = self.send_sms_mailing()
        self.assertEqual(self.mothers_day_list("sms"), set(self.customers.ids))
        link = self.stop_link(mailing, self.clara)
        self.assertEqual(self.consent(self.clara, "sms").state, "granted", "sending changes nothing")

        response = self.unsubscribe(link, "+57 310 555 0101")
        self.assertEqual(response.status_code, 200)

        withdrawal = self.consent(self.clara, "sms")
        self.assertEqual(withdrawal.state, "withdrawn")
        self.assertEqual(withdrawal.source, "web")
        self.assertEqual(withdrawal.mailing_id, mailing)
        self.assertEqual(withdrawal.ip_address, "127.0.0.1")
        self.assertTrue(withdrawal.user_agent)
        self.assertIn("+573105550101", withdrawal.proof_text)
        self.assertIn("Día de la Madre", withdrawal.proof_text)
        self.assertTrue(self.is_blacklisted("+573105550101"))
        self.assertEqual(self.consent(self.clara, "email").state, "granted", "only the SMS channel")
        self.assertEqual(self.consent(self.rosa, "sms").state, "granted", "only the texted customer")
        self.assertEqual(self.mothers_day_list("sms"), {self.rosa.id})
        self.assertEqual(self.mothers_day_list("email"), set(self.customers.ids))

    def test_wrong_number_withdraws_nothing(self):
        """SMS Marketing refuses a number that is not the one texted: nothing is withdrawn or blacklisted."""
        mailing = self.send_sms_mailing()
        response = self.unsubscribe(self.stop_link(mailing, self.clara), "+57 310 555 0202")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.consent(self.clara, "sms").state, "granted")
        self.assertEqual(self.consent(self.rosa, "sms").state, "granted")
        self.assertFalse(self.is_blacklisted("+573105550202"))

    def test_mailing_list_opt_out_is_not_a_withdrawal(self):
        """An SMS mailing to a mailing list: STOP opts the number out of the list (SMS Marketing's own
        behaviour), which is no withdrawal of the customer's consent."""
        contact_list = self.env["mailing.list"].create(
            {
                "name": "Clientas de Bogotá",
                "contact_ids": [(0, 0, {"name": "Clara Inés Mejía", "mobile": "+57 310 555 0101"})],
            }
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Lista",
                "body_plaintext": "Hola",
                "mailing_type": "sms",
                "mailing_model_id": self.env["ir.model"]._get_id("mailing.list"),
                "contact_list_ids": [(6, 0, contact_list.ids)],
                "sms_allow_unsubscribe": True,
            }
        )
        mailing.action_send_sms()
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(len(sms), 1)
        self.unsubscribe(STOP_LINK.findall(sms.body)[0], "+57 310 555 0101")
        self.assertEqual(self.consent(self.clara, "sms").state, "granted")
        self.assertFalse(self.is_blacklisted("+573105550101"))
