# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomerSegment(models.Model):
    _inherit = "customer.segment"

    mailing_ids = fields.One2many("mailing.mailing", "customer_segment_id", string="Mailings")
    mailing_count = fields.Integer(compute="_compute_mailing_count", string="Mailings Count")

    def _compute_mailing_count(self):
        counts = dict(
            self.env["mailing.mailing"]._read_group(
                [("customer_segment_id", "in", self.ids)], ["customer_segment_id"], ["__count"]
            )
        )
        for segment in self:
            segment.mailing_count = counts.get(segment, 0)

    def action_create_mailing(self):
        """A new email mailing to the segment's customers."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mailing"),
            "res_model": "mailing.mailing",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_mailing_type": "mail",
                "default_mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "default_customer_segment_id": self.id,
                "default_subject": self.name,
            },
        }

    def action_view_mailings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("mass_mailing.mailing_mailing_action_mail")
        action["domain"] = [("customer_segment_id", "=", self.id)]
        action["context"] = {"default_customer_segment_id": self.id}
        return action
