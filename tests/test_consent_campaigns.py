"""Consent and segmentation together, as La Casita de Mía lives it: a customer who accepted email marketing is
on the Mother's Day list; once she withdraws through the link of a message (public page, no login), she is
left out of it automatically, and the trail says why, when and how."""

import re
from datetime import date

from odoo.tests import HttpCase, tagged

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestMothersDayListFollowsConsent(HttpCase):
    def test_withdrawal_leaves_the_mothers_day_list(self):
        marketing = self.env.ref("customer_consent.purpose_marketing")
        mother = self.env["res.partner"].create(
            {
                "name": "Clara Inés Mejía",
                "email": "clara.mejia@example.com",
                "country_id": self.env.ref("base.co").id,
                "customer_children": 2,
            }
        )
        director = self.env.ref("customer_base.user_director")
        self.env["customer.consent"].with_user(director).create(
            {
                "partner_id": mother.id,
                "purpose_id": marketing.id,
                "channel": "email",
                "state": "granted",
                "source": "paper",
                "proof_text": "Formulario firmado en la tienda",
            }
        )

        def mothers_day_list():
            rows = self.env["res.partner"]._customer_upcoming_dates(
                ["mothers_day"], date(2027, 5, 1), date(2027, 5, 31), channel="email", countries=["CO"]
            )
            return {row.partner_id for row in rows}

        self.assertIn(mother.id, mothers_day_list())
        path = mother._customer_withdraw_url().split(mother.get_base_url(), 1)[1]
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.url_open(path, data={"csrf_token": CSRF.search(page.text).group(1), "withdraw_all": "1"})
        self.assertNotIn(mother.id, mothers_day_list())
        current = mother.customer_consent_current_ids.filtered(lambda c: c.purpose_id == marketing)
        self.assertEqual(current.state, "withdrawn")
        self.assertEqual(current.source, "web")
        self.assertTrue(current.withdrawn_date)
        self.assertEqual(current.previous_id.state, "granted", "the grant before it stays in the trail")
        self.assertEqual(current.previous_id.responsible_id, director)


@tagged("post_install", "-at_install")
class TestSmsMailingFollowsConsent(HttpCase):
    def test_sms_mailing_reaches_only_customers_with_sms_consent(self):
        """An SMS mailing to customers (SMS Marketing) texts those with an SMS marketing consent only: an
        email consent does not count for SMS, and no consent at all leaves the customer out."""
        marketing = self.env.ref("customer_consent.purpose_marketing")
        director = self.env.ref("customer_base.user_director")
        customers = self.env["res.partner"].create(
            [
                {"name": name, "phone": phone, "country_id": self.env.ref("base.co").id}
                for name, phone in (
                    ("Clara Inés Mejía", "+57 310 555 0101"),
                    ("Rosa Elvira Cárdenas", "+57 310 555 0202"),
                    ("Luz Marina Ortiz", "+57 310 555 0303"),
                )
            ]
        )
        clara, rosa, _luz = customers
        for partner, channel in ((clara, "sms"), (rosa, "email")):
            self.env["customer.consent"].with_user(director).create(
                {
                    "partner_id": partner.id,
                    "purpose_id": marketing.id,
                    "channel": channel,
                    "state": "granted",
                    "source": "paper",
                    "proof_text": "Formulario firmado en la tienda",
                }
            )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Día de la Madre",
                "body_plaintext": "Llegaron las trufas del Día de la Madre.",
                "mailing_type": "sms",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", customers.ids)]),
            }
        )
        mailing.action_send_sms()
        texted = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)]).partner_id
        self.assertEqual(texted, clara)
