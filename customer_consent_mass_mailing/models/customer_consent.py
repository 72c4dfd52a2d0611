# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerConsent(models.Model):
    _inherit = "customer.consent"

    # set by the system only (not in customer_consent's STAFF_FIELDS): the proof of a withdrawal made with
    # a mailing's unsubscribe link
    mailing_id = fields.Many2one(
        "mailing.mailing",
        "Unsubscribed From Mailing",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The mailing whose unsubscribe link the person used to withdraw this consent.",
    )
