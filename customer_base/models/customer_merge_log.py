# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import merge_sql
from ..tools.server_scope import ignoring_duplicates_of

_logger = logging.getLogger(__name__)

PARTNER_TABLE = "res_partner"
MANAGER_GROUP = "customer_base.group_customer_manager"


def _jsonable(record, fname):
    """The value of ``record[fname]`` as the ORM writes it, in a form JSON keeps."""
    field = record._fields[fname]
    value = record[fname]
    if field.type == "many2one":
        return value.id or False
    if field.type == "date":
        return fields.Date.to_string(value) if value else False
    if field.type == "datetime":
        return fields.Datetime.to_string(value) if value else False
    return value


class CustomerMergeLog(models.Model):
    """A customer merge as it happened: who, when, the values before, and every database row it
    touched, so that "Undo merge" can put everything back."""

    _name = "customer.merge.log"
    _description = "Customer Merge"
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    dst_partner_id = fields.Many2one(
        "res.partner",
        string="Kept Customer",
        readonly=True,
        index=True,
        ondelete="set null",
        context={"active_test": False},
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_merge_log_res_partner_rel",
        "log_id",
        "partner_id",
        string="Merged Customers",
        readonly=True,
        context={"active_test": False},
    )
    company_id = fields.Many2one(
        "res.company",
        string="Branch",
        compute="_compute_company_id",
        store=True,
        index=True,
        help="The branch of the merged customers (the first private one): the log follows their visibility.",
    )
    user_id = fields.Many2one(
        "res.users", string="Merged By", readonly=True, default=lambda self: self.env.user
    )
    date = fields.Datetime("Merged On", readonly=True, default=fields.Datetime.now)
    state = fields.Selection(
        [("done", "Merged"), ("undone", "Undone")],
        string="Status",
        readonly=True,
        required=True,
        default="done",
    )
    undo_user_id = fields.Many2one("res.users", string="Undone By", readonly=True)
    undo_date = fields.Datetime("Undone On", readonly=True)
    # The undo data holds every value, also those of fields the field policy hides from the user: only the
    # server reads it (groups "." is nobody); users see values_summary, filtered by what they may read.
    snapshot = fields.Json(
        readonly=True,
        groups=".",
        help="Values of the kept customer and of the merged customers before the merge.",
    )
    values_written = fields.Json(
        readonly=True, groups=".", help="Values the merge wrote on the kept customer."
    )
    steps = fields.Json(readonly=True, groups=".", help="Tables and columns the merge moved, in order.")
    values_summary = fields.Text(
        "Values Taken",
        compute="_compute_values_summary",
        help="The fields the merge changed on the kept customer, before and after (those you may read).",
    )
    line_ids = fields.One2many("customer.merge.log.line", "log_id", string="Rows Touched", readonly=True)
    line_count = fields.Integer("Number of Rows Touched", compute="_compute_summary")
    summary = fields.Text(compute="_compute_summary")

    @api.depends("dst_partner_id", "partner_ids")
    def _compute_company_id(self):
        for log in self:
            members = (log.dst_partner_id | log.partner_ids).sudo().with_context(active_test=False)
            log.company_id = members.company_id[:1]

    @api.depends("dst_partner_id", "partner_ids")
    def _compute_name(self):
        for log in self:
            log.name = self.env._(
                "%(count)s merged into %(customer)s",
                count=len(log.partner_ids),
                customer=log.dst_partner_id.display_name or "?",
            )

    @api.depends_context("uid")
    def _compute_values_summary(self):
        Partner = self.env(su=False)["res.partner"]
        readable = Partner.fields_get(attributes=["string", "type", "selection"])
        for log in self:
            before = (log.sudo().snapshot or {}).get("destination", {})
            lines = []
            for fname, value in (log.sudo().values_written or {}).items():
                if fname not in readable:
                    continue  # hidden from this user: not even its name
                description = readable[fname]
                lines.append(
                    f"{description['string']}: {log._customer_show_value(fname, description, before.get(fname))}"
                    f" → {log._customer_show_value(fname, description, value)}"
                )
            log.values_summary = "\n".join(lines)

    def _customer_show_value(self, fname, description, value):
        """A stored snapshot value of field ``fname`` as the user reads it (``description`` from fields_get)."""
        if value in (False, None, ""):
            return "—"
        if description["type"] == "many2one":
            record = self.env[self.env["res.partner"]._fields[fname].comodel_name].browse(value)
            return record.display_name if record._filtered_access("read") else f"#{value}"
        if description["type"] == "selection":
            return dict(description.get("selection") or ()).get(value, value)
        return str(value)

    def _compute_summary(self):
        kinds = dict(self.env["customer.merge.log.line"]._fields["kind"]._description_selection(self.env))
        groups = self.env["customer.merge.log.line"]._read_group(
            [("log_id", "in", self.ids)], ["log_id", "table_name", "kind"], ["__count"]
        )
        per_log = {}
        for log, table, kind, count in groups:
            per_log.setdefault(log.id, []).append((table, kind, count))
        for log in self:
            rows = sorted(per_log.get(log.id, []))
            log.line_count = sum(count for _t, _k, count in rows)
            log.summary = "\n".join(
                f"{table}: {kinds.get(kind, kind)} × {count}" for table, kind, count in rows
            )

    # =============================================================================================
    # Merge
    # =============================================================================================
    @api.model
    def _customer_merge(self, dst, sources, values=None):
        """Merge ``sources`` into ``dst``: move every reference, write ``values`` on ``dst``, archive
        ``sources`` and log it all, atomically. Checks the current user's rights first.

        :param dst: the res.partner kept
        :param sources: the res.partner merged into it (archived, never deleted)
        :param values: values to write on ``dst`` (the fields where the customers disagreed)
        :return: the customer.merge.log
        """
        # the records act as the current user, whatever environment they came from
        dst, sources = dst.with_env(self.env), (sources - dst).with_env(self.env)
        self._customer_merge_check(dst, sources)
        values = values or {}
        with self.env.cr.savepoint():
            # lock the customers; a merge that ran meanwhile (and that this one waited for) wins
            self.env.cr.execute(
                "SELECT id, customer_merged_into_id FROM res_partner WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                [(dst | sources).ids],
            )
            if any(merged_into for _id, merged_into in self.env.cr.fetchall()):
                raise UserError(
                    self.env._("Some of these customers were merged meanwhile; reload and try again.")
                )
            fnames = list(dict.fromkeys([*self._customer_snapshot_fields(), *values]))
            # sudo: the snapshot keeps every value, also those of fields the user may not read
            snapshot = {
                "destination": {fname: _jsonable(dst.sudo(), fname) for fname in fnames},
                "merged": {
                    str(p.id): {fname: _jsonable(p, fname) for fname in fnames} for p in sources.sudo()
                },
            }
            # sudo after the explicit checks above: the log is written by the merge, not by the user
            log = self.sudo().create(
                {
                    "dst_partner_id": dst.id,
                    "partner_ids": [fields.Command.set(sources.ids)],
                    "snapshot": snapshot,
                }
            )
            self.env.flush_all()
            steps = log._customer_move_references(dst, sources)
            log._customer_refresh_moved(steps)
            if values:
                # as the user: the field access policy applies; a value taken from a merged customer
                # (e.g. its tax id) must not be blocked by the duplicate rules as a match with itself
                with ignoring_duplicates_of(sources.ids):
                    dst.write(values)
            sources.write({"active": False, "customer_merged_into_id": dst.id})
            written = {fname: _jsonable(dst, fname) for fname in values}
            log.write({"steps": steps, "values_written": written})
            self.env.flush_all()
        _logger.info("User %s merged partners %s into %s (log %s)", self.env.uid, sources.ids, dst.id, log.id)
        return log.sudo(False)

    @api.model
    def _customer_merge_check(self, dst, sources):
        """Refuse a merge the current user may not do, or that would break the data."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only customer managers (Responsable) and above may merge customers.")
            )
        if not dst or not sources:
            raise UserError(self.env._("Select at least two customers to merge, and the one to keep."))
        partners = (dst | sources).with_context(active_test=False)
        # record rules, companies and branches of the current user apply to every member
        partners.check_access("write")
        merged = partners.filtered("customer_merged_into_id")
        if merged:
            raise UserError(
                self.env._(
                    "%(customers)s was already merged into another customer; undo that merge first.",
                    customers=", ".join(merged.mapped("display_name")),
                )
            )
        with_users = sources.with_context(active_test=False).sudo().filtered("user_ids")
        if with_users:
            raise UserError(
                self.env._(
                    "%(customers)s is the contact of a user: it cannot be merged into another customer. "
                    "Choose it as the customer to keep.",
                    customers=", ".join(with_users.mapped("display_name")),
                )
            )
        companies = self.env["res.company"].sudo().search([("partner_id", "in", sources.ids)])
        if companies:
            raise UserError(
                self.env._(
                    "%(customers)s is the contact of a company of this database and cannot be merged away.",
                    customers=", ".join(companies.partner_id.mapped("display_name")),
                )
            )
        for partner in partners.sudo():
            ancestor = partner.parent_id
            while ancestor:
                if ancestor in partners:
                    raise UserError(
                        self.env._(
                            "%(parent)s is the parent company of %(child)s: a contact cannot be merged "
                            "with its own company.",
                            parent=ancestor.display_name,
                            child=partner.display_name,
                        )
                    )
                ancestor = ancestor.parent_id

    @api.model
    def _customer_snapshot_fields(self):
        """Fields of res.partner kept in the snapshot: stored values a user can write.
        You can override this method."""
        Partner = self.env["res.partner"]
        return [
            fname
            for fname, field in Partner._fields.items()
            if field.store
            and field.column_type
            and fname not in models.MAGIC_COLUMNS
            and fname not in ("customer_merged_into_id", "commercial_partner_id")
            and field.type not in ("binary", "many2many", "one2many", "properties")
            and not (field.compute and field.readonly)
        ]

    @api.model
    def _customer_skip_tables(self):
        """Tables never touched by a merge: its own history and stale transient data.
        You can override this method."""
        tables = {
            "customer_merge_log",
            "customer_merge_log_line",
            "customer_merge_log_res_partner_rel",
            "ir_model_data",  # external ids stay on the archived partner, which still exists
        }
        for model in self.env.registry.values():
            if model._transient:
                tables.add(model._table)
                for field in model._fields.values():
                    if field.type == "many2many" and field.store:
                        tables.add(field.relation)
        return tables

    @api.model
    def _customer_skip_columns(self):
        """(table, column) pairs the merge leaves alone: recomputed, or history of earlier merges.
        You can override this method."""
        return {
            (PARTNER_TABLE, "commercial_partner_id"),  # recomputed from parent_id
            (PARTNER_TABLE, "customer_merged_into_id"),  # earlier merges keep pointing at their target
        }

    @api.model
    def _customer_combinable_tables(self):
        """Tables with an id whose rows, when two merged customers have the same one (same unique key),
        are the same link: the merge keeps one and drops the other, recording it for the undo.
        Rows of any other table in that situation stop the merge. You can override this method."""
        return {
            "mail_followers",
            "mail_notification",
            "mail_message_reaction",
            "discuss_channel_member",
            "res_users_settings_volumes",
            "customer_area_contact",
        }

    def _customer_columns_to_move(self, dst, sources):
        """Every column that references a partner: the foreign keys found in the catalog now, and the
        model/id pairs (many2one_reference) and reference fields of the registry. A list of dicts."""
        cr = self.env.cr
        skip_tables, skip_columns = self._customer_skip_tables(), self._customer_skip_columns()
        fields_by_column = {}
        for model in self.env.registry.values():
            if model._abstract or not model._auto:
                continue
            for field in model._fields.values():
                if field.type == "many2one" and field.store and field.comodel_name == "res.partner":
                    fields_by_column[(model._table, field.name)] = (model._name, field.name)
        columns = []
        fks = [
            (table, column, has_id)
            for table, column, has_id in merge_sql.foreign_keys_to(cr, PARTNER_TABLE)
            if table not in skip_tables and (table, column) not in skip_columns
        ]
        holding = merge_sql.tables_holding(cr, [(t, c) for t, c, _h in fks], sources.ids)
        for table, column, has_id in fks:
            if (table, column) in holding:
                model, fname = fields_by_column.get((table, column), (None, None))
                columns.append(
                    {"table": table, "column": column, "has_id": has_id, "model": model, "field": fname,
                     "old": sources.ids, "new": dst.id, "extra": []}
                )  # fmt: skip
        for model in self.env.registry.values():
            if model._abstract or model._transient or not model._auto or model._table in skip_tables:
                continue
            for field in model._fields.values():
                if not field.store or field.compute:
                    continue
                if field.type == "many2one_reference" and model._fields[field.model_field].store:
                    extra = [[field.model_field, "res.partner"]]
                    if model._name == "ir.attachment":
                        # attachments of binary fields (images) belong to their partner's field
                        extra.append(["res_field", None])
                    old, new = sources.ids, dst.id
                elif field.type == "reference":
                    extra = []
                    old, new = [f"res.partner,{pid}" for pid in sources.ids], f"res.partner,{dst.id}"
                else:
                    continue
                columns.append(
                    {"table": model._table, "column": field.name, "has_id": True, "model": model._name,
                     "field": field.name, "old": old, "new": new, "extra": extra}
                )  # fmt: skip
        return columns

    def _customer_move_references(self, dst, sources):
        """Move every reference from ``sources`` to ``dst``, one UPDATE per column for all sources,
        resolving unique-key collisions first. Returns the steps done, for the undo."""
        self.ensure_one()
        cr = self.env.cr
        columns = self._customer_columns_to_move(dst, sources)
        indexes = merge_sql.unique_indexes(cr, {c["table"] for c in columns})
        steps = []
        for sequence, col in enumerate(columns, start=1):
            table, column, has_id = col["table"], col["column"], col["has_id"]
            for _name, index_columns, predicate in indexes.get(table, ()):
                if column not in index_columns:
                    continue
                others = [name for name in index_columns if name != column]
                cr.execute(
                    merge_sql.conflicts_query(
                        table, column, has_id, others, predicate, col["old"], col["new"], col["extra"]
                    )
                )
                conflicts = cr.fetchall()
                if conflicts:
                    self._customer_resolve_conflicts(col, others, conflicts, sequence)
            cr.execute(
                merge_sql.move_query(
                    table,
                    column,
                    has_id,
                    col["old"],
                    col["new"],
                    self.id,
                    sequence,
                    self.env.uid,
                    col["extra"],
                )
            )
            if cr.rowcount or self._customer_step_has_lines(sequence):
                steps.append(
                    {"sequence": sequence, "table": table, "column": column, "has_id": has_id,
                     "model": col["model"], "field": col["field"]}
                )  # fmt: skip
        return steps

    @api.model
    def _customer_table_label(self, table, model_name=None):
        """What a user calls the records of ``table``: its model's name when known."""
        if model_name and model_name in self.env:
            return self.env["ir.model"]._get(model_name).name or table
        return table

    def _customer_step_has_lines(self, sequence):
        self.env.cr.execute(
            "SELECT 1 FROM customer_merge_log_line WHERE log_id = %s AND sequence = %s LIMIT 1",
            [self.id, sequence],
        )
        return bool(self.env.cr.fetchone())

    def _customer_resolve_conflicts(self, col, others, conflicts, sequence):
        """Rows that would collide on a unique key once moved: drop the duplicate of a link (recording
        it whole, and the rows that cascade with it, for the undo), or stop the merge.

        :param conflicts: list of (row key, key of the row kept)
        """
        cr = self.env.cr
        table, has_id = col["table"], col["has_id"]
        if has_id and table not in self._customer_combinable_tables():
            Model = self.env.get(col["model"]) if col["model"] else None
            raise UserError(
                self.env._(
                    "These customers cannot be merged: each has a record in “%(what)s” with the same "
                    "%(fields)s, which must stay unique. Change or remove one of them, then merge again.",
                    what=self._customer_table_label(table, col["model"]),
                    fields=", ".join(
                        Model._fields[name]._description_string(self.env)
                        if Model is not None and name in Model._fields
                        else name
                        for name in others
                    ),
                )
            )
        keys = [key for key, _keeper in conflicts]
        if table == "mail_followers":
            self._customer_combine_followers(conflicts, sequence)
        where = SQL("%s = ANY(%s)", merge_sql.row_key(table, has_id), keys)
        cr.execute(merge_sql.record_rows_query(table, has_id, where, self.id, sequence, self.env.uid))
        if has_id:
            for child, child_column, child_has_id in merge_sql.cascading_children(cr, table):
                child_where = SQL("%s = ANY(%s)", SQL.identifier(child, child_column), keys)
                cr.execute(
                    merge_sql.record_rows_query(
                        child, child_has_id, child_where, self.id, sequence, self.env.uid
                    )
                )
        cr.execute(merge_sql.delete_rows_query(table, has_id, keys))

    def _customer_combine_followers(self, conflicts, sequence):
        """Two followers of the same document become one: the kept follower gets the subtypes of the
        dropped one. The subtype links added are logged so the undo removes them."""
        field = self.env["mail.followers"]._fields["subtype_ids"]
        rel = SQL.identifier(field.relation)
        self.env.cr.execute(
            SQL(
                """
                WITH added AS (
                    INSERT INTO %(rel)s (%(c1)s, %(c2)s)
                    SELECT DISTINCT k.keeper, r.%(c2)s
                      FROM unnest(%(dups)s::int[], %(keepers)s::int[]) AS k(dup, keeper)
                      JOIN %(rel)s r ON r.%(c1)s = k.dup
                    ON CONFLICT DO NOTHING
                    RETURNING to_jsonb(%(rel)s.*) AS cbm_row
                )
                INSERT INTO customer_merge_log_line
                       (log_id, sequence, kind, table_name, row_data, create_uid, write_uid, create_date, write_date)
                SELECT %(log)s, %(seq)s, 'insert', %(table)s, cbm_row, %(uid)s, %(uid)s,
                       now() at time zone 'UTC', now() at time zone 'UTC'
                  FROM added
                """,
                rel=rel,
                c1=SQL.identifier(field.column1),
                c2=SQL.identifier(field.column2),
                dups=[int(dup) for dup, _keeper in conflicts],
                keepers=[int(keeper) for _dup, keeper in conflicts],
                log=self.id,
                seq=sequence,
                table=field.relation,
                uid=self.env.uid,
            )
        )

    def _customer_refresh_moved(self, steps):
        """The moves were done in SQL: drop the ORM cache and recompute what depends on the moved
        columns (commercial partner and complete name of moved contacts, counters...)."""
        self.env.invalidate_all()
        by_sequence = {step["sequence"]: step for step in steps if step["has_id"] and step["model"]}
        if not by_sequence:
            return
        self.env.cr.execute(
            """
            SELECT sequence, array_agg(row_id) FROM customer_merge_log_line
             WHERE log_id = %s AND kind = 'move' AND sequence = ANY(%s) AND row_id IS NOT NULL
          GROUP BY sequence
            """,
            [self.id, list(by_sequence)],
        )
        for sequence, row_ids in self.env.cr.fetchall():
            step = by_sequence[sequence]
            if step["model"] in self.env:
                self.env[step["model"]].browse(row_ids).modified([step["field"]])

    # =============================================================================================
    # Undo
    # =============================================================================================
    def action_undo(self):
        """Undo merge: un-archive the merged customers, restore the kept customer's values and move
        every recorded row back, if nothing newer depends on the merge."""
        for log in self:
            log._customer_undo()
        return True

    def _customer_undo_blockers(self):
        """Why this merge cannot be undone now (a list of sentences), or an empty list."""
        self.ensure_one()
        if self.state != "done":
            return [self.env._("This merge was already undone.")]
        dst = self.dst_partner_id.with_context(active_test=False)
        sources = self.partner_ids.with_context(active_test=False)
        undo_data = self.sudo()  # the undo data is read by the server only (rights checked by the caller)
        if not dst or len(sources) != len(undo_data.snapshot.get("merged", {})):
            return [self.env._("A customer of this merge was deleted since.")]
        members = dst | sources
        # an integrity check: every later merge counts, also one of a branch the user may not see
        later = self.sudo().search(
            [
                ("id", ">", self.id),
                ("state", "=", "done"),
                "|",
                ("dst_partner_id", "in", members.ids),
                ("partner_ids", "in", members.ids),
            ],
            limit=1,
        )
        if later and not later.with_env(self.env)._filtered_access("read"):
            # say that it exists, not what it holds
            return [
                self.env._(
                    "A later merge involves these customers, in a branch you do not have access to; "
                    "ask a manager of that branch to undo it first."
                )
            ]
        if later:
            return [
                self.env._(
                    "A later merge involves these customers (“%(merge)s”, on %(date)s); undo it first.",
                    merge=later.name,
                    date=fields.Datetime.to_string(later.date),
                )
            ]
        blockers = []
        moved_on = sources.filtered(lambda p: p.active or p.customer_merged_into_id != dst)
        if moved_on:
            blockers.append(
                self.env._(
                    "%(customers)s was restored or changed since the merge.",
                    customers=", ".join(moved_on.mapped("display_name")),
                )
            )
        changed = [
            dst._fields[fname]._description_string(self.env)
            for fname, value in (undo_data.values_written or {}).items()
            if fname in dst._fields and _jsonable(dst, fname) != value
        ]
        if changed:
            blockers.append(
                self.env._(
                    "These fields of %(customer)s were changed since the merge: %(fields)s.",
                    customer=dst.display_name,
                    fields=", ".join(changed),
                )
            )
        for step in undo_data.steps or ():
            columns = None if step["has_id"] else merge_sql.table_columns(self.env.cr, step["table"])
            self.env.cr.execute(
                merge_sql.stale_moves_query(step["table"], step["column"], columns, self.id, step["sequence"])
            )
            stale = self.env.cr.fetchone()[0]
            if stale:
                blockers.append(
                    self.env._(
                        "%(count)s records of “%(table)s” moved by the merge were changed or deleted since.",
                        count=stale,
                        table=self._customer_table_label(step["table"], step["model"]),
                    )
                )
        return blockers

    def _customer_undo(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only customer managers (Responsable) and above may undo a merge."))
        self.check_access("read")
        (self.dst_partner_id | self.partner_ids).with_context(active_test=False).check_access("write")
        self.env.flush_all()
        blockers = self._customer_undo_blockers()
        if blockers:
            raise UserError(
                self.env._("This merge cannot be undone:") + "\n" + "\n".join(f"• {b}" for b in blockers)
            )
        cr = self.env.cr
        dst = self.dst_partner_id.with_context(active_test=False).sudo()  # sudo: rights checked above
        sources = self.partner_ids.with_context(active_test=False).sudo()
        undo_data = self.sudo()  # read by the server only
        with cr.savepoint():
            cr.execute("SELECT state FROM customer_merge_log WHERE id = %s FOR UPDATE", [self.id])
            if cr.fetchone()[0] != "done":
                raise UserError(self.env._("This merge was already undone."))
            cr.execute(
                "SELECT id FROM res_partner WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [(dst | sources).ids]
            )
            for step in reversed(undo_data.steps or ()):
                self._customer_undo_step(step)
            self._customer_refresh_moved(undo_data.steps or [])
            before = undo_data.snapshot.get("destination", {})
            restore = {
                fname: before.get(fname, False)
                for fname in undo_data.values_written or {}
                if fname in dst._fields
            }
            if restore:
                dst.write(restore)
            sources.write({"active": True, "customer_merged_into_id": False})
            self.sudo().write(
                {"state": "undone", "undo_user_id": self.env.uid, "undo_date": fields.Datetime.now()}
            )
            self.env.flush_all()
        _logger.info("User %s undid the customer merge %s", self.env.uid, self.id)

    def _customer_undo_step(self, step):
        cr, sequence = self.env.cr, step["sequence"]
        sql_type = merge_sql.column_type(cr, step["table"], step["column"])
        columns = None if step["has_id"] else merge_sql.table_columns(cr, step["table"])
        cr.execute(
            merge_sql.revert_moves_query(step["table"], step["column"], columns, self.id, sequence, sql_type)
        )
        cr.execute(
            """
            SELECT table_name FROM customer_merge_log_line
             WHERE log_id = %s AND sequence = %s AND kind = 'delete'
          GROUP BY table_name ORDER BY min(id)
            """,
            [self.id, sequence],
        )
        for (table,) in cr.fetchall():
            try:
                with cr.savepoint(flush=False):
                    cr.execute(merge_sql.restore_rows_query(table, self.id, sequence))
            except psycopg2.IntegrityError as error:
                raise UserError(
                    self.env._(
                        "A record of “%(table)s” dropped by the merge cannot be restored: another one with "
                        "the same key exists now. Remove it, then undo again.",
                        table=table,
                    )
                ) from error
        cr.execute(
            "SELECT DISTINCT table_name FROM customer_merge_log_line "
            "WHERE log_id = %s AND sequence = %s AND kind = 'insert'",
            [self.id, sequence],
        )
        for (table,) in cr.fetchall():
            columns = merge_sql.table_columns(cr, table)
            cr.execute(merge_sql.remove_inserted_query(table, columns, self.id, sequence))
