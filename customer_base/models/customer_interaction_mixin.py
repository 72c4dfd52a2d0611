# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools.bulk_sql import add_column_with_default
from ..tools.completeness import completeness_score, completeness_score_sql, parse_completeness_spec

_logger = logging.getLogger(__name__)

# Key fields whose filling makes the completeness score, as stored in the system parameter
# ``customer_base.completeness_fields``: comma-separated entries, each one field name or several
# joined by "|" (filled when any of them is, e.g. "phone|mobile").
COMPLETENESS_PARAM = "customer_base.completeness_fields"
COMPLETENESS_DEFAULT = (
    "email,phone|mobile,street,city,country_id,vat,customer_type_id,customer_channel_id,customer_birthday"
)
# The list the stored scores were last computed with (set by the nightly review).
COMPLETENESS_APPLIED_PARAM = "customer_base.completeness_fields_applied"
REVIEW_MONTHS_PARAM = "customer_base.review_after_months"
REVIEW_MONTHS_DEFAULT = 6
# Who works with the interaction history (the Salesperson role and the roles above it).
INTERACTION_GROUP = "customer_base.group_customer_salesperson"


class CustomerInteractionMixin(models.AbstractModel):
    """Customer Interaction History on res.partner (res.partner inherits this mixin).

    The interactions of the customer (its "hoja de vida"), the counts of the form's smart buttons, the
    survey date, and the freshness of the customer's data: a completeness score and a nightly review.
    """

    _name = "customer.interaction.mixin"
    _description = "Customer Interaction History"

    # Fields that only make sense for a person: a company's score ignores them.
    _customer_completeness_person_fields = frozenset(
        {
            "customer_birthday",
            "customer_first_name",
            "customer_last_name",
            "customer_marital_status",
            "customer_children",
            "customer_profession_id",
        }
    )

    customer_interaction_ids = fields.One2many(
        "customer.interaction", "partner_id", string="Interactions", groups=INTERACTION_GROUP
    )
    customer_interaction_count = fields.Integer(
        "Interaction Count", compute="_compute_customer_interaction_counts", groups=INTERACTION_GROUP
    )
    customer_open_complaint_count = fields.Integer(
        "Open Complaint Count", compute="_compute_customer_interaction_counts", groups=INTERACTION_GROUP
    )
    customer_completeness = fields.Integer(
        "Data Completeness (%)",
        compute="_compute_customer_completeness",
        store=True,
        aggregator="avg",
        help="Share of the key fields filled in (Settings > Technical > System Parameters: "
        "customer_base.completeness_fields).",
    )

    def _auto_init(self):
        # The score's column is created here, before the ORM sees it missing: it would then compute it record
        # by record for every partner (4 minutes on 100,000 partners). It is filled by SQL once every column
        # it reads exists, without making every customer look updated now; at install, by the
        # post_init_hook with the other columns the install adds (hooks.py).
        table = self._table
        existing = not self._abstract and self._auto and tools.sql.table_exists(self.env.cr, table)
        created = existing and "customer_completeness" not in tools.sql.table_columns(self.env.cr, table)
        if created:
            field = self._fields["customer_completeness"]
            tools.sql.create_column(self.env.cr, table, field.name, field.column_type[1], field.string)
        if existing:
            self._customer_add_columns_with_defaults()
        result = super()._auto_init()
        if created and not self._customer_installing():
            self._customer_recompute_completeness()
        return result

    # Types of the new columns whose constant default is kept in the catalog instead of written to every row.
    _customer_fast_default_types = ("boolean", "char", "float", "integer", "monetary", "selection", "text")

    def _customer_add_columns_with_defaults(self):
        """Add the new plain columns of the model that have a default (e.g. the customer rating, 5) with
        PostgreSQL's constant default of a new column: the ORM would write the default into every existing
        row with one ``UPDATE`` (a full pass over the table and its indexes; minutes at 1M partners)."""
        columns = tools.sql.table_columns(self.env.cr, self._table)
        for field in self._fields.values():
            if (
                field.name in columns
                or not field.store
                or field.compute
                or not field.default
                or field.type not in self._customer_fast_default_types
                or getattr(field, "translate", False)
            ):
                continue
            # the value the ORM's _init_column would write (it calls the default the same way, at this time)
            value = field.convert_to_column_insert(field.convert_to_write(field.default(self), self), self)
            if value is None or value is False:
                continue
            add_column_with_default(
                self.env.cr, self._table, field.name, field.column_type[1], value, field.string
            )

    # =============================================================================================
    # Interactions
    # =============================================================================================
    def _compute_customer_interaction_counts(self):
        interactions = self.env["customer.interaction"]
        counts = dict(interactions._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        complaints = dict(
            interactions._read_group(
                [("partner_id", "in", self.ids), ("complaint_state", "in", ("open", "in_progress"))],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.customer_interaction_count = counts.get(partner, 0)
            partner.customer_open_complaint_count = complaints.get(partner, 0)

    def action_view_customer_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_base.customer_interaction_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_customer_open_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_base.customer_interaction_open_complaints_action"
        )
        action["domain"] = [("partner_id", "=", self.id), ("complaint_state", "in", ("open", "in_progress"))]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_log_customer_interaction(self):
        """A new interaction of this customer, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log an Interaction"),
            "res_model": "customer.interaction",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    # =============================================================================================
    # Completeness
    # =============================================================================================
    @api.model
    def _customer_completeness_text(self):
        """The configured list of key fields, as text. You can override this method."""
        return self.env["ir.config_parameter"].sudo().get_param(COMPLETENESS_PARAM) or COMPLETENESS_DEFAULT

    @api.model
    def _customer_completeness_spec(self):
        """The key fields, one tuple of alternative field names per entry, unknown names left out."""
        entries = []
        for names in parse_completeness_spec(self._customer_completeness_text()):
            known = tuple(name for name in names if name in self._fields)
            if known:
                entries.append(known)
        return entries

    @api.model
    def _customer_completeness_depends(self):
        """Dependencies of the score: the default key fields plus the configured ones (read from the
        database when the registry is set up; a changed list takes effect for new writes at the next
        registry load, and :meth:`_customer_recompute_completeness` recomputes every customer)."""
        names = {name for entry in parse_completeness_spec(COMPLETENESS_DEFAULT) for name in entry}
        cr = self.env.cr
        if tools.sql.table_exists(cr, "ir_config_parameter"):
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [COMPLETENESS_PARAM])
            row = cr.fetchone()
            if row:
                names.update(name for entry in parse_completeness_spec(row[0]) for name in entry)
        fields_ = self._fields
        names = {name for name in names if name in fields_ and fields_[name].store}
        return sorted(names | ({"is_company"} if names else set()))

    @api.model
    def _customer_completeness_entries(self, is_company):
        """The key field entries a partner's score counts: a company's leaves out the entries made only of
        fields of a person (:attr:`_customer_completeness_person_fields`)."""
        person_fields = self._customer_completeness_person_fields
        return [
            names
            for names in self._customer_completeness_spec()
            if not (is_company and all(name in person_fields for name in names))
        ]

    @api.depends(lambda self: self._customer_completeness_depends())
    def _compute_customer_completeness(self):
        entries = {kind: self._customer_completeness_entries(kind) for kind in (False, True)}
        for partner in self:
            counted = entries[bool(partner.is_company)]
            filled = sum(1 for names in counted if any(partner[name] for name in names))
            partner.customer_completeness = completeness_score(filled, len(counted))

    @api.model
    def _customer_filled_sql(self, fname, alias):
        """An SQL condition true when field ``fname`` of the partner row ``alias`` is filled, as the ORM
        sees it (``bool(partner[fname])``: an empty text, a zero and False are not), or None when the field
        has no column of its own (a many2many, a non-stored or translated field: the ORM then computes)."""
        field = self._fields[fname]
        column = SQL.identifier(alias, fname)
        if not field.store or not field.column_type or getattr(field, "translate", False):
            return None
        if field.type in ("char", "text", "html", "selection"):
            return SQL("COALESCE(%s, '') <> ''", column)
        if field.type in ("integer", "float", "monetary"):
            return SQL("COALESCE(%s, 0) <> 0", column)
        if field.type == "boolean":
            return SQL("COALESCE(%s, false)", column)
        if field.type in ("many2one", "date", "datetime"):
            return SQL("%s IS NOT NULL", column)
        return None

    @api.model
    def _customer_completeness_sql(self, alias="p"):
        """The score of the partner row ``alias`` as one SQL expression, generated from the entries of
        :meth:`_customer_completeness_entries` and scored by :func:`completeness_score_sql` (the SQL form of
        the compute); None when a key field cannot be read in SQL."""
        by_kind = {}
        for is_company in (False, True):
            conditions = []
            for names in self._customer_completeness_entries(is_company):
                filled = [self._customer_filled_sql(name, alias) for name in names]
                if None in filled:
                    return None
                conditions.append(SQL("(%s)", SQL(" OR ").join(filled)))
            by_kind[is_company] = completeness_score_sql(conditions)
        return SQL(
            "CASE WHEN COALESCE(%s, false) THEN %s ELSE %s END",
            SQL.identifier(alias, "is_company"),
            by_kind[True],
            by_kind[False],
        )

    @api.model
    def _customer_recompute_completeness(self, batch_size=50000):
        """Recompute the score of every customer (at install, when the key field list changed).

        One ``UPDATE`` per ``batch_size`` ids, from the SQL form of the score; only when a key field has no
        SQL form does the ORM compute them, batch by batch. The score is derived data: storing it must not
        make a customer look recently updated to the data review, so ``write_date`` is kept.

        :return: the number of partners whose score changed
        """
        cr = self.env.cr
        # only the fields read: at install, flushing the model would compute every new field by the ORM
        self.flush_model(self._customer_completeness_depends())
        score = self._customer_completeness_sql()
        if score is None:
            done = self._customer_recompute_completeness_orm()
        else:
            cr.execute("SELECT min(id), max(id) FROM res_partner")
            low, high = cr.fetchone()
            done = 0
            for start in range(low or 0, (high or -1) + 1, batch_size):
                cr.execute(
                    SQL(
                        """
                        UPDATE res_partner p SET customer_completeness = %(score)s
                         WHERE p.id >= %(start)s AND p.id < %(end)s
                           AND p.customer_completeness IS DISTINCT FROM %(score)s
                        """,
                        score=score,
                        start=start,
                        end=start + batch_size,
                    )
                )
                done += cr.rowcount
            _logger.info("Customer completeness: %s scores computed by SQL", done)
        self.invalidate_model(["customer_completeness"])
        self.env["ir.config_parameter"].sudo().set_param(
            COMPLETENESS_APPLIED_PARAM, self._customer_completeness_text()
        )
        return done

    @api.model
    def _customer_recompute_completeness_orm(self, batch_size=1000):
        """Recompute every score through the ORM, for key fields that cannot be read in SQL."""
        partners = self.sudo()
        self.env.cr.execute("SELECT id FROM res_partner ORDER BY id")
        ids = [row[0] for row in self.env.cr.fetchall()]
        for start in range(0, len(ids), batch_size):
            batch = partners.browse(ids[start : start + batch_size])
            by_score = {}
            for partner in batch:
                # compute without storing: a new record computes from the stored values
                new = partner.new(origin=partner)
                new._compute_customer_completeness()
                by_score.setdefault(new.customer_completeness, []).append(partner.id)
            for score, partner_ids in by_score.items():
                self.env.cr.execute(
                    "UPDATE res_partner SET customer_completeness = %s WHERE id = ANY(%s)",
                    [score, partner_ids],
                )
            batch.invalidate_recordset(["customer_completeness"])
        return len(ids)

    @api.model
    def _customer_sync_completeness(self):
        """Recompute every score when the key field list changed since they were computed."""
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(COMPLETENESS_APPLIED_PARAM) != self._customer_completeness_text():
            self._customer_recompute_completeness()

    # =============================================================================================
    # Data review: customers not updated for months get a "review data" activity
    # =============================================================================================
    @api.model
    def _customer_review_domain(self, cutoff, activity_type):
        """Customers whose data needs a review. You can override this method.

        :param cutoff: customers not written since this datetime are stale
        :param activity_type: the review activity type; customers with an open one are left out
        """
        return [
            ("write_date", "<", cutoff),
            ("is_customer", "=", True),
            ("user_id", "!=", False),  # no salesperson, no one to ask: left out
            "!",
            ("activity_ids", "any", [("activity_type_id", "=", activity_type.id)]),
        ]

    @api.model
    def _cron_review_stale_customers(self, batch_size=1000):
        """Schedule a "review data" activity for the salesperson of each customer not updated for N months
        (system parameter ``customer_base.review_after_months``, 0 switches it off), ``batch_size`` customers
        per run; the scheduler runs it again while some remain. Also applies a changed list of key fields
        to the completeness scores."""
        self._customer_sync_completeness()
        months = int(
            self.env["ir.config_parameter"].sudo().get_param(REVIEW_MONTHS_PARAM, REVIEW_MONTHS_DEFAULT) or 0
        )
        activity_type = self.env.ref("customer_base.mail_activity_type_review_data", raise_if_not_found=False)
        if months <= 0 or not activity_type:
            return 0
        cutoff = fields.Datetime.now() - relativedelta(months=months)
        domain = self._customer_review_domain(cutoff, activity_type)
        partners = self.search(domain, limit=batch_size, order="write_date, id")
        if partners:
            model_id = self.env["ir.model"]._get_id("res.partner")
            deadline = fields.Date.context_today(self) + relativedelta(
                **{activity_type.delay_unit: activity_type.delay_count}
            )
            note = self.env._(
                "This customer's data has not been updated for %(months)s months.", months=months
            )
            # no email per activity: the salesperson finds them in their activities
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": partner.user_id.id,
                        "summary": activity_type.summary or activity_type.name,
                        "note": note,
                        "date_deadline": deadline,
                    }
                    for partner in partners
                ]
            )
        remaining = self.search_count(domain) if len(partners) == batch_size else 0
        _logger.info("Data review: %s activities scheduled, %s customers remaining", len(partners), remaining)
        self.env["ir.cron"]._notify_progress(done=len(partners), remaining=remaining)
        return len(partners)
