# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public consent pages through a real HTTP server (valid, tampered, expired, reused links, double
submission, withdrawal without login), the trail's immutability over XML-RPC for every role, and the
director's tour."""

import re
import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.customer_base.tests.common import TOUR_TIMEOUT

from .common import ROLES, staff_consent

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestConsentPages(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = cls.env.ref("customer_consent.purpose_marketing")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Mía Página", "email": "mia.pagina@example.com"}
        )

    def _send(self):
        director = self.env.ref("customer_base.user_director")
        return (
            self.env["customer.consent.request"]
            .with_user(director)
            ._send_for(self.customer, self.marketing)
            .sudo()
        )

    def _answer_path(self, request):
        return request._answer_url().split(request.get_base_url(), 1)[1]

    def _confirm_path(self, request):
        return request._confirm_url().split(request.get_base_url(), 1)[1]

    def _consents(self):
        return self.env["customer.consent"].search([("partner_id", "=", self.customer.id)])

    def _post(self, path, data):
        page = self.url_open(path)
        match = CSRF.search(page.text)
        self.assertTrue(match, page.text[:500])
        return self.url_open(path, data={"csrf_token": match.group(1), **data})

    def _answer(self, request, accept_email=True):
        field = f"consent_{self.marketing.id}_email"
        return self._post(self._answer_path(request), {field: "accept" if accept_email else "refuse"})

    def test_valid_link_double_opt_in(self):
        """Accepting on the page records a pending answer with IP and browser; the confirmation link grants."""
        request = self._send()
        page = self.url_open(self._answer_path(request))
        self.assertEqual(page.status_code, 200)
        self.assertIn("Marketing", page.text)
        response = self._answer(request)
        self.assertEqual(response.status_code, 200)
        pending = self._consents()
        self.assertEqual(pending.mapped("state"), ["pending"])
        self.assertEqual(pending.ip_address, "127.0.0.1")
        self.assertTrue(pending.user_agent)
        self.assertEqual(pending.source, "web")
        self.assertFalse(self.customer._customer_has_consent("marketing", "email"))
        confirm_mail = self.env["mail.mail"].search(
            [("model", "=", "customer.consent.request"), ("res_id", "=", request.id)]
        )
        self.assertTrue(any("/consent/confirm/" in (m.body_html or "") for m in confirm_mail))
        # the GET only shows the button (a mail scanner opening the link confirms nothing)
        self.assertEqual(self.url_open(self._confirm_path(request)).status_code, 200)
        self.assertEqual(self._consents().mapped("state"), ["pending"])
        self._post(self._confirm_path(request), {})
        self.assertEqual(set(self._consents().mapped("state")), {"pending", "granted"})
        self.assertTrue(self.customer._customer_has_consent("marketing", "email"))
        self.assertEqual(request.state, "confirmed")

    def test_refusal_counts_at_once(self):
        """A refusal needs no confirmation."""
        request = self._send()
        self._answer(request, accept_email=False)
        self.assertEqual(self._consents().mapped("state"), ["refused"])
        self.assertEqual(request.state, "confirmed")

    @mute_logger("odoo.http")
    def test_tampered_token(self):
        """A link with a changed token, or another request's token, shows a clear page and writes nothing."""
        request = self._send()
        other = self._send()
        path = self._answer_path(request)
        tampered = path[:-1] + ("0" if path[-1] != "0" else "1")
        borrowed = f"/consent/answer/{request.id}/{other._token('customer_consent.request.answer')}"
        wrong_scope = f"/consent/answer/{request.id}/{request._token('customer_consent.request.confirm')}"
        for bad in (tampered, borrowed, wrong_scope, f"/consent/answer/{request.id}/x"):
            with self.subTest(path=bad):
                page = self.url_open(bad)
                self.assertEqual(page.status_code, 403)
                self.assertIn("o_consent_problem", page.text)
                self.assertNotIn("o_consent_answer_form", page.text)
        # a POST with a good CSRF token but a tampered link token
        good = self.url_open(path)
        csrf = CSRF.search(good.text).group(1)
        response = self.url_open(
            tampered, data={"csrf_token": csrf, f"consent_{self.marketing.id}_email": "accept"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._consents())
        self.assertFalse(request.answered_at)

    @mute_logger("odoo.http")
    def test_expired_token(self):
        """An expired link shows that it expired and writes nothing."""
        request = self._send()
        path = self._answer_path(request)
        csrf = CSRF.search(self.url_open(path).text).group(1)
        request.write({"expires_at": "2020-01-01 00:00:00"})
        page = self.url_open(path)
        self.assertEqual(page.status_code, 410)
        self.assertIn("o_consent_problem", page.text)
        response = self.url_open(
            path, data={"csrf_token": csrf, f"consent_{self.marketing.id}_email": "accept"}
        )
        self.assertEqual(response.status_code, 410)
        self.assertFalse(self._consents())

    def test_reused_token_and_double_submission(self):
        """A link works once: a second submission (or opening it again) writes nothing."""
        request = self._send()
        path = self._answer_path(request)
        csrf = CSRF.search(self.url_open(path).text).group(1)
        data = {"csrf_token": csrf, f"consent_{self.marketing.id}_email": "accept"}
        self.url_open(path, data=data)
        count = len(self._consents())
        second = self.url_open(path, data={**data, f"consent_{self.marketing.id}_email": "refuse"})
        self.assertIn("o_consent_problem", second.text)
        self.assertEqual(len(self._consents()), count)
        self.assertIn("o_consent_problem", self.url_open(path).text)
        # the confirmation link too
        self._post(self._confirm_path(request), {})
        granted = len(self._consents())
        confirm_again = self.url_open(self._confirm_path(request))
        self.assertIn("o_consent_problem", confirm_again.text)
        self.assertEqual(len(self._consents()), granted)

    def test_withdrawal_without_login(self):
        """The withdrawal link works without logging in, any time: it withdraws and blacklists the email."""
        staff_consent(self.env, self.customer, self.marketing)
        staff_consent(self.env, self.customer, self.marketing, channel="sms")
        path = self.customer._customer_withdraw_url().split(self.customer.get_base_url(), 1)[1]
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_consent_withdraw_form", page.text)
        self._post(path, {"withdraw_all": "1"})
        current = self.customer.customer_consent_current_ids
        self.assertEqual(set(current.mapped("state")), {"withdrawn"})
        self.assertEqual(set(current.mapped("source")), {"web"})
        self.assertEqual(current.mapped("ip_address"), ["127.0.0.1", "127.0.0.1"])
        self.assertTrue(self.env["mail.blacklist"].search([("email", "=", "mia.pagina@example.com")]))
        self.assertIn("o_consent_nothing", self.url_open(path).text)
        self.assertEqual(self.url_open(path[:-2] + "zz").status_code, 403)

    def test_withdrawal_page_objects_to_legitimate_interest(self):
        """A purpose on legitimate interest (contact until one objects) is on the withdrawal page although
        never answered; choosing it records an objection, and then nothing is left to withdraw."""
        soft = self.env["customer.consent.purpose"].create(
            {
                "name": "Novedades para clientes",
                "code": "client_news",
                "channel_ids": [Command.set(self.env.ref("customer_consent.channel_email").ids)],
                "explicit_required": False,
                "legal_basis": "legitimate_interest",
            }
        )
        self.assertTrue(self.customer._customer_has_consent("client_news", "email"))
        path = self.customer._customer_withdraw_url().split(self.customer.get_base_url(), 1)[1]
        field = f"withdraw_{soft.id}_email"
        self.assertIn(f'name="{field}"', self.url_open(path).text)
        self._post(path, {field: "1"})
        objection = self._consents().filtered(lambda c: c.purpose_id == soft)
        self.assertEqual(objection.state, "withdrawn")
        self.assertEqual(objection.legal_basis, "legitimate_interest")
        self.assertEqual(objection.ip_address, "127.0.0.1")
        self.assertFalse(self.customer._customer_has_consent("client_news", "email"))
        self.assertIn("o_consent_nothing", self.url_open(path).text)

    def test_every_shipped_mail_template_carries_the_withdrawal_link(self):
        """Each email template the suite ships renders the customer's withdrawal link, and the link opens."""
        request = self._send()
        templates = self.env["ir.model.data"].search(
            [
                ("model", "=", "mail.template"),
                ("module", "in", ["customer_base", "customer_segmentation", "customer_consent"]),
            ]
        )
        self.assertTrue(templates)
        samples = {"customer.consent.request": request, "res.partner": self.customer}
        url = self.customer._customer_withdraw_url()
        for template in self.env["mail.template"].browse(templates.mapped("res_id")):
            with self.subTest(template=template.name):
                record = samples.get(template.model)
                self.assertTrue(record, f"add a sample {template.model} record to this test")
                body = template._render_field("body_html", record.ids)[record.id]
                self.assertIn(url, body)
        self.assertEqual(self.url_open(url.split(self.customer.get_base_url(), 1)[1]).status_code, 200)

    def test_immutable_over_xmlrpc_for_every_role(self):
        """Over XML-RPC, no role may write, delete or forge a consent (not with a context key either);
        import rows that update are refused."""
        consent = staff_consent(self.env, self.customer, self.marketing)
        db = self.env.cr.dbname
        for role in ROLES:
            uid = self.xmlrpc_common.authenticate(db, role, role, {})
            self.assertTrue(uid, role)

            def call(method, args, kwargs=None, role=role, uid=uid):
                return self.xmlrpc_object.execute_kw(
                    db, uid, role, "customer.consent", method, args, kwargs or {}
                )

            with self.subTest(role=role, op="write"), self.assertRaises(xmlrpc.client.Fault):
                call(
                    "write",
                    [[consent.id], {"state": "withdrawn"}],
                    {"context": {"customer_consent_trail": True}},
                )
            with self.subTest(role=role, op="unlink"), self.assertRaises(xmlrpc.client.Fault):
                call("unlink", [[consent.id]], {"context": {"_force_unlink": True}})
            with self.subTest(role=role, op="forge"), self.assertRaises(xmlrpc.client.Fault):
                call(
                    "create",
                    [{"partner_id": self.customer.id, "purpose_id": self.marketing.id, "channel": "email",
                      "state": "granted", "source": "web", "ip_address": "198.51.100.1"}],
                    {"context": {"customer_consent_trail": True}},
                )  # fmt: skip
            with self.subTest(role=role, op="load"):
                result = call("load", [[".id", "state"], [[str(consent.id), "withdrawn"]]])
                self.assertTrue(result["messages"])
        self.assertEqual(consent.state, "granted")
        self.assertEqual(len(self._consents()), 1)

    def test_director_tour(self):
        """The director asks for consent in the browser, the customer answers, the director sees it."""
        self.start_tour(
            f"/odoo/customer-base/{self.customer.id}",
            "customer_consent_director_requests",
            login="director",
            timeout=TOUR_TIMEOUT,
        )
        request = self.env["customer.consent.request"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.user_id.login, "director")
        self.logout()
        self._answer(request)
        self._post(self._confirm_path(request), {})
        self.start_tour(
            f"/odoo/customer-base/{self.customer.id}",
            "customer_consent_director_sees_answer",
            login="director",
            timeout=TOUR_TIMEOUT,
        )
