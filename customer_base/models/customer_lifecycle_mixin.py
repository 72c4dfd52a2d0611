# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools.server_scope import lifecycle_rule, moving_by_rule

_logger = logging.getLogger(__name__)

RULE_TRIGGER_FIELDS = {"purchase_count": "customer_purchase_count", "rating": "customer_rating"}


class CustomerLifecycleMixin(models.AbstractModel):
    """Customer Lifecycle on res.partner (res.partner inherits this mixin).

    Every move between stages is recorded in customer.stage.history (entry, exit, user, duration) and
    tracked in the chatter. Moving a customer back to an earlier stage is for Managers and above.
    Automatic moves (customer.lifecycle.rule) run as the system and name their rule in the history.
    """

    _name = "customer.lifecycle.mixin"
    _description = "Customer Lifecycle"

    lifecycle_stage_id = fields.Many2one(
        "customer.lifecycle.stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_lifecycle_stage(),
        group_expand="_read_group_lifecycle_stage_ids",
    )
    lifecycle_stage_date = fields.Datetime("In Stage Since", readonly=True, copy=False)
    lifecycle_stage_days = fields.Integer("Days in Current Stage", compute="_compute_lifecycle_stage_days")
    lifecycle_history_ids = fields.One2many("customer.stage.history", "partner_id", string="Stage History")

    def init(self):
        super().init()
        # customers that existed before the lifecycle entered their stage when they were created
        if self._abstract:
            return
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_date = create_date"
            " WHERE lifecycle_stage_date IS NULL AND lifecycle_stage_id IS NOT NULL"
        )

    @api.model
    def _lifecycle_history_insert_sql(self, source, now):
        """The INSERT opening a stay in the stage history for each row of ``source`` (an SQL relation with
        columns ``id``, ``stage_id``, ``date_start``, ``company_id``) that has no open stay: one definition
        for the install and for the partners a create makes, as ``_lifecycle_record_moves`` would write
        them (entered now, moved by the current user, no previous stage, no rule)."""
        return SQL(
            """
            INSERT INTO customer_stage_history (partner_id, stage_id, date_start, user_id, company_id,
                                                duration_days, create_uid, create_date, write_uid, write_date)
            SELECT s.id, s.stage_id, s.date_start, %(uid)s, s.company_id, 0, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM %(source)s s
             WHERE s.stage_id IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1 FROM customer_stage_history h WHERE h.partner_id = s.id AND h.date_end IS NULL)
            """,
            source=source,
            uid=self.env.uid,
            now=now,
        )

    def _lifecycle_open_history(self):
        """Open the stage history of partners just created: one INSERT for all of them (through the ORM, a
        batch of 2,000 new customers spent a tenth of its time creating their history records)."""
        ids = [pid for pid in self.ids if isinstance(pid, int)]
        if not ids:
            return
        self.flush_model(["lifecycle_stage_id", "company_id"])
        History = self.env["customer.stage.history"]
        History.flush_model()
        now = fields.Datetime.now()
        source = SQL(
            "(SELECT p.id, p.lifecycle_stage_id AS stage_id, %s::timestamp AS date_start, p.company_id"
            " FROM res_partner p WHERE p.id = ANY(%s))",
            now,
            ids,
        )
        self.env.cr.execute(self._lifecycle_history_insert_sql(source, now))
        self.invalidate_recordset(["lifecycle_history_ids"])
        History.invalidate_model()

    @api.model
    def _lifecycle_assign_default_stage(self, batch_size=50000):
        """Put the partners that existed before the stages did (at install) in the default stage and open
        their stay in the stage history, as creating them through the ORM would have: one statement per
        batch of ``batch_size`` ids. They entered the stage when they were created.

        :return: the number of partners put in the default stage
        """
        stage = self._default_lifecycle_stage()
        if not stage:
            return 0
        cr = self.env.cr
        self.flush_model(["lifecycle_stage_id", "lifecycle_stage_date", "company_id"])
        self.env["customer.stage.history"].flush_model()
        cr.execute("SELECT min(id), max(id) FROM res_partner WHERE lifecycle_stage_id IS NULL")
        low, high = cr.fetchone()
        now = fields.Datetime.now()
        done = 0
        for start in range(low or 0, (high or -1) + 1, batch_size):
            cr.execute(
                SQL(
                    """
                    WITH moved AS (
                        UPDATE res_partner p
                           SET lifecycle_stage_id = %(stage)s,
                               lifecycle_stage_date = COALESCE(p.lifecycle_stage_date, p.create_date, %(now)s)
                         WHERE p.lifecycle_stage_id IS NULL AND p.id >= %(start)s AND p.id < %(end)s
                     RETURNING p.id, p.lifecycle_stage_id AS stage_id, p.lifecycle_stage_date AS date_start,
                               p.company_id
                    )
                    %(insert)s
                    """,
                    stage=stage.id,
                    now=now,
                    start=start,
                    end=start + batch_size,
                    insert=self._lifecycle_history_insert_sql(SQL("moved"), now),
                )
            )
            done += cr.rowcount
        self.invalidate_model(["lifecycle_stage_id", "lifecycle_stage_date", "lifecycle_history_ids"])
        self.env["customer.stage.history"].invalidate_model()
        _logger.info("Customer lifecycle: %s existing partners put in stage %s", done, stage.code)
        return done

    @api.model
    def _default_lifecycle_stage(self):
        """The stage new customers start at. You can override this method."""
        Stage = self.env["customer.lifecycle.stage"].sudo()
        return Stage.search([("is_default", "=", True)], limit=1) or Stage.search([], limit=1)

    @api.model
    def _read_group_lifecycle_stage_ids(self, stages, domain):
        # every active stage is a column, even an empty one
        return stages.search([("active", "=", True)], order=stages._order)

    @api.depends("lifecycle_stage_date")
    @api.depends_context("lifecycle_now")
    def _compute_lifecycle_stage_days(self):
        now = fields.Datetime.now()
        for partner in self:
            date = partner.lifecycle_stage_date
            partner.lifecycle_stage_days = (now - date).days if date else 0

    # --- moves ------------------------------------------------------------------------------------
    def _lifecycle_check_move(self, stage):
        """Refuse moves backwards (to a stage with a lower sequence) to users below Manager."""
        if self.env.su or self.env.user.has_group("customer_base.group_customer_manager"):
            return
        for partner in self:
            current = partner.lifecycle_stage_id
            if current and stage and stage.sequence < current.sequence:
                raise AccessError(
                    self.env._(
                        "Only a Manager can move %(customer)s back from %(from_stage)s to %(to_stage)s.",
                        customer=partner.display_name,
                        from_stage=current.name,
                        to_stage=stage.name,
                    )
                )

    def _lifecycle_record_moves(self, previous, rule=None):
        """Close the open history entry of each partner and open one for its new stage."""
        now = fields.Datetime.now()
        History = self.env["customer.stage.history"].sudo()
        History.search([("partner_id", "in", self.ids), ("date_end", "=", False)]).write({"date_end": now})
        History.create(
            [
                {
                    "partner_id": partner.id,
                    "stage_id": partner.lifecycle_stage_id.id,
                    "previous_stage_id": previous.get(partner.id, self.env["customer.lifecycle.stage"]).id,
                    "date_start": now,
                    "user_id": self.env.uid,
                    "rule_id": rule.id if rule else False,
                }
                for partner in self
                if partner.lifecycle_stage_id
            ]
        )

    def _lifecycle_apply_rules(self, triggers):
        """Apply the active rules of ``triggers`` to these partners: field triggers ('purchase_count',
        'rating') compare the field with the rule's threshold; event triggers added by the optional bridges
        (e.g. 'sale_confirmed', 'invoice_posted') apply as such."""
        rules = self.env["customer.lifecycle.rule"].sudo().search([("trigger", "in", list(triggers))])
        for rule in rules:
            fname = RULE_TRIGGER_FIELDS.get(rule.trigger)
            # a batch of customers is in a few stages: the rule is asked once per stage
            stages = {stage for stage in self.lifecycle_stage_id if rule._applies_to_stage(stage)}
            movers = self.filtered(
                lambda p, stages=stages, rule=rule, fname=fname: p.lifecycle_stage_id in stages
                and (not fname or p[fname] >= rule.threshold)
            )
            if movers:
                movers.sudo()._lifecycle_move(rule.stage_id, rule)

    def _lifecycle_move(self, stage, rule=None):
        """Move the partners to ``stage`` (checked against the user's role unless sudo)."""
        with moving_by_rule(rule):
            self.write({"lifecycle_stage_id": stage.id})

    # --- CRUD -------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            vals.setdefault("lifecycle_stage_date", now)
        # the default stage once for the batch, not once per record by the ORM (two searches each: 0.6 ms a
        # record); default_get: a default of the context or of ir.default still wins over the field's
        defaults = self.default_get(["lifecycle_stage_id"]) if len(vals_list) > 1 else {}
        if "lifecycle_stage_id" in defaults:
            for vals in vals_list:
                vals.setdefault("lifecycle_stage_id", defaults["lifecycle_stage_id"])
        partners = super().create(vals_list)
        partners._lifecycle_open_history()
        partners._lifecycle_apply_rules(RULE_TRIGGER_FIELDS)
        return partners

    def write(self, vals):
        if "lifecycle_stage_id" not in vals:
            result = super().write(vals)
            triggers = [trigger for trigger, fname in RULE_TRIGGER_FIELDS.items() if fname in vals]
            if triggers:
                self._lifecycle_apply_rules(triggers)
            return result
        stage = self.env["customer.lifecycle.stage"].browse(vals["lifecycle_stage_id"])
        self._lifecycle_check_move(stage)
        moving = self.filtered(lambda p: p.lifecycle_stage_id != stage)
        previous = {partner.id: partner.lifecycle_stage_id for partner in moving}
        result = super().write(vals)
        if moving:
            super(CustomerLifecycleMixin, moving).write({"lifecycle_stage_date": fields.Datetime.now()})
            # set by server code only (a context key could come from any client)
            moving._lifecycle_record_moves(previous, lifecycle_rule() if self.env.su else None)
        return result

    # --- nightly inactivity -------------------------------------------------------------------------
    @api.model
    def _lifecycle_inactive_partner_ids(self, rule, limit):
        """Partners the inactivity ``rule`` applies to: no message, email or interaction for its days."""
        cr = self.env.cr
        self.env.flush_all()  # the query reads stages, messages and interactions written in this transaction
        interaction = (
            tools.SQL("(SELECT max(i.date) FROM customer_interaction i WHERE i.partner_id = p.id)")
            if tools.sql.table_exists(cr, "customer_interaction")
            else tools.SQL("NULL")
        )
        from_stages = rule.from_stage_ids.ids or (
            self.env["customer.lifecycle.stage"].search([("id", "!=", rule.stage_id.id)]).ids
        )
        from_stages = [stage_id for stage_id in from_stages if stage_id != rule.stage_id.id]
        query = tools.SQL(
            """
            SELECT p.id
              FROM res_partner p
             WHERE p.active
               AND p.lifecycle_stage_id = ANY(%(stages)s)
               AND GREATEST(
                       p.create_date,
                       (SELECT max(m.date) FROM mail_message m
                         WHERE m.model = 'res.partner' AND m.res_id = p.id
                           AND m.message_type IN ('comment', 'email')),
                       %(interaction)s
                   ) < (now() at time zone 'UTC') - make_interval(days => %(days)s)
             ORDER BY p.id
             LIMIT %(limit)s
            """,
            stages=from_stages,
            interaction=interaction,
            days=rule.threshold,
            limit=limit,
        )
        cr.execute(query)
        return [row[0] for row in cr.fetchall()]

    @api.model
    def _cron_lifecycle_inactivity(self, batch_size=1000):
        """Move customers without activity to the inactivity rules' stage, one batch per call."""
        rules = self.env["customer.lifecycle.rule"].sudo().search([("trigger", "=", "inactivity")])
        done = remaining = 0
        for rule in rules:
            ids = self._lifecycle_inactive_partner_ids(rule, batch_size + 1)
            batch, rest = ids[:batch_size], ids[batch_size:]
            if batch:
                self.sudo().browse(batch)._lifecycle_move(rule.stage_id, rule)
            done += len(batch)
            remaining += len(rest)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done
