# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools.scoring import Rule


class CustomerDuplicateRule(models.Model):
    """When two customers are reported as possible duplicates, and whether creating one is refused.

    Each active rule compares one match key of res.partner (see ``customer.duplicate.mixin``); a
    candidate passing several rules collects every reason.
    """

    _name = "customer.duplicate.rule"
    _description = "Customer Duplicate Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    key = fields.Selection(
        [("email", "Email"), ("phone", "Phone"), ("vat", "Tax ID"), ("name", "Name")],
        required=True,
        default="email",
        help="What is compared, after normalisation: emails folded for case, phones in international "
        "format (phone and mobile against each other), tax ids in compact form, names without case, "
        "accents, punctuation or legal form (first and last names in any order for people).",
    )
    match = fields.Selection(
        [("exact", "Exact"), ("similarity", "Similarity")],
        required=True,
        default="exact",
        help="Exact: the normalised values are equal. Similarity (names only): the names share enough "
        "trigrams, or are equal once a trailing country is removed as well.",
    )
    threshold = fields.Float(
        default=0.75,
        digits=(3, 2),
        help="Minimum trigram similarity of the names, from 0 (anything) to 1 (identical).",
    )
    scope = fields.Selection(
        [("branch", "Same Branch"), ("all", "All Branches")],
        required=True,
        default="all",
        help="Same Branch: only customers of the same company or branch, or shared by all, are compared.",
    )
    same_city = fields.Boolean(
        help="Names only: customers in different cities are not duplicates (an empty city never excludes)."
    )
    same_country = fields.Boolean(
        help="Names only: customers in different countries are not duplicates (an empty country never "
        "excludes)."
    )
    exclude_conflicts = fields.Boolean(
        "Different Contact Details Exclude",
        default=True,
        help="Names only: a similar or equal name is no duplicate when the tax IDs differ, or, between two "
        "people, when both emails are known and differ and both phones are known and differ (two people "
        "who share a common name). Companies are only told apart by their tax IDs.",
    )
    action = fields.Selection(
        [("alert", "Alert"), ("block", "Block")],
        required=True,
        default="alert",
        help="Alert: the possible duplicates are shown on the customer form. Block: saving a customer "
        "matching this rule is refused, on the form, over the API and in imports.",
    )

    @api.constrains("key", "match", "threshold", "same_city", "same_country")
    def _check_match(self):
        for rule in self:
            if rule.match == "similarity" and rule.key != "name":
                raise ValidationError(
                    self.env._("The rule %(rule)s: only names can be compared by similarity.", rule=rule.name)
                )
            if rule.match == "similarity" and not 0 < rule.threshold <= 1:
                raise ValidationError(
                    self.env._(
                        "The rule %(rule)s: the similarity threshold must be above 0 and at most 1.",
                        rule=rule.name,
                    )
                )
            if rule.key != "name" and (rule.same_city or rule.same_country):
                raise ValidationError(
                    self.env._(
                        "The rule %(rule)s: only name rules can require the same city or country.",
                        rule=rule.name,
                    )
                )

    @api.model
    @tools.ormcache()
    def _customer_rule_specs(self):
        """The active rules as :class:`~odoo.addons.customer_base.tools.scoring.Rule` named tuples, cached
        until a rule changes.

        :rtype: tuple[Rule]
        """
        rules = self.sudo().search([("active", "=", True)])
        return tuple(
            Rule(
                rule.id,
                rule.key,
                rule.match,
                rule.threshold if rule.match == "similarity" else 1.0,
                rule.scope,
                rule.key == "name" and rule.same_city,
                rule.key == "name" and rule.same_country,
                rule.action,
                rule.key == "name" and rule.exclude_conflicts,
            )
            for rule in rules
        )

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
