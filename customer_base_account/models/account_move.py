# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        customers = posted.filtered(
            lambda move: move.move_type == "out_invoice"
        ).partner_id.commercial_partner_id
        customers._lifecycle_apply_rules(["invoice_posted"])
        return posted
