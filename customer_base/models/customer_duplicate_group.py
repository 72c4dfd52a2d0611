# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

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

    def init(self):
        result = super().init()
        # Pairs dismissed as "not duplicates", never proposed again (smallest id first).
        self.env.cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %s (
                    partner_a integer NOT NULL REFERENCES res_partner(id) ON DELETE CASCADE,
                    partner_b integer NOT NULL REFERENCES res_partner(id) ON DELETE CASCADE,
                    PRIMARY KEY (partner_a, partner_b)
                )
                """,
                SQL.identifier(DISMISSED_PAIRS),
            )
        )
        return result

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
    def _customer_add_pair(self, partner_id, match, scan):
        """Record that ``match`` (see ``_customer_duplicate_matches``) duplicates ``partner_id``: extend the
        pending group holding either of them, join two such groups, or start one."""
        ids = {partner_id, match["id"]}
        groups = self.search([("state", "=", "pending"), ("member_ids", "in", list(ids))])
        reasons = ", ".join(match["reasons"])
        if not groups:
            return self.create(
                {
                    "member_ids": [(6, 0, sorted(ids))],
                    "score": match["score"],
                    "reasons": reasons,
                    "scan_id": scan.id,
                }
            )
        group, others = groups[0], groups[1:]
        members = group.member_ids.ids + others.member_ids.ids + list(ids)
        known = set(filter(None, (group.reasons or "").split(", ")))
        group.write(
            {
                "member_ids": [(6, 0, sorted(set(members)))],
                "score": max([group.score, match["score"], *others.mapped("score")]),
                "reasons": ", ".join(sorted(known | set(match["reasons"]))),
                "scan_id": scan.id,
            }
        )
        others.unlink()
        return group
