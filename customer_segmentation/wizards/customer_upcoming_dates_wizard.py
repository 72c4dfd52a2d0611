# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_upcoming_date import OCCASIONS

CHANNELS = [
    ("none", "Any (No Consent Check)"),
    ("email", "Email"),
    ("sms", "SMS"),
    ("whatsapp", "WhatsApp"),
    ("phone", "Phone"),
    ("post", "Post"),
]
MAX_PERIOD_DAYS = 366


class CustomerUpcomingDatesWizard(models.TransientModel):
    """Próximas fechas: the customers to greet in a period (birthdays, anniversaries, Mother's and
    Father's Day by country, profession days), ready to save as a static segment or export."""

    _name = "customer.upcoming.dates.wizard"
    _description = "Upcoming Customer Dates"

    date_from = fields.Date("From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(
        "To", required=True, default=lambda self: fields.Date.context_today(self) + relativedelta(days=30)
    )
    include_birthdays = fields.Boolean("Birthdays", default=True)
    include_anniversaries = fields.Boolean("Customer Anniversaries", default=True)
    include_mothers_day = fields.Boolean("Mother's Day", default=True)
    include_fathers_day = fields.Boolean("Father's Day", default=True)
    include_professions = fields.Boolean("Profession Days", default=True)
    country_ids = fields.Many2many(
        "res.country",
        string="Countries",
        help="Only customers of these countries (all when empty). Mother's and Father's Day follow each "
        "customer's country.",
    )
    channel = fields.Selection(
        CHANNELS,
        required=True,
        default="none",
        help="Customers who may not be contacted on this channel (consent) are left out.",
    )
    line_ids = fields.One2many("customer.upcoming.date", "wizard_id", string="Dates")
    line_count = fields.Integer(compute="_compute_line_count", string="Customers to Greet")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids.partner_id)

    def _occasions(self):
        self.ensure_one()
        chosen = {
            "birthday": self.include_birthdays,
            "anniversary": self.include_anniversaries,
            "mothers_day": self.include_mothers_day,
            "fathers_day": self.include_fathers_day,
            "profession": self.include_professions,
        }
        return [code for code, _label in OCCASIONS if chosen[code]]

    def action_find(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The end of the period comes before its start."))
        if (self.date_to - self.date_from).days >= MAX_PERIOD_DAYS:
            raise UserError(self.env._("Choose a period of at most a year."))
        dates = self.env["res.partner"]._customer_upcoming_dates(
            self._occasions(),
            self.date_from,
            self.date_to,
            channel=None if self.channel == "none" else self.channel,
            countries=self.country_ids.mapped("code") or None,
        )
        self.line_ids.unlink()
        self.env["customer.upcoming.date"].create(
            [
                {
                    "wizard_id": self.id,
                    "partner_id": upcoming.partner_id,
                    "date": upcoming.date,
                    "occasion": upcoming.occasion,
                    "label": upcoming.label,
                    "years": upcoming.years,
                }
                for upcoming in dates
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_save_segment(self):
        """A static segment with the customers of the list."""
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("There is nobody in the list to save."))
        segment = self.env["customer.segment"].create(
            {
                "name": self.env._(
                    "Upcoming dates %(start)s – %(end)s",
                    start=fields.Date.to_string(self.date_from),
                    end=fields.Date.to_string(self.date_to),
                ),
                "kind": "static",
                "description": ", ".join(sorted(set(self.line_ids.mapped("label")))),
                "frozen_date": fields.Datetime.now(),
            }
        )
        segment._segment_add_members([("id", "in", self.line_ids.partner_id.ids)])
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.segment",
            "res_id": segment.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_list(self):
        """The dates as a list, to sort, group and export (csv / xlsx)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upcoming Dates"),
            "res_model": "customer.upcoming.date",
            "view_mode": "list",
            "domain": [("wizard_id", "=", self.id)],
            "context": {"search_default_group_occasion": 1},
        }
