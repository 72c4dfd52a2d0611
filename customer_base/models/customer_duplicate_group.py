# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

# Pairs dismissed as "not duplicates": the relation of res.partner.customer_not_duplicate_ids (smallest id first).
DISMISSED_PAIRS = "customer_duplicate_dismissed_pair"


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
    def _customer_add_pairs(self, pairs, scan):
        """Record that each ``(partner id, match)`` of ``pairs`` (see ``_customer_duplicate_matches``) is a
        possible duplicate: the pending groups they touch and the new pairs are joined into connected groups,
        written once per group.

        :return: the groups written
        """
        if not pairs:
            return self.browse()
        touched = {pid for partner_id, match in pairs for pid in (partner_id, match["id"])}
        groups = self.search([("state", "=", "pending"), ("member_ids", "in", sorted(touched))])
        parent = {}

        def find(node):
            while parent.setdefault(node, node) != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        def union(left, right):
            parent[find(right)] = find(left)

        for group in groups:
            members = group.member_ids.ids
            for member in members[1:]:
                union(members[0], member)
        for partner_id, match in pairs:
            union(partner_id, match["id"])
        components = {}
        for node in list(parent):
            components.setdefault(find(node), set()).add(node)
        scores, reasons, owners = {}, {}, {}
        for group in groups:
            root = find(group.member_ids.ids[0])
            scores[root] = max(scores.get(root, 0.0), group.score)
            reasons.setdefault(root, set()).update(filter(None, (group.reasons or "").split(", ")))
            owners.setdefault(root, self.browse())
            owners[root] |= group
        for partner_id, match in pairs:
            root = find(partner_id)
            scores[root] = max(scores.get(root, 0.0), match["score"])
            reasons.setdefault(root, set()).update(match["reasons"])
        written = self.browse()
        create_vals = []
        for root, members in components.items():
            values = {
                "member_ids": [(6, 0, sorted(members))],
                "score": scores.get(root, 0.0),
                "reasons": ", ".join(sorted(reasons.get(root, ()))),
                "scan_id": scan.id,
            }
            kept = owners.get(root, self.browse())
            if kept:
                kept[0].write(values)
                kept[1:].unlink()
                written |= kept[0]
            else:
                create_vals.append(values)
        return written | self.create(create_vals)
