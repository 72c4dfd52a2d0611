# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from typing import NamedTuple

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools.grouping import UnionFind
from ..tools.match_keys import PROBE_COLUMNS, CandidateRow
from ..tools.scoring import LIKELY_WEIGHT, groups_contradict

# Pairs dismissed as "not duplicates": the relation of res.partner.customer_not_duplicate_ids (smallest id first).
DISMISSED_PAIRS = "customer_duplicate_dismissed_pair"
# The most customers a scan puts in one group of possible duplicates.
MAX_GROUP_MEMBERS = 25


class Edge(NamedTuple):
    """Two customers a scan found to be possible duplicates: the score shown (0 to 1), the reasons, and the
    weight linking them (``tools.scoring``): only links of at least ``LIKELY_WEIGHT`` join a group."""

    left: int
    right: int
    score: float
    reasons: tuple
    strength: float = LIKELY_WEIGHT


class CustomerDuplicateGroup(models.Model):
    """Customers a duplicate scan found to be possibly the same, for someone to merge or dismiss."""

    _name = "customer.duplicate.group"
    _description = "Possible Duplicate Customers"
    _order = "state, score desc, id"

    name = fields.Char(compute="_compute_name", store=True)
    member_ids = fields.Many2many(
        "res.partner",
        "customer_duplicate_group_partner_rel",
        "group_id",
        "partner_id",
        string="Customers",
        context={"active_test": False},
    )
    member_count = fields.Integer("Number of Customers", compute="_compute_name", store=True)
    score = fields.Float(digits=(3, 2), help="From 0 to 1: how likely the customers are the same.")
    reasons = fields.Char()
    state = fields.Selection(
        [("pending", "Pending"), ("merged", "Merged"), ("dismissed", "Dismissed")],
        default="pending",
        required=True,
        index=True,
    )
    scan_id = fields.Many2one("customer.duplicate.scan", ondelete="set null", index="btree_not_null")

    @api.depends("member_ids")
    def _compute_name(self):
        for group in self:
            members = group.member_ids.sorted("id")
            group.member_count = len(members)
            group.name = " / ".join(members[:3].mapped("display_name")) + (" …" if len(members) > 3 else "")

    def action_dismiss(self):
        """Not duplicates: remember every pair of members, so that no scan proposes them again."""
        self.check_access("write")
        pairs = {
            (min(a, b), max(a, b))
            for group in self
            for a in group.member_ids.ids
            for b in group.member_ids.ids
            if a != b
        }
        if pairs:
            left, right = zip(*sorted(pairs), strict=True)
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (partner_a, partner_b) SELECT * FROM unnest(%s::int[], %s::int[])"
                    " ON CONFLICT DO NOTHING",
                    SQL.identifier(DISMISSED_PAIRS),
                    list(left),
                    list(right),
                )
            )
        self.write({"state": "dismissed"})
        return True

    def action_merge(self):
        """Open the merge wizard on the group's active customers (the wizard checks who may merge)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_base.action_customer_merge_wizard")
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": self.member_ids.filtered("active").ids,
        }
        return action

    @api.model
    def _customer_close_merged_groups(self):
        """Pending groups left with at most one active customer were merged (or emptied): mark them so."""
        self.flush_model(["member_ids", "state"])
        self.env["res.partner"].flush_model(["active"])
        self.env.cr.execute(
            """
            SELECT g.id
              FROM customer_duplicate_group g
              JOIN customer_duplicate_group_partner_rel r ON r.group_id = g.id
              JOIN res_partner p ON p.id = r.partner_id
             WHERE g.state = 'pending'
          GROUP BY g.id
            HAVING count(*) FILTER (WHERE p.active) <= 1
            """
        )
        groups = self.browse(row[0] for row in self.env.cr.fetchall())
        groups.write({"state": "merged"})
        return groups

    def action_open_members(self):
        """The customers of the group, in a list, from where they can be merged."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.member_ids.ids)],
        }

    @api.model
    def _customer_dismissed_pairs(self, partner_ids):
        """The dismissed pairs ``(a, b)`` (a < b) involving ``partner_ids``."""
        if not partner_ids:
            return set()
        self.env.cr.execute(
            SQL(
                "SELECT partner_a, partner_b FROM %s WHERE partner_a = ANY(%s) OR partner_b = ANY(%s)",
                SQL.identifier(DISMISSED_PAIRS),
                list(partner_ids),
                list(partner_ids),
            )
        )
        return set(self.env.cr.fetchall())

    @api.model
    def _customer_group_records(self, partner_ids):
        """``{id: Record}`` (``tools.scoring``) of ``partner_ids``, and whether the name rules exclude
        conflicting contact details (see :func:`~odoo.addons.customer_base.tools.scoring.contradicts`)."""
        specs = [
            spec for spec in self.env["customer.duplicate.rule"]._customer_rule_specs() if spec.key == "name"
        ]
        exclude = bool(specs) and all(spec.exclude_conflicts for spec in specs)
        columns = SQL(", ").join(SQL.identifier(fname) for fname in ("id", *PROBE_COLUMNS))
        records = {}
        for chunk in split_every(50000, partner_ids):
            for row in self.env.execute_query(
                SQL("SELECT %s FROM res_partner WHERE id = ANY(%s)", columns, list(chunk))
            ):
                candidate = CandidateRow._make(row)
                records[candidate.id] = candidate.record()
        return records, exclude

    def _customer_add_edges(self, edges, scan):
        """Record that each :class:`Edge` ``(id, id, score, reasons, strength)`` of ``edges`` (strong links
        only) is a pair of possible duplicates: the
        pending groups they touch and the new pairs are joined into connected groups, in SQL (a whole-database
        scan writes hundreds of thousands of them): a component keeps its oldest pending group, absorbs the
        others and gets the new members; components without a group get a new one.

        :return: the number of groups written
        """
        edges = [Edge(*edge) for edge in edges if len(edge) < 5 or edge[4] >= LIKELY_WEIGHT - 1e-6]
        if not edges:
            return 0
        cr = self.env.cr
        self.flush_model()
        self.env["res.partner"].flush_model(["name", "complete_name"])
        touched = sorted({pid for edge in edges for pid in (edge.left, edge.right)})
        memberships, groups = [], {}
        for chunk in split_every(50000, touched):
            cr.execute(
                """
                SELECT r.partner_id, g.id, g.score, g.reasons, g.member_count
                  FROM customer_duplicate_group_partner_rel r
                  JOIN customer_duplicate_group g ON g.id = r.group_id AND g.state = 'pending'
                 WHERE r.partner_id = ANY(%s)
                """,
                [list(chunk)],
            )
            for _partner_id, group_id, score, reasons, count in cr.fetchall():
                groups[group_id] = (float(score or 0.0), reasons, count or 0)
        # every member of the pending groups these edges touch: a new member must contradict none of them
        if groups:
            cr.execute(
                "SELECT partner_id, group_id FROM customer_duplicate_group_partner_rel WHERE group_id = ANY(%s)",
                [list(groups)],
            )
            memberships = cr.fetchall()
        # Groups are negative nodes counting their members; their members already counted.
        uf = UnionFind()
        for group_id, (_score, _reasons, count) in groups.items():
            uf.add(-group_id, count)
        for partner_id, group_id in memberships:
            uf.add(partner_id, 0)
            uf.union(partner_id, -group_id)
        # Best pairs first; a pair that would make a group larger than MAX_GROUP_MEMBERS is left out: a chain of
        # similar names (a frequent first name, a common word) would otherwise join thousands of customers. So
        # is a pair that would group two customers the score tells apart (tools.scoring.contradicts: a
        # different birthday, another name at another street, or, when the name rules say so, conflicting
        # contact details): a record without contact details may match either of two namesakes, not join
        # them, and groups do not chain through weak links. Every member of the pending groups counts, not
        # only those of this batch's pairs: a namesake grouped in an earlier batch still keeps another out.
        members = set(memberships)
        if groups:
            cr.execute(
                "SELECT partner_id, group_id FROM customer_duplicate_group_partner_rel WHERE group_id = ANY(%s)",
                [list(groups)],
            )
            members |= set(cr.fetchall())
        records, exclude = self._customer_group_records(
            sorted(set(touched) | {pid for pid, _group in members})
        )
        known = {}  # root -> the customers of its set
        for partner_id, group_id in members:
            known.setdefault(uf.find(-group_id), []).append(partner_id)
        edge_score, edge_reasons = {}, {}
        kept_edges = []
        for left, right, score, reasons, _strength in sorted(
            edges, key=lambda edge: (-edge.strength, -edge.score)
        ):
            left_root, right_root = uf.find(left), uf.find(right)
            if left_root != right_root:
                if uf.set_size(left) + uf.set_size(right) > MAX_GROUP_MEMBERS:
                    continue
                left_ids, right_ids = known.get(left_root, [left]), known.get(right_root, [right])
                if groups_contradict(left_ids, right_ids, records, (left, right), exclude):
                    continue
                known.pop(left_root, None), known.pop(right_root, None)
                known[uf.union(left, right)] = left_ids + right_ids
            kept_edges.append((left, score, reasons))
        for left, score, reasons in kept_edges:
            root = uf.find(left)
            edge_score[root] = max(edge_score.get(root, 0.0), score)
            edge_reasons.setdefault(root, set()).update(reasons)
        kept_ids, kept_members, absorbed, kept_of_absorbed = [], [], [], []
        new_members, new_values = [], []
        group_values = {}
        for root, nodes in uf.components().items():
            group_ids = sorted(-node for node in nodes if node < 0)
            members = [node for node in nodes if node > 0]
            if not group_ids and len(members) < 2:
                continue  # a customer alone: the pairs it was in were left out
            score = max([edge_score.get(root, 0.0)] + [groups[gid][0] for gid in group_ids])
            reasons = set(edge_reasons.get(root, ()))
            for gid in group_ids:
                reasons.update(filter(None, (groups[gid][1] or "").split(", ")))
            reasons = ", ".join(sorted(reasons))
            if group_ids:
                kept = group_ids[0]
                group_values[kept] = (score, reasons)
                kept_ids.extend([kept] * len(members))
                kept_members.extend(members)
                absorbed.extend(group_ids[1:])
                kept_of_absorbed.extend([kept] * (len(group_ids) - 1))
            else:
                new_values.append((score, reasons))
                new_members.append(members)
        if absorbed:
            cr.execute(
                """
                INSERT INTO customer_duplicate_group_partner_rel (group_id, partner_id)
                SELECT m.kept, r.partner_id
                  FROM customer_duplicate_group_partner_rel r
                  JOIN unnest(%s::int[], %s::int[]) AS m(old, kept) ON m.old = r.group_id
                    ON CONFLICT DO NOTHING
                """,
                [absorbed, kept_of_absorbed],
            )
            cr.execute("DELETE FROM customer_duplicate_group WHERE id = ANY(%s)", [absorbed])
        if new_values:
            cr.execute(
                "SELECT nextval('customer_duplicate_group_id_seq') FROM generate_series(1, %s)",
                [len(new_values)],
            )
            new_ids = [row[0] for row in cr.fetchall()]
            cr.execute(
                """
                INSERT INTO customer_duplicate_group
                       (id, score, reasons, state, scan_id, member_count, create_uid, write_uid, create_date,
                        write_date)
                SELECT v.id, v.score, v.reasons, 'pending', %s, 0, %s, %s, now() at time zone 'UTC',
                       now() at time zone 'UTC'
                  FROM unnest(%s::int[], %s::numeric[], %s::varchar[]) AS v(id, score, reasons)
                """,
                [
                    scan.id or None,
                    self.env.uid,
                    self.env.uid,
                    new_ids,
                    [values[0] for values in new_values],
                    [values[1] for values in new_values],
                ],
            )
            for group_id, members in zip(new_ids, new_members, strict=True):
                kept_ids.extend([group_id] * len(members))
                kept_members.extend(members)
        else:
            new_ids = []
        cr.execute(
            """
            INSERT INTO customer_duplicate_group_partner_rel (group_id, partner_id)
            SELECT * FROM unnest(%s::int[], %s::int[]) ON CONFLICT DO NOTHING
            """,
            [kept_ids, kept_members],
        )
        if group_values:
            cr.execute(
                """
                UPDATE customer_duplicate_group g
                   SET score = v.score, reasons = v.reasons, scan_id = %s, write_uid = %s,
                       write_date = now() at time zone 'UTC'
                  FROM unnest(%s::int[], %s::numeric[], %s::varchar[]) AS v(id, score, reasons)
                 WHERE g.id = v.id
                """,
                [
                    scan.id or None,
                    self.env.uid,
                    list(group_values),
                    [values[0] for values in group_values.values()],
                    [values[1] for values in group_values.values()],
                ],
            )
        written = list(group_values) + new_ids
        # name and member_count, as _compute_name does: the first three members' display names
        cr.execute(
            """
            UPDATE customer_duplicate_group g
               SET member_count = s.total,
                   name = array_to_string(s.names[1:3], ' / ') || CASE WHEN s.total > 3 THEN ' …' ELSE '' END
              FROM (SELECT r.group_id, count(*) AS total,
                           array_agg(COALESCE(p.complete_name, p.name, '') ORDER BY p.id) AS names
                      FROM customer_duplicate_group_partner_rel r
                      JOIN res_partner p ON p.id = r.partner_id
                     WHERE r.group_id = ANY(%s)
                  GROUP BY r.group_id) s
             WHERE g.id = s.group_id
            """,
            [written],
        )
        self.invalidate_model()
        return len(written)
