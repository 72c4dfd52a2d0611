# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def _customer_ensure_xmlid(self):
        """Give every group used by the field policy an external id: field ``groups`` are xmlids."""
        existing = self.get_external_id()
        for group in self.sudo():
            if not existing.get(group.id):
                self.env["ir.model.data"].sudo().create(
                    {
                        "module": "__export__",
                        "name": f"customer_policy_group_{group.id}",
                        "model": "res.groups",
                        "res_id": group.id,
                        "noupdate": True,
                    }
                )
