# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class CustomerInteraction(models.Model):
    _inherit = "customer.interaction"

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        interactions.partner_id._customer_score_refresh({"customer_interaction_ids"})
        return interactions

    def write(self, vals):
        partners = self.partner_id
        result = super().write(vals)
        (partners | self.partner_id)._customer_score_refresh({"customer_interaction_ids"})
        return result

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        partners.exists()._customer_score_refresh({"customer_interaction_ids"})
        return result
