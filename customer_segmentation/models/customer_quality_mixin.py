# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

COMPLETENESS_LOW_PARAM = "customer_segmentation.completeness_low"
# The contact fields checked by the data-quality indicators, with the match key customer_base stores for each
# (None when the value is not a valid phone or email: tools/normalize.py phone_key and email_key).
PHONE_KEYS = {"phone": "customer_phone_key", "mobile": "customer_mobile_key"}
EMAIL_KEYS = {"email": "customer_email_key"}


class CustomerQualityMixin(models.AbstractModel):
    """The data-quality indicators of the customers (Tablero de clientes), on res.partner.

    Invalid phones and emails reuse the match keys customer_base keeps for the duplicate finder: a phone
    written but without a key is not a valid number, an email written but without a key is not a valid
    address. The keys are for administrators only, so these searches read them in SQL, restricted to the
    contact fields the user may read (a phone hidden from the user's role tells nothing).
    """

    _name = "customer.quality.mixin"
    _description = "Customer Data Quality"

    customer_phone_invalid = fields.Boolean(
        "Invalid Phone",
        compute="_compute_customer_quality_flags",
        search="_search_customer_phone_invalid",
        help="A phone or mobile is written but is not a valid number.",
    )
    customer_email_invalid = fields.Boolean(
        "Invalid Email",
        compute="_compute_customer_quality_flags",
        search="_search_customer_email_invalid",
        help="An email is written but is not a valid address.",
    )
    customer_duplicate_pending = fields.Boolean(
        "Possible Duplicate",
        compute="_compute_customer_quality_flags",
        search="_search_customer_duplicate_pending",
        help="In a group of possible duplicates nobody has merged or dismissed yet.",
    )

    def _compute_customer_quality_flags(self):
        # the searches are the one definition of each flag
        real = self.filtered("id")
        flags = ("customer_phone_invalid", "customer_email_invalid", "customer_duplicate_pending")
        found = {
            fname: set(
                real.with_context(active_test=False).search([("id", "in", real.ids), (fname, "=", True)]).ids
            )
            if real
            else set()
            for fname in flags
        }
        for partner in self:
            for fname in flags:
                partner[fname] = partner.id in found[fname]

    # =============================================================================================
    # Searches
    # =============================================================================================
    @api.model
    def _customer_quality_positive(self, operator, value):
        """Whether a search on a flag asks for the partners having it."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search data-quality flags with = or != and true or false."))
        return (operator == "=") == value

    @api.model
    def _customer_quality_key_domain(self, keys, positive):
        """Partners with a value written in one of ``keys``' fields the user may read, but no key for it."""
        readable = [fname for fname in keys if self._fields[fname].is_accessible(self.env)]
        if not readable:
            # nothing the user may read is invalid
            return expression.FALSE_DOMAIN if positive else expression.TRUE_DOMAIN
        self.flush_model([*readable, *(keys[fname] for fname in readable)])
        condition = SQL(" OR ").join(
            SQL(
                "(btrim(%s) <> '' AND %s IS NULL)",
                SQL.identifier("res_partner", fname),
                SQL.identifier("res_partner", keys[fname]),
            )
            for fname in readable
        )
        return [
            ("id", "in" if positive else "not in", SQL("(SELECT id FROM res_partner WHERE %s)", condition))
        ]

    @api.model
    def _search_customer_phone_invalid(self, operator, value):
        return self._customer_quality_key_domain(PHONE_KEYS, self._customer_quality_positive(operator, value))

    @api.model
    def _search_customer_email_invalid(self, operator, value):
        return self._customer_quality_key_domain(EMAIL_KEYS, self._customer_quality_positive(operator, value))

    @api.model
    def _search_customer_duplicate_pending(self, operator, value):
        positive = self._customer_quality_positive(operator, value)
        Group = self.env["customer.duplicate.group"]
        if not Group.has_access("read"):
            return expression.FALSE_DOMAIN if positive else expression.TRUE_DOMAIN
        # the groups the user may read (their rule: every member readable)
        Group.flush_model(["member_ids"])
        groups = Group._search([("state", "=", "pending")])
        members = SQL(
            "(SELECT partner_id FROM customer_duplicate_group_partner_rel WHERE group_id IN %s)",
            groups.subselect(),
        )
        return [("id", "in" if positive else "not in", members)]

    # =============================================================================================
    # Indicators
    # =============================================================================================
    @api.model
    def _customer_quality_low_completeness(self):
        """Below this completeness (%) a customer's profile counts as incomplete (system parameter)."""
        value = self.env["ir.config_parameter"].sudo().get_param(COMPLETENESS_LOW_PARAM, "50")
        try:
            return int(value)
        except ValueError:
            return 50

    @api.model
    def _customer_quality_domains(self):
        """``{code: domain}`` of the customers behind each data-quality indicator the user may see (codes of
        customer.quality.kpi), each to be AND-ed with the customers' domain. An indicator without a domain
        here is not offered (expired consents without customer_consent). You can override this method; a
        new indicator also needs its customer.quality.kpi record."""
        domains = {
            "completeness_average": [],
            "completeness_low": [("customer_completeness", "<", self._customer_quality_low_completeness())],
            "phone_invalid": [("customer_phone_invalid", "=", True)],
            "email_invalid": [("customer_email_invalid", "=", True)],
        }
        if self.env["customer.duplicate.group"].has_access("read"):
            domains["duplicate_pending"] = [("customer_duplicate_pending", "=", True)]
        expired = self._customer_consent_expired_domain()
        if expired is not None:
            domains["consent_expired"] = expired
        return domains
