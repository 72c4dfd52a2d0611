# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools import scoring
from ..tools.match_keys import (
    CORE_NAME_SIMILARITY,
    INCOMPLETE_CONTACT,
    PROBE_COLUMNS,
    SORTED_WINDOW,
    CandidateRow,
)
from .customer_duplicate_group import DISMISSED_PAIRS, Edge

_logger = logging.getLogger(__name__)

# Customers per batch: a few changed customers are probed one by one, a whole database by sets.
SCAN_BATCH = 500
FULL_SCAN_BATCH = 100000
# The bounds that keep candidate generation linear (issue 11: a join inside a common name ending went
# quadratic). Each customer is compared with at most EQUAL_KEY_CANDIDATES earlier customers sharing one of
# its keys; each distinct name with the SORTED_WINDOW names before and after it in two sort orders (the key,
# and the key read backwards, so that a typo near either end keeps the other end in order); a block of names
# equal without legal form holds at most CORE_BLOCK names. What a bound leaves out is counted in
# ``skipped_candidates``.
EQUAL_KEY_CANDIDATES = 8
CORE_BLOCK = 30


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
    skipped_candidates = fields.Integer(
        "Candidates Beyond the Bounds",
        readonly=True,
        help="Customers or names that had more candidates than the scan compares (a very common name, a "
        "crowded block of similar names): some of their possible duplicates may not have been looked at.",
    )
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
        skipped = 0
        if incremental:
            edges = self._customer_incremental_edges(batch)
        else:
            edges, skipped = self._customer_batch_edges(batch[0], batch[-1])
        Group._customer_add_edges(edges, self)
        self.write(
            {
                "last_partner_id": batch[-1],
                "partner_done": self.partner_done + len(batch),
                "skipped_candidates": self.skipped_candidates + skipped,
            }
        )
        return len(batch)

    def _customer_incremental_edges(self, partner_ids):
        """:class:`Edge` of a few changed customers, one indexed probe per customer."""
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
            Edge(partner.id, match["id"], match["score"], tuple(match["reasons"]), match["strength"])
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

        :return: :class:`Edge` tuples
        """
        rules_by_key = {}
        for spec in self.env["customer.duplicate.rule"]._customer_rule_specs():
            rules_by_key.setdefault(spec.key, []).append(spec)
        if not rules_by_key:
            return [], 0
        self.env["res.partner"].flush_model()
        self.env["customer.duplicate.group"].flush_model()
        skipped = [0]  # what the bounds left out (see skipped_candidates)
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
        similar = [spec for spec in name_rules if spec.match == "similarity"]
        if similar and min(spec.threshold for spec in similar) <= CORE_NAME_SIMILARITY + 1e-6:
            columns["name"].append(("customer_name_core_key", "customer_name_core_key"))
        # JIT compiling costs more than these short index probes save
        cr = self.env.cr
        cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        previous_jit = cr.fetchone()[0]
        try:
            for kind, rules in rules_by_key.items():
                for left, right in columns[kind]:
                    pairs.update(
                        self._customer_equal_key_pairs(left, right, rules, first_id, last_id, skipped)
                    )
            if similar:
                pairs.update(
                    self._customer_similar_name_pairs(name_rules, similar, first_id, last_id, skipped)
                )
        finally:
            cr.execute("SELECT set_config('jit', %s, true)", [previous_jit])
        return self._customer_score_pairs(pairs, rules_by_key), skipped[0]

    def _customer_pair_filters(self, rules):
        """SQL conditions between customers ``a`` and ``b`` that every rule of one key asks for."""
        filters = []
        if all(spec.scope == "branch" for spec in rules):
            filters.append(
                SQL("(a.company_id IS NULL OR b.company_id IS NULL OR a.company_id = b.company_id)")
            )
        if all(spec.same_country for spec in rules):
            filters.append(
                SQL("(a.country_id IS NULL OR b.country_id IS NULL OR a.country_id = b.country_id)")
            )
        if all(spec.exclude_conflicts for spec in rules):
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

    def _customer_equal_key_pairs(self, left, right, rules, first_id, last_id, skipped):
        """Pairs ``(a, b)``: each customer ``a`` of the batch with up to ``EQUAL_KEY_CANDIDATES`` earlier
        customers ``b`` whose key ``right`` equals its key ``left`` (a customer with more counts as skipped;
        no ORDER BY, and ``b.id + 0``: either lets PostgreSQL walk the primary key backwards from ``a``,
        quadratic, instead of probing the key's btree — seen at 100,000 partners).

        When the rules exclude conflicting contact details (names), a person ``a`` with an email and a phone
        is only paired with a ``b`` whose details cannot conflict (looked up through a partial index, so
        that a common name shared by hundreds of different people costs one index probe); any other ``a``
        with the first earlier ``b`` the filters accept."""
        filters = self._customer_pair_filters(rules)
        if not all(spec.exclude_conflicts for spec in rules):
            return self._customer_equal_key_query(left, right, filters, SQL(), first_id, last_id, skipped)
        incomplete_a, incomplete_b = (SQL(INCOMPLETE_CONTACT.format(p=f"{alias}.")) for alias in "ab")
        return self._customer_equal_key_query(
            left, right, filters, SQL("AND %s", incomplete_a), first_id, last_id, skipped
        ) + self._customer_equal_key_query(
            left, right, [*filters, incomplete_b], SQL("AND NOT %s", incomplete_a), first_id, last_id, skipped
        )

    def _customer_equal_key_query(self, left, right, filters, a_filter, first_id, last_id, skipped):
        query = SQL(
            """
            SELECT a.id, m.id
              FROM res_partner a
              CROSS JOIN LATERAL (
                    SELECT b.id
                      FROM res_partner b
                     WHERE b.%(right)s >= a.%(left)s AND b.%(right)s <= a.%(left)s
                       AND b.id + 0 < a.id
                       AND b.type = 'contact' AND b.active AND b.is_customer
                       AND b.commercial_partner_id IS DISTINCT FROM a.commercial_partner_id
                       %(filters)s
                       AND NOT EXISTS (SELECT 1 FROM %(dismissed)s d WHERE d.partner_a = b.id AND d.partner_b = a.id)
                     LIMIT %(limit)s
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
            limit=EQUAL_KEY_CANDIDATES + 1,
        )
        rows = self.env.execute_query(query)
        kept, per_a = [], {}
        for a_id, b_id in rows:
            per_a[a_id] = per_a.get(a_id, 0) + 1
            if per_a[a_id] <= EQUAL_KEY_CANDIDATES:
                kept.append((a_id, b_id))
        skipped[0] += sum(1 for count in per_a.values() if count > EQUAL_KEY_CANDIDATES)
        return kept

    def _customer_similar_name_pairs(self, name_rules, similar, first_id, last_id, skipped):
        """Pairs of customers with similar names: one customer per distinct name (and country, and company
        for branch rules), each name first seen in the batch against the names seen before it within a
        block — same first three letters, same last three letters, or the same name without legal form."""
        threshold = min(spec.threshold for spec in similar)
        by_country = all(spec.same_country for spec in name_rules)
        by_company = all(spec.scope == "branch" for spec in name_rules)
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
                    (k varchar, core varchar, country_id int, company_id int, f int, is_company bool)
                    ON COMMIT DROP;
                TRUNCATE customer_scan_cell;
                INSERT INTO customer_scan_cell
                SELECT customer_name_key, min(customer_name_core_key), %(country)s, %(company)s, min(id),
                       bool_or(COALESCE(is_company, FALSE))
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
        cr = self.env.cr
        condition = SQL(" AND ").join(filters)
        sim = SQL("similarity(o.k, n.k) >= %s", threshold - 1e-6)
        for order in (SQL("k"), SQL("reverse(k)")):
            # sorted neighbourhood: each name against the SORTED_WINDOW names on either side
            cr.execute(
                SQL(
                    """
                    DROP TABLE IF EXISTS customer_scan_sorted;
                    CREATE TEMP TABLE customer_scan_sorted ON COMMIT DROP AS
                    SELECT c.*, row_number() OVER (ORDER BY %(order)s, f) AS rn FROM customer_scan_cell c;
                    CREATE INDEX ON customer_scan_sorted (rn);
                    ANALYZE customer_scan_sorted;
                    SELECT n.f, o.f, abs(o.rn - n.rn) = %(window)s
                      FROM customer_scan_sorted n
                      JOIN customer_scan_sorted o ON o.rn BETWEEN n.rn - %(window)s AND n.rn + %(window)s
                     WHERE n.f BETWEEN %(first)s AND %(last)s AND %(condition)s AND %(sim)s
                    """,
                    order=order,
                    window=SORTED_WINDOW,
                    first=first_id,
                    last=last_id,
                    condition=condition,
                    sim=sim,
                )
            )
            for new, old, at_edge in cr.fetchall():
                pairs.add((new, old))
                skipped[0] += at_edge  # the window's last name still similar: more may lie beyond
        # names equal without legal form or country, in blocks of at most CORE_BLOCK names
        cr.execute(
            SQL(
                """
                SELECT core, count(*) > %(block)s FROM customer_scan_cell
                 WHERE core IS NOT NULL GROUP BY core HAVING count(*) > 1
                """,
                block=CORE_BLOCK,
            )
        )
        blocks = cr.fetchall()
        skipped[0] += sum(1 for _core, crowded in blocks if crowded)
        cores = [core for core, crowded in blocks if not crowded]
        if cores:
            cr.execute(
                SQL(
                    """
                    SELECT n.f, o.f FROM customer_scan_cell n JOIN customer_scan_cell o ON o.core = n.core
                     WHERE n.core = ANY(%s) AND n.f BETWEEN %s AND %s AND %s
                    """,
                    cores,
                    first_id,
                    last_id,
                    condition,
                )
            )
            pairs.update(cr.fetchall())
        pairs.update(self._customer_partial_name_pairs(by_country, by_company, first_id, last_id))
        if pairs:
            dismissed = self.env["customer.duplicate.group"]._customer_dismissed_pairs(
                {pid for pair in pairs for pid in pair}
            )
            pairs = {pair for pair in pairs if (min(pair), max(pair)) not in dismissed}
        return pairs

    def _customer_partial_name_pairs(self, by_country, by_company, first_id, last_id):
        """Pairs of people whose names are the same with a word left out or a first name abbreviated
        ("José García" or "J. García López" for "José García López"): each distinct person name of the batch
        with the names it gives with one word dropped or cut to its initial, looked up by equality (one name
        each: linear)."""
        cr = self.env.cr
        cr.execute(
            "SELECT k, f, country_id, company_id FROM customer_scan_cell WHERE NOT is_company AND k LIKE '%% %%'"
        )
        cells = {}
        for key, first, country_id, company_id in cr.fetchall():
            cells.setdefault(key, []).append((first, country_id, company_id))
        pairs = set()
        for key, holders in cells.items():
            for variant in scoring.partial_name_variants(key) & cells.keys():
                for first, country_id, company_id in holders:
                    for other, other_country, other_company in cells[variant]:
                        if by_country and country_id and other_country and country_id != other_country:
                            continue
                        if by_company and company_id and other_company and company_id != other_company:
                            continue
                        new, old = max(first, other), min(first, other)
                        if first_id <= new <= last_id:
                            pairs.add((new, old))
        return pairs

    def _customer_score_pairs(self, pairs, rules_by_key):
        """Judge ``pairs`` by the rules and the score (:func:`~odoo.addons.customer_base.tools.scoring.judge`,
        as the finder does for one customer): the :class:`Edge` of the pairs some rule reports."""
        if not pairs:
            return []
        ids = sorted({pid for pair in pairs for pid in pair})
        records = {}
        columns = SQL(", ").join(SQL.identifier(fname) for fname in ("id", *PROBE_COLUMNS))
        for chunk in split_every(50000, ids):
            for row in self.env.execute_query(
                SQL("SELECT %s FROM res_partner WHERE id = ANY(%s)", columns, list(chunk))
            ):
                candidate = CandidateRow._make(row)
                records[candidate.id] = candidate.record()
        holders = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT customer_name_key, count(*) FROM res_partner
                     WHERE customer_name_key = ANY(%s) AND type = 'contact' AND active AND is_customer
                  GROUP BY customer_name_key
                    """,
                    sorted({record.name_key for record in records.values() if record.name_key}),
                )
            )
        )
        rules = [spec for specs in rules_by_key.values() for spec in specs]
        Partner = self.env["res.partner"]
        reasons_of = {}
        edges = []
        for a_id, b_id in pairs:
            a, b = records[a_id], records[b_id]
            frequency = max(holders.get(a.name_key, 0), holders.get(b.name_key, 0))
            judgement = scoring.judge(a, b, rules, frequency=frequency)
            if not judgement:
                continue
            codes = tuple((item.code, item.similarity) for item in judgement.score.evidence)
            if codes not in reasons_of:
                reasons_of[codes] = tuple(Partner._customer_reasons(judgement.score))
            edges.append(
                Edge(a_id, b_id, round(judgement.score.probability, 2), reasons_of[codes], judgement.strength)
            )
        return edges

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
