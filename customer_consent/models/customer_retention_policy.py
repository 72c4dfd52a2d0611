# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..exceptions import ConsentLegalHold

_logger = logging.getLogger(__name__)


class CustomerRetentionPolicy(models.Model):
    """How long the data of customers who give us nothing back is kept: e.g. prospects with no interaction
    and no valid consent for 24 months are anonymised or archived. A policy is applied only after a dry run
    listed what it would touch; the nightly cron then applies it in batches."""

    _name = "customer.retention.policy"
    _description = "Customer Data Retention Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    stage_ids = fields.Many2many(
        "customer.lifecycle.stage", string="Lifecycle Stages", help="Customers in these stages (empty: any)."
    )
    months = fields.Integer("Months Without Activity", required=True, default=24)
    without_valid_consent = fields.Boolean("Only Without Valid Consent", default=True)
    action = fields.Selection(
        [("archive", "Archive"), ("anonymize", "Anonymise")], required=True, default="archive"
    )
    auto_apply = fields.Boolean(
        "Apply Nightly", help="The nightly cron applies the policy once a dry run was made."
    )
    dry_run_date = fields.Datetime("Last Dry Run", readonly=True)
    dry_run_count = fields.Integer("Customers Found", readonly=True)
    dry_run_partner_ids = fields.Many2many(
        "res.partner", "customer_retention_policy_dry_run_rel", string="Found in the Dry Run", readonly=True
    )
    applied_count = fields.Integer("Customers Processed", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Branch",
        index=True,
        help="Empty: the policy applies to every customer. A branch: only to that branch's private customers "
        "(and only its users see the policy and its dry run).",
    )

    def _candidates_sql(self, limit=None):
        """Customers the policy applies to today: in its stages, not changed, without interaction or
        message for ``months``, without a valid consent (if asked), not under legal hold, not yet
        anonymised."""
        self.ensure_one()
        partner = self.env["res.partner"]
        cutoff = fields.Datetime.now() - relativedelta(months=self.months)
        conditions = [
            SQL("p.active"),
            SQL("p.parent_id IS NULL"),
            SQL("p.customer_anonymized_date IS NULL"),
            SQL("NOT coalesce(p.customer_legal_hold, false)"),
            SQL("p.write_date < %s", cutoff),
            SQL("p.id NOT IN (SELECT partner_id FROM res_users)"),
        ]
        if "is_customer" in partner._fields:
            conditions.append(SQL("p.is_customer"))
        if self.company_id:
            conditions.append(SQL("p.company_id = %s", self.company_id.id))
        if self.stage_ids:
            conditions.append(SQL("p.lifecycle_stage_id = ANY(%s)", self.stage_ids.ids))
        if "customer.interaction" in self.env:
            conditions.append(
                SQL(
                    "NOT EXISTS (SELECT 1 FROM customer_interaction i WHERE i.partner_id = p.id AND i.date >= %s)",
                    cutoff,
                )
            )
        conditions.append(
            SQL(
                "NOT EXISTS (SELECT 1 FROM mail_message m WHERE m.model = 'res.partner' AND m.res_id = p.id "
                "AND m.message_type != 'notification' AND m.date >= %s)",
                cutoff,
            )
        )
        if self.without_valid_consent:
            conditions.append(
                SQL(
                    "NOT EXISTS (SELECT 1 FROM customer_consent c WHERE c.partner_id = p.id AND c.is_current "
                    "AND c.state = 'granted' AND (c.expiry_date IS NULL OR c.expiry_date > %s))",
                    fields.Date.context_today(self),
                )
            )
        return SQL(
            "SELECT p.id FROM res_partner p WHERE %s ORDER BY p.id %s",
            SQL(" AND ").join(conditions),
            SQL("LIMIT %s", limit) if limit else SQL(),
        )

    def _candidate_ids(self, limit=None):
        self.env.flush_all()
        self.env.cr.execute(self._candidates_sql(limit))
        return [row[0] for row in self.env.cr.fetchall()]

    def _check_admin(self):
        if not self.env.user.has_group("customer_base.group_customer_admin"):
            raise UserError(self.env._("Only a customer database administrator applies retention policies."))

    def action_dry_run(self):
        """List what the policy would touch, changing nothing else."""
        self._check_admin()
        for policy in self:
            ids = policy._candidate_ids()
            policy.sudo().write(
                {
                    "dry_run_date": fields.Datetime.now(),
                    "dry_run_count": len(ids),
                    "dry_run_partner_ids": [fields.Command.set(ids)],
                }
            )
        return True

    def action_apply(self):
        self._check_admin()
        for policy in self:
            if not policy.dry_run_date:
                raise UserError(
                    self.env._("Run the dry run of %s first and check what it found.", policy.name)
                )
            policy.sudo()._apply(batch_size=None)
        return True

    def _apply(self, batch_size=500, commit=False):
        """Archive or anonymise the customers the policy applies to, ``batch_size`` at a time."""
        self.ensure_one()
        done = 0
        while True:
            ids = self._candidate_ids(limit=batch_size)
            if not ids:
                break
            partners = self.env["res.partner"].browse(ids)
            if self.action == "archive":
                partners.write({"active": False})
                self.env["customer.privacy.request"].sudo().create(
                    [
                        {
                            "partner_id": p.id,
                            "kind": "retention",
                            "details": self.env._("Archived by %s", self.name),
                        }
                        for p in partners
                    ]
                )
            else:
                for partner in partners:
                    try:
                        self.env["customer.privacy.request"]._anonymize(
                            partner, reason=self.env._("Retention policy: %s", self.name), kind="retention"
                        )
                    except ConsentLegalHold:
                        continue
            done += len(ids)
            self.write({"applied_count": self.applied_count + len(ids)})
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if not batch_size or len(ids) < batch_size:
                break
        return done

    @api.model
    def _cron_apply_retention(self, batch_size=500):
        for policy in self.search([("auto_apply", "=", True), ("dry_run_date", "!=", False)]):
            done = policy._apply(batch_size=batch_size, commit=True)
            _logger.info("customer_consent: retention policy %s processed %s customers", policy.id, done)
