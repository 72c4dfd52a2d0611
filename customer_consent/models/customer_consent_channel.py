# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..tools.consent_rules import CHANNELS

CHANNEL_SELECTION = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("whatsapp", "WhatsApp"),
    ("phone", "Phone Call"),
    ("post", "Post"),
]
assert tuple(code for code, _label in CHANNEL_SELECTION) == CHANNELS


class CustomerConsentChannel(models.Model):
    """A way of contacting a customer (shipped: email, SMS, WhatsApp, phone, post). A purpose lists the
    channels it covers; a consent is given for one purpose on one channel."""

    _name = "customer.consent.channel"
    _description = "Consent Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(CHANNEL_SELECTION, required=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [("code_unique", "unique(code)", "There is already a channel with this code.")]
