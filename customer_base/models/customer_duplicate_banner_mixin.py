# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The possible duplicates shown on the customer form, and its buttons to list or merge them."""

from odoo import api, fields, models

from ..tools.match_keys import DUPLICATE_INPUTS

BANNER_LIMIT = 20


class CustomerDuplicateBannerMixin(models.AbstractModel):
    """Customer Duplicate Banner: the form's possible duplicates, found as the current user by the finder
    (``customer.duplicate.finder.mixin``, composed with it in ``customer.duplicate.mixin``)."""

    _name = "customer.duplicate.banner.mixin"
    _description = "Customer Duplicate Banner"

    # --- The form banner ---------------------------------------------------------------------------------
    customer_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_customer_duplicate_ids",
        help="Customers the duplicate rules report as possibly the same as this one.",
    )
    customer_duplicate_count = fields.Integer(
        "Possible Duplicates Count", compute="_compute_customer_duplicate_ids"
    )

    @api.depends(*DUPLICATE_INPUTS)
    @api.depends_context("uid")  # record rules and the field policy decide what each user is shown
    def _compute_customer_duplicate_ids(self):
        for partner in self:
            inputs = self._customer_duplicate_inputs({}, partner)
            matches = self._customer_duplicate_matches(
                inputs, limit=BANNER_LIMIT, kinds=self._customer_readable_kinds()
            )
            partner.customer_duplicate_ids = self.env["res.partner"].browse(
                [match["id"] for match in matches]
            )
            partner.customer_duplicate_count = len(matches)

    def action_customer_open_duplicates(self):
        """The possible duplicates of this customer, in a list."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Possible Duplicates of %(customer)s", customer=self.display_name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.customer_duplicate_ids.ids)],
        }

    def action_customer_merge_duplicates(self):
        """The merge wizard on this customer and its possible duplicates (the wizard checks who may merge)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_base.action_customer_merge_wizard")
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": (self | self.customer_duplicate_ids).ids,
        }
        return action
