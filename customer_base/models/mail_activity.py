# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailActivity(models.Model):
    """An activity on a customer, marked as done, is recorded in the customer's interaction history."""

    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # read before super(): it deletes the activities. No context key switches this off (a client could
        # send it): override _customer_interaction_type to record nothing for some activities.
        vals_list = self._customer_interaction_values(feedback)
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if vals_list:
            # super() let the user mark the activities as done (the assignee may not even read the customer):
            # the interaction is the system's record of that, created as such, in the user's name
            self.env["customer.interaction"].sudo().create(vals_list)
        return result

    def _customer_interaction_type(self, interaction_types):
        """The interaction type this done activity is recorded as, or an empty recordset to record nothing.
        You can override this method.

        :param interaction_types: the active interaction types
        """
        self.ensure_one()
        review_type = self.env.ref("customer_base.mail_activity_type_review_data", raise_if_not_found=False)
        if self.activity_type_id and self.activity_type_id == review_type:
            return interaction_types.browse()  # reviewing our own data is not a contact with the customer
        by_code = {itype.code: itype for itype in interaction_types}
        return (
            interaction_types.filtered(lambda itype: self.activity_type_id in itype.activity_type_ids)[:1]
            or (self.activity_type_id.category == "phonecall" and by_code.get("call"))
            or by_code.get("other")
            or interaction_types.browse()
        )

    def _customer_interaction_values(self, feedback=False):
        """Values of the interactions recording these activities, for those on customers."""
        activities = self.filtered(lambda act: act.res_model == "res.partner" and act.res_id)
        if not activities:
            return []
        interaction_types = self.env["customer.interaction.type"].sudo().search([("active", "=", True)])
        partners = self.env["res.partner"].sudo().browse(activities.mapped("res_id")).exists()
        vals_list = []
        for activity in activities:
            interaction_type = activity._customer_interaction_type(interaction_types)
            if not interaction_type or activity.res_id not in partners.ids:
                continue
            vals_list.append(
                {
                    "partner_id": activity.res_id,
                    "type_id": interaction_type.id,
                    "user_id": self.env.uid,
                    "summary": activity.summary or activity.activity_type_id.name or interaction_type.name,
                    "description": activity.note,
                    "result": feedback or False,
                    "source": "activity",
                }
            )
        return vals_list
