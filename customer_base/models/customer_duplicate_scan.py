# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools.evidence import contact_conflict
from ..tools.normalize import fold, similarity
from .customer_duplicate_group import DISMISSED_PAIRS
from .customer_duplicate_mixin import CORE_NAME_SIMILARITY, EVIDENCE_WEIGHTS, INCOMPLETE_CONTACT

_logger = logging.getLogger(__name__)

# Customers per batch: a few changed customers are probed one by one, a whole database by sets.
SCAN_BATCH = 500
FULL_SCAN_BATCH = 100000


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
        domain = [("type", "=", "contact"), ("is_customer", "=", True), ("id", ">", self.last_partner_id)]
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

    def _customer_run_batch(self, batch_size=None):
        """Scan the next ``batch_size`` customers, as the superuser (groups are filtered for the reader by their
        record rule). Returns the number of customers scanned.

        A whole-database scan is set-based (see :meth:`_customer_batch_edges`): each pair of customers is
        found once, in the batch of the later one. An incremental scan looks at a few changed customers and
        asks the per-customer finder for each."""
        self.ensure_one()
        incremental = self.mode == "incremental" and self.since
        if batch_size is None:
            batch_size = SCAN_BATCH if incremental else FULL_SCAN_BATCH
        partners = self.env["res.partner"].sudo()
        batch = partners.search(self._customer_partner_domain(), order="id", limit=batch_size).ids
        if not batch:
            self.write({"state": "done", "date_end": fields.Datetime.now()})
            return 0
        Group = self.env["customer.duplicate.group"].sudo()
        if incremental:
            edges = self._customer_incremental_edges(batch)
        else:
            edges = self._customer_batch_edges(batch[0], batch[-1])
        Group._customer_add_edges(edges, self)
        self.write({"last_partner_id": batch[-1], "partner_done": self.partner_done + len(batch)})
        return len(batch)

    def _customer_incremental_edges(self, partner_ids):
        """Edges ``(id, id, score, reasons)`` of a few changed customers, one indexed probe per customer."""
        partners = self.env["res.partner"].sudo()
        found = {partner: partners._customer_duplicate_matches(partners._customer_duplicate_inputs({}, partner))
                 for partner in partners.browse(partner_ids)}  # fmt: skip
        candidate_ids = {match["id"] for matches in found.values() for match in matches}
        dismissed = (
            self.env["customer.duplicate.group"]
            .sudo()
            ._customer_dismissed_pairs(set(partner_ids) | candidate_ids)
        )
        return [
            (partner.id, match["id"], match["score"], tuple(match["reasons"]))
            for partner, matches in found.items()
            for match in matches
            if (min(partner.id, match["id"]), max(partner.id, match["id"])) not in dismissed
        ]

    # --- The set-based scan ----------------------------------------------------------------------------
    def _customer_batch_edges(self, first_id, last_id):
        """The possible duplicates of the customers ``first_id``..``last_id`` among the customers before them.

        Equal keys (email, phone and mobile against each other, tax id, name, name without legal form or
        country) are joined in SQL through their btree indexes (written as a range, so that the planner does not
        take the trigram GiST index of the name, 50 times slower here), each customer to one earlier customer with the
        same key that the rules allow and that was not dismissed: enough to connect all of them, without the
        quadratic pairs of a frequent name. Similar names are compared once per distinct name (and country):
        each new name against the earlier names of the same block (the same first, or last, three letters),
        with pg_trgm's ``similarity``. Every pair is then scored by all the rules, as for one customer.

        :return: edges ``(id, id, score, reasons)``
        """
        rules_by_key = {}
        for spec in self.env["customer.duplicate.rule"]._customer_rule_specs():
            rules_by_key.setdefault(spec[1], []).append(spec)
        if not rules_by_key:
            return []
        self.env["res.partner"].flush_model()
        self.env["customer.duplicate.group"].flush_model()
        pairs = set()
        columns = {
            "email": [("customer_email_key", "customer_email_key")],
            "vat": [("customer_vat_key", "customer_vat_key")],
            "phone": [
                (left, right)
                for left in ("customer_phone_key", "customer_mobile_key")
                for right in ("customer_phone_key", "customer_mobile_key")
            ],
            "name": [("customer_name_key", "customer_name_key")],
        }
        name_rules = rules_by_key.get("name", [])
        similar = [spec for spec in name_rules if spec[2] == "similarity"]
        if similar and min(spec[3] for spec in similar) <= CORE_NAME_SIMILARITY + 1e-6:
            columns["name"].append(("customer_name_core_key", "customer_name_core_key"))
        # JIT compiling costs more than these short index probes save
        cr = self.env.cr
        cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        previous_jit = cr.fetchone()[0]
        try:
            for kind, rules in rules_by_key.items():
                for left, right in columns[kind]:
                    pairs.update(self._customer_equal_key_pairs(left, right, rules, first_id, last_id))
            if similar:
                pairs.update(self._customer_similar_name_pairs(name_rules, similar, first_id, last_id))
        finally:
            cr.execute("SELECT set_config('jit', %s, true)", [previous_jit])
        return self._customer_score_pairs(pairs, rules_by_key)

    def _customer_pair_filters(self, rules):
        """SQL conditions between customers ``a`` and ``b`` that every rule of one key asks for."""
        filters = []
        if all(spec[4] == "branch" for spec in rules):
            filters.append(
                SQL("(a.company_id IS NULL OR b.company_id IS NULL OR a.company_id = b.company_id)")
            )
        if all(spec[6] for spec in rules):
            filters.append(
                SQL("(a.country_id IS NULL OR b.country_id IS NULL OR a.country_id = b.country_id)")
            )
        if all(spec[8] for spec in rules):
            # no contradiction between their keys (see tools.evidence.contact_conflict); a comparison with
            # an unknown value is NULL and only the other terms can make the condition true
            filters.append(
                SQL(
                    """
                    (a.customer_vat_key IS NULL OR b.customer_vat_key IS NULL
                     OR a.customer_vat_key = b.customer_vat_key)
                    AND (COALESCE(a.is_company, FALSE) OR COALESCE(b.is_company, FALSE)
                         OR a.customer_email_key IS NULL OR b.customer_email_key IS NULL
                         OR a.customer_email_key = b.customer_email_key
                         OR (a.customer_phone_key IS NULL AND a.customer_mobile_key IS NULL)
                         OR (b.customer_phone_key IS NULL AND b.customer_mobile_key IS NULL)
                         OR a.customer_phone_key IN (b.customer_phone_key, b.customer_mobile_key)
                         OR a.customer_mobile_key IN (b.customer_phone_key, b.customer_mobile_key))
                    """
                )
            )
        return filters

    def _customer_equal_key_pairs(self, left, right, rules, first_id, last_id):
        """Pairs ``(a, b)``: each customer ``a`` of the batch with one earlier customer ``b`` whose key
        ``right`` equals its key ``left``.

        When the rules exclude conflicting contact details (names), a person ``a`` with an email and a phone
        is only paired with a ``b`` whose details cannot conflict (looked up through a partial index, so
        that a common name shared by hundreds of different people costs one index probe); any other ``a``
        with the first earlier ``b`` the filters accept."""
        filters = self._customer_pair_filters(rules)
        if not all(spec[8] for spec in rules):
            return self._customer_equal_key_query(left, right, filters, SQL(), first_id, last_id)
        incomplete_a, incomplete_b = (SQL(INCOMPLETE_CONTACT.format(p=f"{alias}.")) for alias in "ab")
        return self._customer_equal_key_query(
            left, right, filters, SQL("AND %s", incomplete_a), first_id, last_id
        ) + self._customer_equal_key_query(
            left, right, [*filters, incomplete_b], SQL("AND NOT %s", incomplete_a), first_id, last_id
        )

    def _customer_equal_key_query(self, left, right, filters, a_filter, first_id, last_id):
        query = SQL(
            """
            SELECT a.id, m.id
              FROM res_partner a
              CROSS JOIN LATERAL (
                    SELECT b.id
                      FROM res_partner b
                     WHERE b.%(right)s >= a.%(left)s AND b.%(right)s <= a.%(left)s
                       AND b.id < a.id
                       AND b.type = 'contact' AND b.active AND b.is_customer
                       AND b.commercial_partner_id IS DISTINCT FROM a.commercial_partner_id
                       %(filters)s
                       AND NOT EXISTS (SELECT 1 FROM %(dismissed)s d WHERE d.partner_a = b.id AND d.partner_b = a.id)
                     LIMIT 1
                   ) m
             WHERE a.id BETWEEN %(first)s AND %(last)s AND a.type = 'contact' AND a.active AND a.is_customer
               AND a.%(left)s IS NOT NULL %(a_filter)s
            """,
            left=SQL.identifier(left),
            right=SQL.identifier(right),
            filters=SQL("").join(SQL(" AND %s", condition) for condition in filters),
            dismissed=SQL.identifier(DISMISSED_PAIRS),
            first=first_id,
            last=last_id,
            a_filter=a_filter,
        )
        return self.env.execute_query(query)

    def _customer_similar_name_pairs(self, name_rules, similar, first_id, last_id):
        """Pairs of customers with similar names: one customer per distinct name (and country, and company
        for branch rules), each name first seen in the batch against the names seen before it within a
        block — same first three letters, same last three letters, or the same name without legal form."""
        threshold = min(spec[3] for spec in similar)
        by_country = all(spec[6] for spec in name_rules)
        by_company = all(spec[4] == "branch" for spec in name_rules)
        cell = [SQL("customer_name_key")]
        if by_country:
            cell.append(SQL("country_id"))
        if by_company:
            cell.append(SQL("company_id"))
        filters = [SQL("o.f < n.f"), SQL("o.k <> n.k")]
        if by_country:
            filters.append(
                SQL("(o.country_id IS NULL OR n.country_id IS NULL OR o.country_id = n.country_id)")
            )
        if by_company:
            filters.append(
                SQL("(o.company_id IS NULL OR n.company_id IS NULL OR o.company_id = n.company_id)")
            )
        self.env.cr.execute(
            SQL(
                """
                CREATE TEMP TABLE IF NOT EXISTS customer_scan_cell
                    (k varchar, core varchar, country_id int, company_id int, f int) ON COMMIT DROP;
                TRUNCATE customer_scan_cell;
                INSERT INTO customer_scan_cell
                SELECT customer_name_key, min(customer_name_core_key), %(country)s, %(company)s, min(id)
                  FROM res_partner
                 WHERE customer_name_key IS NOT NULL AND type = 'contact' AND active AND is_customer
                 GROUP BY %(cell)s;
                ANALYZE customer_scan_cell;
                """,
                country=SQL("country_id") if by_country else SQL("NULL::int"),
                company=SQL("company_id") if by_company else SQL("NULL::int"),
                cell=SQL(", ").join(cell),
            )
        )
        pairs = set()
        for block, similar_only in (
            (SQL("left(o.k, 3) = left(n.k, 3)"), True),
            (SQL("right(o.k, 3) = right(n.k, 3)"), True),
            (SQL("o.core = n.core"), False),
        ):
            condition = SQL(" AND ").join(
                [*filters, SQL("similarity(o.k, n.k) >= %s", threshold - 1e-6)] if similar_only else filters
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT n.f, o.f
                      FROM customer_scan_cell n
                      JOIN customer_scan_cell o ON %s
                     WHERE n.f BETWEEN %s AND %s AND %s
                    """,
                    block,
                    first_id,
                    last_id,
                    condition,
                )
            )
            pairs.update(self.env.cr.fetchall())
        if pairs:
            dismissed = self.env["customer.duplicate.group"]._customer_dismissed_pairs(
                {pid for pair in pairs for pid in pair}
            )
            pairs = {pair for pair in pairs if (min(pair), max(pair)) not in dismissed}
        return pairs

    def _customer_score_pairs(self, pairs, rules_by_key):
        """Score ``pairs`` by every rule (as :meth:`res.partner._customer_candidate_evidence` does for one
        customer): edges ``(a, b, score, reasons)`` of the pairs some rule accepts."""
        if not pairs:
            return []
        ids = sorted({pid for pair in pairs for pid in pair})
        rows = {}
        for chunk in split_every(50000, ids):
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT id, company_id, country_id, city, customer_name_key, customer_name_core_key,
                           customer_phone_key, customer_mobile_key, customer_email_key, customer_vat_key,
                           COALESCE(is_company, FALSE)
                      FROM res_partner WHERE id = ANY(%s)
                    """,
                    list(chunk),
                )
            ):
                city = fold(row[3] or "").strip() if row[3] else ""
                phones = frozenset(filter(None, (row[6], row[7])))
                rows[row[0]] = (row[1], row[2], city, row[4], row[5], phones, row[8], row[9],
                                {"is_company": row[10], "email": row[8], "phones": phones, "vat": row[9]})  # fmt: skip
        reason_of = {
            "email": self.env._("Same email"),
            "phone": self.env._("Same phone"),
            "vat": self.env._("Same tax ID"),
            "same_name": self.env._("Same name"),
            "core_name": self.env._("Same name apart from legal form or country"),
        }
        similar_reason = {}
        edges = []
        for a_id, b_id in pairs:
            a, b = rows[a_id], rows[b_id]
            conflict = contact_conflict(a[8], b[8])
            evidence = {}
            for kind, rules in rules_by_key.items():
                if kind == "email" and not (a[6] and a[6] == b[6]):
                    continue
                if kind == "vat" and not (a[7] and a[7] == b[7]):
                    continue
                if kind == "phone" and not a[5] & b[5]:
                    continue
                for _rid, _key, match, threshold, scope, same_city, same_country, _action, exclude in rules:
                    if exclude and conflict:
                        continue
                    if scope == "branch" and a[0] and b[0] and a[0] != b[0]:
                        continue
                    if same_country and a[1] and b[1] and a[1] != b[1]:
                        continue
                    if same_city and a[2] and b[2] and a[2] != b[2]:
                        continue
                    if kind == "name":
                        found = self._customer_name_pair_evidence(
                            a, b, match, threshold, reason_of, similar_reason
                        )
                        if not found:
                            continue
                    else:
                        found = EVIDENCE_WEIGHTS[kind], reason_of[kind]
                    if found[0] > evidence.get(kind, (0, ""))[0]:
                        evidence[kind] = found
            if not evidence:
                continue
            remaining = 1.0
            for weight, _reason in evidence.values():
                remaining *= 1 - weight
            reasons = tuple(
                reason for _weight, reason in sorted(evidence.values(), key=lambda item: -item[0])
            )
            edges.append((a_id, b_id, round(1 - remaining, 2), reasons))
        return edges

    def _customer_name_pair_evidence(self, a, b, match, threshold, reason_of, similar_reason):
        """(weight, reason) of the names of two customers under one rule, as
        :meth:`res.partner._customer_name_evidence`, or ``None``."""
        if a[3] and a[3] == b[3]:
            return EVIDENCE_WEIGHTS["name"], reason_of["same_name"]
        if match == "exact" or not a[3] or not b[3]:
            return None
        score = similarity(a[3], b[3])
        if a[4] and a[4] == b[4] and score < CORE_NAME_SIMILARITY:
            if threshold - 1e-6 > CORE_NAME_SIMILARITY:
                return None
            return EVIDENCE_WEIGHTS["name"] * CORE_NAME_SIMILARITY, reason_of["core_name"]
        if score < threshold - 1e-6:
            return None
        shown = f"{score:.2f}"
        if shown not in similar_reason:
            similar_reason[shown] = self.env._("Similar name (%(similarity)s)", similarity=shown)
        return EVIDENCE_WEIGHTS["name"] * score, similar_reason[shown]

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
        """Every day: scan the customers created or changed since the last scan started (and forget the
        names nobody holds any more). Partners inserted behind the ORM's back get their customer flag first."""
        self.env["res.partner"]._customer_refresh_is_customer(where=SQL("p.is_customer IS NULL"))
        self.env["res.partner"]._customer_clean_name_keys()
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
