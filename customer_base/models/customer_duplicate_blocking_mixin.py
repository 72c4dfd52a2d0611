# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Blocking duplicate rules: a partner created or changed into a blocked duplicate is refused."""

from odoo import api, models

from ..exceptions import CustomerDuplicateError
from ..tools.match_keys import ALL_KINDS, INPUT_KINDS
from ..tools.server_scope import duplicates_ignored


class CustomerDuplicateBlockingMixin(models.AbstractModel):
    """Customer Duplicate Blocking: create and write refuse what a blocking rule matches, found by the finder
    (``customer.duplicate.finder.mixin``, composed with it in ``customer.duplicate.mixin``)."""

    _name = "customer.duplicate.blocking.mixin"
    _description = "Customer Duplicate Blocking"

    def _customer_blocking_matches(self, kinds=ALL_KINDS):
        """``{partner id: blocking matches}`` of the partners in ``self``, empty for superuser code (``sudo()``,
        Odoo's merge) and when no blocking rule applies to ``kinds``."""
        specs = self.env["customer.duplicate.rule"]._customer_rule_specs()
        if self.env.su or not any(spec.action == "block" and spec.key in kinds for spec in specs):
            return {}
        return {
            partner.id: self._customer_duplicate_matches(
                self._customer_duplicate_inputs({}, partner), limit=5, actions=("block",), kinds=kinds
            )
            for partner in self
        }

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
