# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerConsentText(models.Model):
    """One version of a purpose's legal text (the aviso de privacidad / cláusula informativa the person
    reads). A version that consents refer to is frozen: a change is a new version, and a new version may
    require consent again."""

    _name = "customer.consent.text"
    _description = "Consent Legal Text Version"
    _order = "purpose_id, version desc, id desc"

    purpose_id = fields.Many2one("customer.consent.purpose", required=True, index=True, ondelete="cascade")
    version = fields.Integer(required=True, default=1)
    name = fields.Char("Title", required=True, translate=True)
    body = fields.Html("Legal Text", required=True, translate=True, sanitize=True)
    date = fields.Date("Published On", required=True, default=fields.Date.context_today)
    requires_new_consent = fields.Boolean(
        help="Customers who consented under an earlier version are asked again: their consent stops "
        "counting as current for this version.",
    )
    consent_count = fields.Integer(compute="_compute_consent_count")

    _sql_constraints = [
        (
            "version_unique",
            "unique(purpose_id, version)",
            "This purpose already has a text with this version.",
        )
    ]

    def _compute_consent_count(self):
        counts = dict(
            self.env["customer.consent"]
            .sudo()
            ._read_group([("text_id", "in", self.ids)], ["text_id"], ["__count"])
        )
        for text in self:
            text.consent_count = counts.get(text, 0)

    def _check_not_referenced(self):
        used = self.env["customer.consent"].sudo().search_count([("text_id", "in", self.ids)], limit=1)
        if used:
            raise UserError(
                self.env._(
                    "Consents were given under this legal text: publish a new version instead of changing it."
                )
            )

    def write(self, vals):
        if set(vals) - {"requires_new_consent"}:
            self._check_not_referenced()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referenced(self):
        self._check_not_referenced()

    @api.depends("name", "version")
    def _compute_display_name(self):
        for text in self:
            text.display_name = self.env._(
                "%(title)s (v%(version)s)", title=text.name or "", version=text.version
            )
