# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_consent_second_party_days = fields.Integer(
        "Second-Party Data Usable For (days)",
        config_parameter="customer_consent.second_party_days",
        default=180,
        help="A consent for second-party data (another company's data shared with us) expires after this many "
        "days unless its purpose expires sooner; 0 = no limit.",
    )
    customer_consent_request_valid_hours = fields.Integer(
        "Consent Request Link Valid For (hours)",
        config_parameter="customer_consent.request_valid_hours",
        default=168,
    )
