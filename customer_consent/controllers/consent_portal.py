# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public consent pages: answer a request, confirm it (double opt-in), withdraw at any time. No login;
each page first checks its HMAC token with ``consteq`` and only then reads the records as superuser. A
wrong, expired or used link shows a page that says so and writes nothing."""

from typing import NamedTuple

from odoo import http
from odoo.http import request
from odoo.tools import SQL

from ..models.customer_consent_request import ANSWER_SCOPE, CONFIRM_SCOPE


class ClientFacts(NamedTuple):
    """What a public answer records about the browser that sent it."""

    ip_address: str
    user_agent: str


class OpenedLink(NamedTuple):
    """A link of a consent email once checked: its request, or the page that says why it cannot be used."""

    consent_request: object
    problem: object


def request_client():
    """The IP and browser of the current request (Odoo's request already resolves X-Forwarded-For when
    proxy_mode is on)."""
    httprequest = request.httprequest
    return ClientFacts(httprequest.remote_addr, (httprequest.headers.get("User-Agent") or "")[:512])


class CustomerConsentController(http.Controller):
    def _use_lang(self, partner):
        """Speak the person's language on their page (when it is installed)."""
        if partner.lang and partner.lang in dict(request.env["res.lang"].get_installed()):
            request.update_context(lang=partner.lang)

    def _problem(self, title, message, status=200):
        return request.render(
            "customer_consent.consent_page_problem", {"title": title, "message": message}, status=status
        )

    def _invalid(self):
        return self._problem(
            request.env._("This link is not valid"),
            request.env._(
                "The link is incomplete or was changed. Use the link of the email you received, as it is."
            ),
            status=403,
        )

    def _open_link(self, request_id, token, scope, lock=False):
        """Check a request's link in one place: a wrong token, a used link or an expired one gives the page
        that says so (and nothing is written); otherwise the request, as superuser after the token check.
        ``lock``: two submissions at once are serialised, the second then finds the link used."""
        consent_request = request.env["customer.consent.request"].sudo().browse(request_id).exists()
        if not consent_request or not consent_request._check_token(scope, token):
            return OpenedLink(None, self._invalid())
        self._use_lang(consent_request.partner_id)
        if lock:
            # two submissions at once: the second waits here and then finds the request answered
            request.env.cr.execute(
                SQL("SELECT id FROM customer_consent_request WHERE id = %s FOR UPDATE", consent_request.id)
            )
            consent_request.invalidate_recordset()
        if consent_request._is_link_used(scope):
            return OpenedLink(None, self._used())
        if consent_request._is_expired():
            return OpenedLink(None, self._expired())
        return OpenedLink(consent_request, None)

    def _expired(self):
        return self._problem(
            request.env._("This link has expired"),
            request.env._(
                "For your security, consent links are valid for a limited time. Ask us for a new one."
            ),
            status=410,
        )

    def _used(self):
        return self._problem(
            request.env._("This link was already used"),
            request.env._("We already have your answer; nothing was changed. To withdraw a consent, use the withdrawal link "
              "at the end of our messages."),
        )  # fmt: skip

    def _purpose_rows(self, consent_request):
        return [
            {"purpose": purpose, "channels": purpose.channel_ids}
            for purpose in consent_request.purpose_ids.sorted(lambda p: (p.sequence, p.id))
        ]

    @http.route(
        "/consent/answer/<int:request_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def consent_answer_page(self, request_id, token, **kwargs):
        opened = self._open_link(request_id, token, ANSWER_SCOPE)
        if opened.problem is not None:
            return opened.problem
        consent_request = opened.consent_request
        return request.render(
            "customer_consent.consent_page_answer",
            {
                "consent_request": consent_request,
                "partner": consent_request.partner_id,
                "rows": self._purpose_rows(consent_request),
                "token": token,
            },
        )

    @http.route(
        "/consent/answer/<int:request_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def consent_answer_submit(self, request_id, token, **post):
        opened = self._open_link(request_id, token, ANSWER_SCOPE, lock=True)
        if opened.problem is not None:
            return opened.problem
        consent_request = opened.consent_request
        answers = {}
        for purpose in consent_request.purpose_ids:
            for channel in purpose.channel_ids:
                value = post.get(f"consent_{purpose.id}_{channel.code}")
                if value in ("accept", "refuse"):
                    answers[(purpose, channel.code)] = value == "accept"
        if not answers:
            return self._problem(
                request.env._("Nothing was answered"),
                request.env._("Choose Yes or No for at least one use of your data. Go back and try again."),
                status=400,
            )
        client = request_client()
        consent_request._answer(answers, client.ip_address, client.user_agent)
        accepted = any(answers.values())
        return request.render(
            "customer_consent.consent_page_done",
            {
                "title": request.env._("Thank you") if not accepted else request.env._("Check your email"),
                "message": request.env._(
                    "We sent you an email: click its confirmation link to confirm your consent."
                )
                if accepted
                else request.env._(
                    "Your answer was recorded. We will not use your data for what you refused."
                ),
            },
        )

    @http.route(
        "/consent/confirm/<int:request_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def consent_confirm_page(self, request_id, token, **kwargs):
        # a GET only shows the button: mail scanners that open links must not confirm for the person
        opened = self._open_link(request_id, token, CONFIRM_SCOPE)
        if opened.problem is not None:
            return opened.problem
        consent_request = opened.consent_request
        pending = consent_request.consent_ids.filtered(lambda c: c.state == "pending")
        return request.render(
            "customer_consent.consent_page_confirm",
            {"consent_request": consent_request, "pending": pending, "token": token},
        )

    @http.route(
        "/consent/confirm/<int:request_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def consent_confirm_submit(self, request_id, token, **post):
        opened = self._open_link(request_id, token, CONFIRM_SCOPE, lock=True)
        if opened.problem is not None:
            return opened.problem
        consent_request = opened.consent_request
        consent_request._confirm(request_client().ip_address)
        return request.render(
            "customer_consent.consent_page_done",
            {
                "title": request.env._("Consent confirmed"),
                "message": request.env._("Thank you. You can withdraw it at any time."),
            },
        )

    def _withdraw_partner(self, partner_id, token):
        partner = request.env["res.partner"].sudo().browse(partner_id).exists()
        if not partner or not partner._customer_check_withdraw_token(token):
            return None
        self._use_lang(partner)
        return partner

    @http.route(
        "/consent/withdraw/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def consent_withdraw_page(self, partner_id, token, **kwargs):
        partner = self._withdraw_partner(partner_id, token)
        if partner is None:
            return self._invalid()
        return request.render(
            "customer_consent.consent_page_withdraw",
            {
                "partner": partner,
                "choices": partner._customer_withdrawable(),
                "channel_labels": self._channel_labels(),
                "token": token,
            },
        )

    def _channel_labels(self):
        consents = request.env["customer.consent"]
        return dict(consents._fields["channel"]._description_selection(consents.env))

    @http.route(
        "/consent/withdraw/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def consent_withdraw_submit(self, partner_id, token, **post):
        partner = self._withdraw_partner(partner_id, token)
        if partner is None:
            return self._invalid()
        request.env.cr.execute(SQL("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", partner.id))
        chosen = [
            choice
            for choice in partner._customer_withdrawable()
            if post.get("withdraw_all") or post.get(f"withdraw_{choice.purpose.id}_{choice.channel}")
        ]
        if not chosen:
            return self._problem(
                request.env._("Nothing to withdraw"),
                request.env._(
                    "You have no consent left to withdraw, or you chose none. Nothing was changed."
                ),
            )
        client = request_client()
        for choice in chosen:
            partner._customer_stop_contact(
                choice.purpose, choice.channel, client.ip_address, client.user_agent
            )
        channels = self._channel_labels()
        what = ", ".join(f"{choice.purpose.name} ({channels[choice.channel]})" for choice in chosen)
        return request.render(
            "customer_consent.consent_page_done",
            {
                "title": request.env._("Consent withdrawn"),
                "message": request.env._("We will no longer contact you for: %s.", what),
            },
        )
