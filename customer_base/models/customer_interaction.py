# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Fields whose change may make a survey clash with another one of the same month.
SURVEY_FIELDS = {"partner_id", "type_id", "date"}


class CustomerInteraction(models.Model):
    """One contact with a customer, the customer's "hoja de vida": who, when, which area, what happened."""

    _name = "customer.interaction"
    _description = "Customer Interaction"
    _order = "date desc, id desc"
    _rec_name = "summary"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True, readonly=True)
    type_id = fields.Many2one("customer.interaction.type", required=True, index=True, ondelete="restrict")
    type_kind = fields.Selection(related="type_id.kind", store=True)
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Done By", index=True, default=lambda self: self.env.user, ondelete="set null"
    )
    area_id = fields.Many2one("customer.area", string="Area Involved", ondelete="restrict")
    summary = fields.Char(required=True)
    description = fields.Html("Details", sanitize=True)
    result = fields.Text("Outcome")
    next_step = fields.Char()
    source = fields.Selection(
        [("manual", "Recorded by Hand"), ("activity", "Activity Done"), ("email", "Email")],
        required=True,
        default="manual",
        readonly=True,
    )
    message_id = fields.Many2one("mail.message", string="Email", readonly=True, ondelete="set null")

    # --- Complaints ("quejas y reclamaciones") ------------------------------------------------
    complaint_state = fields.Selection(
        [("open", "Open"), ("in_progress", "In Progress"), ("resolved", "Resolved")],
        string="Complaint Status",
        compute="_compute_complaint_state",
        store=True,
        readonly=False,
        index=True,
    )
    resolved_date = fields.Datetime(
        "Resolution Date", compute="_compute_resolved_date", store=True, readonly=False
    )
    resolution_hours = fields.Float(
        "Time to Resolve (Hours)", compute="_compute_resolution_time", store=True, aggregator="avg"
    )
    resolution_days = fields.Float(
        "Time to Resolve (Days)",
        compute="_compute_resolution_time",
        store=True,
        aggregator="avg",
    )

    # --- Surveys ------------------------------------------------------------------------------
    survey_limit_override = fields.Boolean(
        "Override Monthly Survey Limit",
        copy=False,
        help="Record this survey even though the customer already had one this month. Managers only.",
    )

    # =============================================================================================
    # Computes
    # =============================================================================================
    @api.depends("type_kind")
    def _compute_complaint_state(self):
        for interaction in self:
            if interaction.type_kind != "complaint":
                interaction.complaint_state = False
            elif not interaction.complaint_state:
                interaction.complaint_state = "open"

    @api.depends("complaint_state")
    def _compute_resolved_date(self):
        for interaction in self:
            if interaction.complaint_state != "resolved":
                interaction.resolved_date = False
            elif not interaction.resolved_date:
                interaction.resolved_date = fields.Datetime.now()

    @api.depends("date", "resolved_date")
    def _compute_resolution_time(self):
        for interaction in self:
            if interaction.resolved_date and interaction.date:
                hours = max((interaction.resolved_date - interaction.date).total_seconds(), 0) / 3600
            else:
                hours = 0.0
            interaction.resolution_hours = hours
            interaction.resolution_days = hours / 24

    @api.constrains("date", "resolved_date")
    def _check_resolved_date(self):
        for interaction in self:
            if interaction.resolved_date and interaction.resolved_date < interaction.date:
                raise ValidationError(
                    self.env._(
                        "The complaint “%(summary)s” cannot be resolved before it was received.",
                        summary=interaction.summary,
                    )
                )

    # =============================================================================================
    # CRUD
    # =============================================================================================
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("survey_limit_override") for vals in vals_list):
            self._check_survey_override_allowed()
        interactions = super().create(vals_list)
        surveys = interactions.filtered(lambda i: i.type_kind == "survey")
        if surveys:
            surveys._check_survey_month(include_partner_date=True)
            surveys._update_partner_survey_date()
        return interactions

    def write(self, vals):
        if vals.get("survey_limit_override"):
            self._check_survey_override_allowed()
        result = super().write(vals)
        if SURVEY_FIELDS & vals.keys():
            surveys = self.filtered(lambda i: i.type_kind == "survey")
            if surveys:
                surveys._check_survey_month(include_partner_date=False)
                surveys._update_partner_survey_date()
        return result

    # =============================================================================================
    # Surveys (seed 004): one per customer and calendar month, unless a manager overrides
    # =============================================================================================
    def _local_date(self):
        """The calendar date of the interaction in the user's time zone."""
        self.ensure_one()
        return fields.Datetime.context_timestamp(self, self.date).date()

    @api.model
    def _check_survey_override_allowed(self):
        if not (self.env.is_superuser() or self.env.user.has_group("customer_base.group_customer_manager")):
            raise AccessError(
                self.env._("Only a Manager may record a second survey for a customer in the same month.")
            )

    def _check_survey_month(self, include_partner_date):
        """Refuse a second survey in the same calendar month, or log the manager's override.

        :param include_partner_date: also compare with the customer's last survey date (on creation: it may
            come from an import or an edit, not from an interaction)
        """
        # every survey of the customer counts, including those the user may not read (other branches)
        others_all = self.sudo().search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("type_kind", "=", "survey"),
                ("id", "not in", self.ids),
                ("date", ">", min(self.mapped("date")) - timedelta(days=32)),
                ("date", "<", max(self.mapped("date")) + timedelta(days=32)),
            ]
        )
        for interaction in self:
            month = interaction._local_date().replace(day=1)
            clash = any(
                other.partner_id == interaction.partner_id and other._local_date().replace(day=1) == month
                for other in others_all
            ) or any(
                other.partner_id == interaction.partner_id
                and other._local_date().replace(day=1) == month
                and other.date < interaction.date
                for other in self - interaction
            )
            last = interaction.partner_id.sudo().last_survey_date
            if include_partner_date and last and last.replace(day=1) == month:
                clash = True
            if not clash:
                continue
            if not interaction.survey_limit_override:
                raise UserError(
                    self.env._(
                        "%(customer)s already answered a survey in %(month)s. Customers are surveyed at most "
                        "once a month; a Manager may override this limit.",
                        customer=interaction.partner_id.display_name,
                        month=month.strftime("%m/%Y"),
                    )
                )
            # the override is a manager's decision, also when the survey is edited later
            self._check_survey_override_allowed()
            interaction.partner_id.sudo()._message_log(
                body=self.env._(
                    "Monthly survey limit overridden by %(user)s for the survey “%(summary)s”.",
                    user=self.env.user.name,
                    summary=interaction.summary,
                ),
                author_id=self.env.user.partner_id.id,
            )

    def _update_partner_survey_date(self):
        """Set the customers' last survey date to the newest survey recorded. You can override this method."""
        for interaction in self.sorted("date"):
            partner = interaction.partner_id.sudo()
            survey_date = interaction._local_date()
            # a system consequence of recording the survey, whatever the field policy says of manual edits
            if not partner.last_survey_date or partner.last_survey_date < survey_date:
                partner.last_survey_date = survey_date

    # =============================================================================================
    # Complaints
    # =============================================================================================
    def _check_complaints(self):
        if any(interaction.type_kind != "complaint" for interaction in self):
            raise UserError(self.env._("Only complaints have a status."))

    def action_start_progress(self):
        self._check_complaints()
        self.write({"complaint_state": "in_progress"})

    def action_resolve(self):
        self._check_complaints()
        self.write({"complaint_state": "resolved"})

    def action_reopen(self):
        self._check_complaints()
        self.write({"complaint_state": "open"})
