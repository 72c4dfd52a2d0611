# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Who may decide by hand that a partner is, or is not, a customer.
OVERRIDE_GROUP = "customer_base.group_customer_manager"


class CustomerFlagMixin(models.AbstractModel):
    """Who is a customer: one stored, indexed flag every screen, count, report, segment and scan uses.

    A partner is a customer by default unless it is one of the instance's own companies, the partner of an
    internal user, or a child of another partner (its addresses and contact people: the customer is the
    commercial entity, as for Odoo's invoices and orders). Bridges add their own exclusions (Invoicing: a
    supplier that was never a customer). A Responsable may override the rule either way.

    The rule is written twice, once per record (:meth:`_customer_is_customer_auto`) and once as SQL for
    the install and bulk refreshes (:meth:`_customer_is_customer_auto_sql`); a test checks that both agree
    on every partner of the demo and on a generated matrix of partner kinds.
    """

    _name = "customer.flag.mixin"
    _description = "Customer Flag"

    is_customer = fields.Boolean(
        "Is a Customer",
        compute="_compute_is_customer",
        store=True,
        index=True,
        help="Shown in the Customers app, its reports, segments and duplicate scans. Set automatically "
        "(not the company's own partners, internal users, addresses, contact people of a company or "
        "suppliers only); a Responsable may override it.",
    )
    is_customer_override = fields.Selection(
        [("customer", "Always a customer"), ("not_customer", "Never a customer")],
        string="Customer Status",
        tracking=True,
        copy=False,
        help="Empty: decided automatically. A Responsable may force it either way.",
    )
    # the companies of the instance whose partner this is (a dependency of is_customer)
    customer_own_company_ids = fields.One2many("res.company", "partner_id", string="Own Companies")

    # =============================================================================================
    # The rule
    # =============================================================================================
    @api.model
    def _customer_is_customer_depends(self):
        """Fields the automatic rule reads. You can override this method (extend the list)."""
        return ["parent_id", "is_customer_override", "user_ids.share", "customer_own_company_ids"]

    def _customer_is_customer_auto(self):
        """Whether this partner is a customer when nobody decided by hand. You can override this method
        (and :meth:`_customer_is_customer_auto_sql` with it)."""
        self.ensure_one()
        # archived users count too (the compute passes its records with active_test off: one environment)
        partner = (
            self if self.env.context.get("active_test") is False else self.with_context(active_test=False)
        )
        users = partner.user_ids
        return not (self.parent_id or self.customer_own_company_ids or any(not u.share for u in users))

    @api.model
    def _customer_is_customer_auto_sql(self, alias):
        """The automatic rule as an SQL boolean over the res_partner row ``alias``. You can override
        this method: combine with ``super()`` using AND."""
        partner = SQL.identifier(alias)
        return SQL(
            """(%(p)s.parent_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = %(p)s.id)
                AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = %(p)s.id AND NOT u.share))""",
            p=partner,
        )

    @api.depends(lambda self: self._customer_is_customer_depends())
    def _compute_is_customer(self):
        for partner in self.with_context(active_test=False):
            override = partner.is_customer_override
            partner.is_customer = override == "customer" if override else partner._customer_is_customer_auto()

    @api.model
    def _customer_is_customer_sql(self, alias):
        """The whole flag (override, else rule) as SQL."""
        partner = SQL.identifier(alias)
        return SQL(
            "CASE WHEN %(p)s.is_customer_override IS NOT NULL THEN %(p)s.is_customer_override = 'customer'"
            " ELSE %(auto)s END",
            p=partner,
            auto=self._customer_is_customer_auto_sql(alias),
        )

    @api.model
    def _customer_refresh_is_customer(self, where=None):
        """Set the flag of every partner (or those matching the SQL ``where`` over alias ``p``) in one
        statement; used at install and by bridges whose rule changes. Returns how many rows changed."""
        flag = self._customer_is_customer_sql("p")
        query = SQL(
            "UPDATE res_partner p SET is_customer = %(flag)s"
            " WHERE is_customer IS DISTINCT FROM %(flag)s %(where)s",
            flag=flag,
            where=SQL("AND (%s)", where) if where else SQL(),
        )
        self.env.cr.execute(query)
        changed = self.env.cr.rowcount
        self.invalidate_model(["is_customer"])
        return changed

    # =============================================================================================
    # Install: the column is created and filled in SQL before the ORM sees it missing (it would
    # otherwise compute it record by record for every existing partner)
    # =============================================================================================
    def _auto_init(self):
        cr = self.env.cr
        fill = (
            self._auto
            and tools.sql.table_exists(cr, self._table)
            and "is_customer" not in tools.sql.table_columns(cr, self._table)
        )
        if fill:
            tools.sql.create_column(cr, self._table, "is_customer", "boolean", "Is a Customer")
            columns = tools.sql.table_columns(cr, self._table)
            if "is_customer_override" not in columns:
                tools.sql.create_column(cr, self._table, "is_customer_override", "varchar", "Customer Status")
        result = super()._auto_init()
        if fill and not self._customer_installing():  # at install, the post_init_hook fills it (hooks.py)
            changed = self._customer_refresh_is_customer()
            _logger.info("customer flag: %s existing partners marked as customers", changed)
        return result

    def init(self):
        result = super().init()
        if not self._abstract and not self._customer_installing():
            # rows inserted by SQL since (imports behind the ORM, other modules' hooks)
            self._customer_refresh_is_customer(where=SQL("p.is_customer IS NULL"))
        return result

    # =============================================================================================
    # Access: only a Responsable decides by hand
    # =============================================================================================
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("is_customer_override") for vals in vals_list):
            self._customer_check_override_access()
        return super().create(vals_list)

    def write(self, vals):
        if "is_customer_override" in vals and any(
            partner.is_customer_override != (vals["is_customer_override"] or False) for partner in self
        ):
            self._customer_check_override_access()
        if "active" in vals and not self.env.su:
            self._customer_check_archive_access(bool(vals["active"]))
        return super().write(vals)

    def _customer_check_archive_access(self, active):
        """Archiving a customer hides it from everyone, like deleting it: a Responsable's decision (Odoo's
        own convention for contacts is that whoever may write may archive). Addresses and contact people
        are archived by whoever edits the customer."""
        changing = self.filtered(lambda partner: partner.is_customer and partner.active != active)
        if changing and not self.env.user.has_group(OVERRIDE_GROUP):
            raise AccessError(
                self.env._(
                    "Only a Responsable may archive or restore a customer (%(customers)s).",
                    customers=", ".join(changing[:5].mapped("display_name")),
                )
            )

    @api.model
    def _customer_check_override_access(self):
        if not self.env.su and not self.env.user.has_group(OVERRIDE_GROUP):
            raise AccessError(
                self.env._(
                    "Only a Responsable may decide by hand whether a contact is a customer "
                    "(field “Customer Status”)."
                )
            )

    @api.model
    def _customer_domain(self):
        """The domain of the suite's customers. You can override this method."""
        return [("is_customer", "=", True)]

    @api.model
    def _customer_consent_domain(self, channel, purpose_code=None):
        """Partners who may receive marketing on ``channel`` ("email", "sms", "whatsapp", "phone",
        "post") for the purpose ``purpose_code``. Without a consent addon, everyone. customer_consent
        overrides this method; campaign lists and segments AND it into their domain."""
        return []

    @api.model
    def _customer_consent_expired_domain(self):
        """Partners with an expired consent (a current consent past its expiry date), for the data-quality
        indicators. Without a consent addon there are no consents to expire: ``None``, and the indicator is
        not offered. customer_consent overrides this method."""
        return None
