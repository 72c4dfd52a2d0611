# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

SCAN_BATCH = 500


class CustomerDuplicateScan(models.Model):
    """A pass of the duplicate rules over the whole database (or the customers changed since the last pass).

    Runs in the background, one batch of customers per scheduled-action call: the scheduler commits after
    each batch and the scan remembers the last customer done, so it resumes after a restart.
    """

    _name = "customer.duplicate.scan"
    _description = "Customer Duplicate Scan"
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("Duplicate scan"))
    mode = fields.Selection(
        [("full", "Whole Database"), ("incremental", "Changed Since the Last Scan")],
        required=True,
        default="full",
    )
    state = fields.Selection(
        [("pending", "Pending"), ("running", "Running"), ("done", "Done")],
        required=True,
        default="pending",
        index=True,
    )
    since = fields.Datetime(
        "Changed Since", help="Incremental scans: customers created or changed since then."
    )
    last_partner_id = fields.Integer("Last Customer Scanned", readonly=True)
    partner_total = fields.Integer("Customers to Scan", readonly=True)
    partner_done = fields.Integer("Customers Scanned", readonly=True)
    progress = fields.Float(compute="_compute_progress")
    date_start = fields.Datetime("Started", readonly=True)
    date_end = fields.Datetime("Finished", readonly=True)
    group_ids = fields.One2many("customer.duplicate.group", "scan_id", string="Possible Duplicates")
    group_count = fields.Integer("Groups Found", compute="_compute_group_count")

    @api.depends("partner_total", "partner_done")
    def _compute_progress(self):
        for scan in self:
            scan.progress = 100.0 * scan.partner_done / scan.partner_total if scan.partner_total else 0.0

    @api.depends("group_ids")
    def _compute_group_count(self):
        counts = dict(
            self.env["customer.duplicate.group"]._read_group(
                [("scan_id", "in", self.ids)], ["scan_id"], ["__count"]
            )
        )
        for scan in self:
            scan.group_count = counts.get(scan, 0)

    def _customer_partner_domain(self):
        self.ensure_one()
        domain = [("type", "=", "contact"), ("id", ">", self.last_partner_id)]
        if self.mode == "incremental" and self.since:
            domain.append(("write_date", ">=", self.since))
        return domain

    def action_start(self):
        """Start the scan in the background."""
        for scan in self.filtered(lambda s: s.state == "pending"):
            scan.write(
                {
                    "state": "running",
                    "date_start": fields.Datetime.now(),
                    "partner_total": self.env["res.partner"]
                    .sudo()
                    .search_count(scan._customer_partner_domain()),
                }
            )
        self.env.ref("customer_base.ir_cron_customer_duplicate_scan")._trigger()
        return True

    def action_open_groups(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Possible Duplicates"),
            "res_model": "customer.duplicate.group",
            "view_mode": "list,form",
            "domain": [("scan_id", "=", self.id)],
        }

    def _customer_run_batch(self, batch_size=SCAN_BATCH):
        """Scan the next ``batch_size`` customers: every rule, as the superuser (groups are filtered for the
        reader by their record rule). Returns the number of customers scanned."""
        self.ensure_one()
        partners = self.env["res.partner"].sudo()
        batch = partners.search(self._customer_partner_domain(), order="id", limit=batch_size)
        if not batch:
            self.write({"state": "done", "date_end": fields.Datetime.now()})
            return 0
        Group = self.env["customer.duplicate.group"].sudo()
        found = {partner: partners._customer_duplicate_matches(partners._customer_duplicate_inputs({}, partner))
                 for partner in batch}  # fmt: skip
        candidate_ids = {match["id"] for matches in found.values() for match in matches}
        dismissed = Group._customer_dismissed_pairs(set(batch.ids) | candidate_ids)
        pairs = [
            (partner.id, match)
            for partner, matches in found.items()
            for match in matches
            if (min(partner.id, match["id"]), max(partner.id, match["id"])) not in dismissed
        ]
        Group._customer_add_pairs(pairs, self)
        self.write({"last_partner_id": batch[-1].id, "partner_done": self.partner_done + len(batch)})
        return len(batch)

    @api.model
    def _cron_run_duplicate_scans(self):
        """One batch of the oldest running scan; the scheduler commits and calls again while some remain."""
        self.env["customer.duplicate.group"].sudo()._customer_close_merged_groups()
        scan = self.search([("state", "=", "running")], order="id", limit=1)
        if not scan:
            return
        scanned = scan._customer_run_batch()
        remaining = max(scan.partner_total - scan.partner_done, 0) if scan.state == "running" else 0
        self.env["ir.cron"]._notify_progress(
            done=scanned, remaining=remaining or int(scan.state == "running")
        )
        _logger.info("Duplicate scan %s: %s of %s customers", scan.id, scan.partner_done, scan.partner_total)

    @api.model
    def _cron_daily_duplicate_scan(self):
        """Every day: scan the customers created or changed since the last scan started."""
        if self.search_count([("state", "in", ("pending", "running"))]):
            return
        last = self.search([("state", "=", "done")], order="date_start desc", limit=1)
        scan = self.create(
            {
                "name": self.env._("Daily duplicate scan"),
                "mode": "incremental" if last else "full",
                "since": last.date_start if last else False,
            }
        )
        scan.action_start()
