# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Blocking duplicate rules: a partner created or changed into a blocked duplicate is refused."""

from odoo import api, models
from odoo.tools import SQL

from ..exceptions import CustomerDuplicateError
from ..tools.match_keys import ALL_KINDS, INPUT_KINDS, KIND_KEYS
from ..tools.server_scope import duplicates_ignored

# The rule keys compared by equal stored keys (names are also compared by similarity).
EXACT_KINDS = frozenset({"email", "phone", "vat"})


class CustomerDuplicateBlockingMixin(models.AbstractModel):
    """Customer Duplicate Blocking: create and write refuse what a blocking rule matches, found by the finder
    (``customer.duplicate.finder.mixin``, composed with it in ``customer.duplicate.mixin``)."""

    _name = "customer.duplicate.blocking.mixin"
    _description = "Customer Duplicate Blocking"

    def _customer_blocking_matches(self, kinds=ALL_KINDS):
        """``{partner id: blocking matches}`` of the partners in ``self`` that match a blocking rule, empty for
        superuser code (``sudo()``, Odoo's merge) and when no blocking rule applies to ``kinds``.

        Rules on email, phone or tax id are exact: a partner can only match one when another partner holds
        the same key. For several partners (a batch create, an import), one query per key finds those sharing
        one, and only those are probed: a probe for each partner of a batch cost ~8 ms a partner (2,000 new
        partners by ``load``: 249 rows/s, against 569 rows/s on stock Odoo). Rules on names probe every
        partner."""
        specs = self.env["customer.duplicate.rule"]._customer_rule_specs()
        block_kinds = {spec.key for spec in specs if spec.action == "block" and spec.key in kinds}
        if self.env.su or not block_kinds:
            return {}
        partners = self
        if len(self) > 1 and block_kinds <= EXACT_KINDS:
            partners = self.browse(self._customer_sharing_keys(block_kinds))
        return {
            partner.id: self._customer_duplicate_matches(
                self._customer_duplicate_inputs({}, partner), limit=5, actions=("block",), kinds=kinds
            )
            for partner in partners
        }

    def _customer_sharing_keys(self, kinds):
        """Ids of the partners of ``self`` holding a key of ``kinds`` that another partner holds too (any
        partner, archived and unreadable ones included: the probes then decide what counts). A phone key is
        compared with both phone columns, as the probe does.

        :param kinds: rule keys among ``EXACT_KINDS``
        :rtype: set[int]
        """
        columns = sorted({fname for kind in kinds for fname in KIND_KEYS[kind]})
        # every pending compute of the model, not only the keys: the flush then writes new partners' keys
        # and Odoo's computed columns (commercial partner, complete name…) in one UPDATE, not two
        self.flush_model()
        own = self.env.execute_query(
            SQL(
                "SELECT id, %s FROM res_partner WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(col) for col in columns),
                [pid for pid in self.ids if isinstance(pid, int)],
            )
        )
        sharing = set()
        for kind in kinds:
            kind_columns = KIND_KEYS[kind]
            positions = [columns.index(col) + 1 for col in kind_columns]
            keys_of = {row[0]: {row[pos] for pos in positions} - {None} for row in own}
            wanted = sorted(set().union(*keys_of.values()))
            if not wanted:
                continue
            holders = {}
            for pid, *keys in self.env.execute_query(
                SQL(
                    "SELECT id, %s FROM res_partner WHERE %s",
                    SQL(", ").join(SQL.identifier(col) for col in kind_columns),
                    SQL(" OR ").join(
                        SQL("%s = ANY(%s)", SQL.identifier(col), wanted) for col in kind_columns
                    ),
                )
            ):
                for key in keys:
                    holders.setdefault(key, set()).add(pid)
            sharing.update(
                pid for pid, keys in keys_of.items() if any(holders.get(key, set()) - {pid} for key in keys)
            )
        return sharing

    def _customer_check_blocking_duplicates(self, kinds=ALL_KINDS, known=None):
        """Refuse partners matching a blocking rule, as the current user (they only learn of partners they
        may read). Superuser code is not checked.

        Matches with the partners of :func:`~..tools.server_scope.ignoring_duplicates_of` never block: the
        customers being merged into this one, whose values the merge copies before archiving them. That
        state is set by server code only: a context key could be sent by any client.

        :param kinds: the keys of the blocking rules to apply (a write: those its fields may change)
        :param dict known: ``{partner id: matches}`` found before a write; matching them again is allowed
        :raise CustomerDuplicateError: listing the matches
        """
        ignored = set(duplicates_ignored())
        for partner_id, matches in self._customer_blocking_matches(kinds).items():
            old_ids = ignored | {match["id"] for match in (known or {}).get(partner_id, ())}
            matches = [match for match in matches if match["id"] not in old_ids]
            if not matches:
                continue
            partner = self.browse(partner_id)
            names = {p.id: p.display_name for p in self.browse([match["id"] for match in matches])}
            lines = "\n".join(
                f"- {names[match['id']]} (#{match['id']}): {', '.join(match['reasons'])}" for match in matches
            )
            raise CustomerDuplicateError(
                self.env._(
                    "%(customer)s cannot be saved: it duplicates an existing customer.\n%(matches)s\n"
                    "Open the existing customer instead, or ask your administrator "
                    "(Customers > Configuration > Duplicate Rules).",
                    customer=partner.display_name,
                    matches=lines,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._customer_check_blocking_duplicates()
        return partners

    def write(self, vals):
        kinds = frozenset().union(*(INPUT_KINDS.get(fname, ()) for fname in vals))
        known = self._customer_blocking_matches(kinds) if kinds else {}
        result = super().write(vals)
        if kinds:
            self._customer_check_blocking_duplicates(kinds=kinds, known=known)
        return result
