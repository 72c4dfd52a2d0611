# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A mailing to customers through a real HTTP server: the message carries the withdrawal links; its
unsubscribe link, followed without logging in, withdraws the customer's email marketing consent in the trail
(with the mailing, IP and browser as proof), puts the address on Odoo's blacklist, and the next mailing and
the Mother's Day list leave her out."""

import re
from datetime import date
from html import unescape
from urllib.parse import parse_qsl, urlsplit

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.customer_consent.controllers.consent_portal import ClientFacts

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')
UNSUBSCRIBE_LINK = re.compile(r'href="([^"]*/mailing/\d+/confirm_unsubscribe\?[^"]*)"')
# what a mail client posts for a one-click unsubscribe (RFC 8058)
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def customer(env, name, email, consent=True):
    """A Colombian mother (on the Mother's Day list), with a signed email marketing consent."""
    partner = env["res.partner"].create(
        {"name": name, "email": email, "country_id": env.ref("base.co").id, "customer_children": 2}
    )
    if consent:
        env["customer.consent"].with_user(env.ref("customer_base.user_director")).create(
            {
                "partner_id": partner.id,
                "purpose_id": env.ref("customer_consent.purpose_marketing").id,
                "channel": "email",
                "state": "granted",
                "source": "paper",
                "proof_text": "Formulario firmado en la tienda",
            }
        )
    return partner


@tagged("post_install", "-at_install")
class TestUnsubscribeWithdrawsConsent(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = cls.env.ref("customer_consent.purpose_marketing")
        cls.clara = customer(cls.env, "Clara Inés Mejía", "clara.mejia@example.com")
        cls.rosa = customer(cls.env, "Rosa Elvira Cárdenas", "rosa.cardenas@example.com")
        cls.customers = cls.clara | cls.rosa

    def send_mailing(self, subject, body="<p>Hola, llegaron las trufas del Día de la Madre.</p>"):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": subject,
                "body_html": body,
                "mailing_type": "mail",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", self.customers.ids)]),
                "keep_archives": True,
            }
        )
        mailing.action_send_mail()
        return mailing

    def outgoing(self, mailing, partner):
        """The email Odoo hands to the SMTP server for ``partner`` (body with the recipient's own links,
        headers)."""
        mail = self.env["mail.mail"].search([("mailing_id", "=", mailing.id), ("res_id", "=", partner.id)])
        self.assertEqual(len(mail), 1, "one message per customer")
        [email] = mail._prepare_outgoing_list()
        return email

    def path(self, url):
        return url.split(self.env["mailing.mailing"].get_base_url(), 1)[1]

    def email_consent(self, partner):
        return partner.customer_consent_current_ids.filtered(
            lambda c: c.purpose_id == self.marketing and c.channel == "email"
        )

    def mothers_day_list(self):
        rows = self.env["res.partner"]._customer_upcoming_dates(
            ["mothers_day"], date(2027, 5, 1), date(2027, 5, 31), channel="email", countries=["CO"]
        )
        return {row.partner_id for row in rows} & set(self.customers.ids)

    def is_blacklisted(self, email):
        return bool(self.env["mail.blacklist"].search([("email", "=", email)]))

    def test_unsubscribe_link_withdraws_consent(self):
        """Follow the unsubscribe link of the sent mail, without login: the trail has a web withdrawal naming
        the mailing, the address is blacklisted, and the next mailing and the Mother's Day list leave her
        out."""
        mailing = self.send_mailing("Día de la Madre")
        self.assertEqual(sorted(mailing.mailing_trace_ids.mapped("res_id")), sorted(self.customers.ids))
        self.assertEqual(self.mothers_day_list(), set(self.customers.ids))
        links = UNSUBSCRIBE_LINK.findall(self.outgoing(mailing, self.clara)["body"])
        self.assertEqual(len(links), 1, "the body without a link of its own gets exactly one")
        page = self.url_open(self.path(unescape(links[0])))
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self.email_consent(self.clara).state, "granted", "opening the link changes nothing")
        form = dict(HIDDEN.findall(page.text))
        response = self.url_open(
            "/mailing/confirm_unsubscribe",
            data={"csrf_token": CSRF.search(page.text).group(1), **{k: unescape(v) for k, v in form.items()}},
        )
        self.assertEqual(response.status_code, 200)

        withdrawal = self.email_consent(self.clara)
        self.assertEqual(withdrawal.state, "withdrawn")
        self.assertEqual(withdrawal.source, "web")
        self.assertEqual(withdrawal.mailing_id, mailing)
        self.assertEqual(withdrawal.ip_address, "127.0.0.1")
        self.assertTrue(withdrawal.user_agent)
        self.assertTrue(withdrawal.withdrawn_date)
        self.assertIn("Día de la Madre", withdrawal.proof_text)
        self.assertIn("clara.mejia@example.com", withdrawal.proof_text)
        self.assertEqual(withdrawal.previous_id.state, "granted", "the grant before it stays in the trail")
        self.assertTrue(self.is_blacklisted("clara.mejia@example.com"))
        self.assertEqual(self.email_consent(self.rosa).state, "granted", "the other customer is untouched")

        self.assertEqual(self.mothers_day_list(), {self.rosa.id})
        next_mailing = self.send_mailing("Ofertas de junio")
        self.assertEqual(next_mailing.mailing_trace_ids.mapped("res_id"), self.rosa.ids)

    def test_unsubscribe_objects_to_legitimate_interest(self):
        """Where a marketing purpose needs no explicit consent (legitimate interest: everyone not objecting
        is on the list), the unsubscribe records an objection to it as well, and she leaves the list."""
        soft = self.env["customer.consent.purpose"].create(
            {
                "name": "Novedades para clientes",
                "code": "client_news",
                "channel_ids": [Command.set(self.env.ref("customer_consent.channel_email").ids)],
                "explicit_required": False,
                "legal_basis": "legitimate_interest",
            }
        )
        mailing = self.send_mailing("Día de la Madre")
        self.assertEqual(self.mothers_day_list(), set(self.customers.ids))
        header = self.outgoing(mailing, self.clara)["headers"]["List-Unsubscribe"]
        self.url_open(self.path(header.strip("<>")), data=ONE_CLICK)
        objection = self.clara.customer_consent_current_ids.filtered(lambda c: c.purpose_id == soft)
        self.assertEqual(objection.state, "withdrawn")
        self.assertEqual(objection.legal_basis, "legitimate_interest")
        self.assertEqual(objection.mailing_id, mailing)
        self.assertFalse(objection.previous_id)
        self.assertEqual(self.email_consent(self.clara).state, "withdrawn")
        self.assertEqual(self.mothers_day_list(), {self.rosa.id})

    def test_one_click_unsubscribe_withdraws_consent(self):
        """The mail client's one-click unsubscribe (List-Unsubscribe header, RFC 8058) withdraws too."""
        mailing = self.send_mailing("Día de la Madre")
        header = self.outgoing(mailing, self.rosa)["headers"]["List-Unsubscribe"]
        self.assertEqual(self.url_open(self.path(header.strip("<>")), data=ONE_CLICK).status_code, 200)
        self.assertEqual(self.email_consent(self.rosa).state, "withdrawn")
        self.assertEqual(self.email_consent(self.rosa).mailing_id, mailing)
        self.assertTrue(self.is_blacklisted("rosa.cardenas@example.com"))
        self.assertEqual(self.email_consent(self.clara).state, "granted")

    def test_blocklist_button_withdraws_consent(self):
        """The blocklist button of Odoo's unsubscribe page (a JSON call with the link's token) withdraws
        too; without a valid token it changes nothing."""
        mailing = self.send_mailing("Día de la Madre")
        link = unescape(UNSUBSCRIBE_LINK.findall(self.outgoing(mailing, self.clara)["body"])[0])
        params = dict(parse_qsl(urlsplit(link).query), mailing_id=mailing.id)
        refused = self.make_jsonrpc_request("/mailing/blocklist/add", {**params, "hash_token": "0000"})
        self.assertEqual(refused, "unauthorized")
        self.assertEqual(self.email_consent(self.clara).state, "granted")
        self.assertIs(self.make_jsonrpc_request("/mailing/blocklist/add", params), True)
        self.assertEqual(self.email_consent(self.clara).state, "withdrawn")
        self.assertEqual(self.email_consent(self.clara).mailing_id, mailing)
        self.assertTrue(self.is_blacklisted("clara.mejia@example.com"))

    def test_logged_in_user_unsubscribes_only_their_own_address(self):
        """Without a token, Odoo lets a logged-in marketing user unsubscribe their own address: a customer
        named in the URL keeps her consent."""
        mailing = self.send_mailing("Día de la Madre")
        user = self.env["res.users"].create(
            {
                "name": "Usuaria de marketing",
                "login": "marketing_user",
                "password": "marketing_user",
                "email": "marketing.user@example.com",
                "groups_id": [Command.set([self.env.ref("mass_mailing.group_mass_mailing_user").id])],
            }
        )
        self.authenticate(user.login, user.login)
        response = self.url_open(f"/mailing/{mailing.id}/unsubscribe?document_id={self.clara.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.is_blacklisted("marketing.user@example.com"), "Odoo blacklisted her own address")
        self.assertEqual(self.email_consent(self.clara).state, "granted")
        self.assertFalse(self.is_blacklisted("clara.mejia@example.com"))

    @mute_logger("odoo.http")
    def test_tampered_unsubscribe_link_changes_nothing(self):
        """A link whose token was changed is refused by Odoo: no withdrawal, no blacklist."""
        mailing = self.send_mailing("Día de la Madre")
        header = self.outgoing(mailing, self.clara)["headers"]["List-Unsubscribe"].strip("<>")
        tampered = re.sub(r"hash_token=[^&]+", "hash_token=0000", header)
        # Odoo raises Unauthorized; without the website app its error page has no 401 template (418)
        self.assertIn(self.url_open(self.path(tampered), data=ONE_CLICK).status_code, (401, 418))
        self.assertEqual(self.email_consent(self.clara).state, "granted")
        self.assertFalse(self.is_blacklisted("clara.mejia@example.com"))

    def test_every_mailing_carries_the_withdrawal_page(self):
        """A body with its own unsubscribe link keeps just that one; every message also links the page where
        the customer withdraws any consent, and that page works without login."""
        body = '<p>Hola</p><p><a href="/unsubscribe_from_list">Darme de baja</a></p>'
        mailing = self.send_mailing("Novedades", body=body)
        sent = self.outgoing(mailing, self.clara)["body"]
        self.assertEqual(len(UNSUBSCRIBE_LINK.findall(sent)), 1)
        self.assertNotIn("/unsubscribe_from_list", sent, "Odoo made the placeholder the recipient's link")
        withdraw_url = self.clara._customer_withdraw_url()
        self.assertIn(withdraw_url, unescape(sent))
        page = self.url_open(self.path(withdraw_url))
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_consent_withdraw_form", page.text)

    def test_withdrawal_links_speak_the_customers_language(self):
        """A Spanish-speaking customer reads the withdrawal links in Spanish."""
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"].search(
            [("name", "=", "customer_consent_mass_mailing")]
        )._update_translations(filter_lang=["es_419"], overwrite=True)
        self.clara.lang = "es_419"
        sent = self.outgoing(self.send_mailing("Día de la Madre"), self.clara)["body"]
        self.assertIn("Darse de baja", sent)
        self.assertIn("Retirar mis consentimientos", sent)


@tagged("post_install", "-at_install")
class TestConsentShowsTheMailing(TransactionCase):
    def test_every_role_sees_the_mailing_of_a_withdrawal(self):
        """Each role that reads consents sees, on the consent form, the mailing whose link was used."""
        clara = customer(self.env, "Clara Inés Mejía", "clara.mejia@example.com")
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Día de la Madre",
                "body_html": "<p>Hola</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            }
        )
        withdrawal = mailing._customer_consent_unsubscribe(
            clara.id, clara.email, ClientFacts("203.0.113.7", "Thunderbird")
        )
        self.assertEqual(withdrawal.mapped("state"), ["withdrawn"])
        for login in ("vendedor", "responsable", "director", "karla"):
            user = self.env["res.users"].search([("login", "=", login)])
            with self.subTest(role=login):
                consents = self.env["customer.consent"].with_user(user)
                self.assertIn("mailing_id", consents.get_views([(False, "form")])["views"]["form"]["arch"])
                [values] = consents.browse(withdrawal.id).web_read(
                    {"mailing_id": {"fields": {"display_name": {}}}, "ip_address": {}}
                )
                self.assertEqual(values["mailing_id"], {"id": mailing.id, "display_name": "Día de la Madre"})
                self.assertEqual(values["ip_address"], "203.0.113.7")
