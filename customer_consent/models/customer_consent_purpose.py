# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

LEGAL_BASIS_SELECTION = [
    ("consent", "Consent (GDPR art. 6.1.a)"),
    ("contract", "Contract (GDPR art. 6.1.b)"),
    ("legal_obligation", "Legal obligation (GDPR art. 6.1.c)"),
    ("vital_interest", "Vital interests (GDPR art. 6.1.d)"),
    ("public_task", "Public task (GDPR art. 6.1.e)"),
    ("legitimate_interest", "Legitimate interest (GDPR art. 6.1.f)"),
    ("habeas_data", "Habeas Data authorisation (Ley 1581 de 2012, Colombia)"),
    ("lfpdppp", "LFPDPPP consent (Mexico)"),
]


class CustomerConsentPurpose(models.Model):
    """What a customer's data is used for (marketing by email, profiling, sharing with third parties…):
    the unit consent is asked, given and withdrawn for, on each channel it covers."""

    _name = "customer.consent.purpose"
    _description = "Consent Purpose"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Used by segments, campaigns and integrations: marketing_email…")
    description = fields.Text(translate=True, help="Shown to the person on the consent page.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    channel_ids = fields.Many2many(
        "customer.consent.channel", string="Channels", required=True, help="The channels this purpose covers."
    )
    explicit_required = fields.Boolean(
        "Explicit Consent Required",
        default=True,
        help="Only a granted, unexpired consent allows contact. Off: the legal basis is another one "
        "(e.g. legitimate interest with existing customers) and only a refusal or withdrawal stops contact.",
    )
    legal_basis = fields.Selection(
        LEGAL_BASIS_SELECTION, "Default Legal Basis", required=True, default="consent"
    )
    validity_days = fields.Integer(
        "Validity (days)", help="How long a consent counts after it is given; 0 = until withdrawn."
    )
    is_marketing = fields.Boolean(
        "Marketing",
        default=True,
        help="Campaign lists for a channel keep only customers with a valid consent for a marketing purpose "
        "covering it.",
    )
    sync_blacklist = fields.Boolean(
        "Sync with Blacklists",
        default=True,
        help="Withdrawing or refusing this purpose by email adds the address to Odoo's email blacklist (by "
        "SMS or WhatsApp: the number to the phone blacklist); granting it again removes it.",
    )
    text_ids = fields.One2many("customer.consent.text", "purpose_id", string="Legal Text Versions")
    text_id = fields.Many2one(
        "customer.consent.text", "Current Legal Text", compute="_compute_text_id", help="The latest version."
    )
    min_text_version = fields.Integer(
        "Minimum Accepted Version",
        compute="_compute_text_id",
        help="Consents given under an older version no longer count (a later version required new consent).",
    )

    _sql_constraints = [("code_unique", "unique(code)", "There is already a consent purpose with this code.")]

    @api.depends("text_ids.version", "text_ids.requires_new_consent")
    def _compute_text_id(self):
        for purpose in self:
            texts = purpose.text_ids.sorted("version", reverse=True)
            purpose.text_id = texts[:1]
            purpose.min_text_version = max(
                (text.version for text in texts if text.requires_new_consent), default=0
            )
