# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer import on res.partner's ``load``: rows matched to existing customers by the stored match keys
(one query per batch), updates that only write what changed, and a row-by-row account for the preview and the
import log.

The import screen's options reach ``load`` through the context (``customer_import_options``); they only change
what the import does for the calling user — which customers it looks up, whether empty cells empty fields —
never a check: every row is still created or written as the user, through the field policy, the record rules
and the duplicate rules. The plan of a batch travels in the context as an :class:`ImportPlan` object, which no
client can send (RPC carries dicts and lists only)."""

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import import_match
from ..tools.import_match import CREATE, ERROR, SKIP, UNCHANGED, UPDATE
from ..tools.normalize import email_key, fold, phone_key, vat_key
from ..tools.server_scope import batching_work

OPTIONS_CONTEXT = "customer_import_options"
PLAN_CONTEXT = "customer_import_plan"
# The stored key column(s) each match key is looked up in (name_city: the name key, then the city compared).
MATCH_COLUMNS = {
    "email": ("customer_email_key",),
    "phone": ("customer_phone_key", "customer_mobile_key"),
    "vat": ("customer_vat_key",),
    "ref": ("ref",),
    "name_city": ("customer_name_key",),
}
# The stored match key of each contact field an update compares ("the same phone, written otherwise").
STORED_CONTACT_KEYS = {
    "email": "customer_email_key",
    "phone": "customer_phone_key",
    "mobile": "customer_mobile_key",
    "vat": "customer_vat_key",
}
# "Valid rows" mode imports again without the rows that failed; a failure found only then is dropped in
# turn, at most this many times (then the batch is reported as failed).
MAX_RETRIES = 3


class ImportRow:
    """What happens to one record of a batch (a row, with its continuation lines)."""

    __slots__ = (
        "action",
        "cells",
        "changed",
        "first",
        "last",
        "match_id",
        "messages",
        "partner_id",
        "values",
    )

    def __init__(self, first, last, values, cells):
        self.first, self.last = first, last  # indices of its rows in the batch
        self.values = values  # the raw cells by field name (for the keys)
        self.cells = cells  # the batch's rows of this record, as read (for the failed-rows file)
        self.action = CREATE
        self.match_id = None  # the customer the row matched (updated)
        self.partner_id = None  # the customer updated or created
        self.changed = []  # field names an update changes
        self.messages = []  # load's message dicts

    def fail(self, message, field=None, kind="error", **extra):
        self.messages.append({**extra, "type": kind, "message": message, "field": field or False})
        if kind == "error":
            self.action = ERROR


class ImportPlan:
    """The rows of one batch and what the import does with each. Built by ``load``; read by the base_import
    override for the answer to the import screen and the import log."""

    def __init__(self, options, rows):
        self.options = options
        self.rows = rows
        self.by_first = {row.first: row for row in rows}
        self.targets = {}  # partner id → its record, prefetched together
        self.related_ids = {}  # (model, field, cell) → what the name search of a relational cell found
        self.batch_errors = set()  # the errors of the rows loaded together, before load tried them alone

    def counts(self):
        counts = dict.fromkeys(import_match.ACTIONS, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def get_import_templates(self):
        """The customer template, offered by the import screen ("Import Template for Customers")."""
        return [
            {
                "label": self.env._("Customer import template (Excel)"),
                "template": "/customer_base/import_template",
            }
        ]

    # =============================================================================================
    # load
    # =============================================================================================
    @api.model
    def load(self, fields, data):
        options = import_match.parse_options(self.env.context.get(OPTIONS_CONTEXT))
        if options is None:
            return super().load(fields, data)
        plan = self._customer_import_plan(fields, data, options)
        result = self._customer_import_load(fields, data, plan)
        # the next batch starts after this one's last row, in the rows the caller passed (not those loaded)
        result["nextrow"] = plan.rows[-1].last + 1 if plan.rows and plan.rows[-1].last + 1 < len(data) else 0
        result["customer_import_plan"] = plan  # for execute_import (popped there; never sent to a client)
        return result

    def _customer_import_load(self, fields, data, plan):
        """Load the rows the plan creates or updates; in "valid rows" mode, load again without the rows
        that failed until none fails."""
        for _attempt in range(MAX_RETRIES + 1):
            rows = [row for row in plan.rows if row.action not in (ERROR, SKIP)]
            kept = [index for row in rows for index in range(row.first, row.last + 1)]
            for row in rows:
                row.action, row.partner_id = (UPDATE if row.match_id else CREATE), row.match_id
                row.changed = []
            this = self.with_context(**{PLAN_CONTEXT: plan, "_customer_kept": kept})
            if plan.options.valid_rows or not any(row.action == ERROR for row in plan.rows):
                result = super(ResPartner, this).load(fields, [data[index] for index in kept])
                if result["ids"] is False:
                    # load rolled its savepoint back, not the records' cache: the values its rows wrote
                    # would read as the customers' when the valid rows are loaded again
                    self.env.transaction.clear()
            else:
                # all or nothing, and a row already failed: load the others only to report their problems
                with self.env.cr.savepoint(flush=False) as savepoint:
                    result = super(ResPartner, this).load(fields, [data[index] for index in kept])
                    self.env.flush_all()
                    savepoint.rollback()
                self.env.invalidate_all()
            failed = self._customer_import_assign_messages(plan, kept, result["messages"])
            if not failed or not plan.options.valid_rows:
                break
        else:
            for row in plan.rows:
                if row.action != SKIP and row.action != ERROR:
                    row.fail(self.env._("Not imported: other rows of its batch kept failing."))
        if any(row.action == ERROR for row in plan.rows) and not plan.options.valid_rows:
            result["ids"] = False  # all or nothing: load rolled the batch back
        result["messages"] = self._customer_import_messages(plan) if not plan.options.valid_rows else []
        return result

    def _customer_import_assign_messages(self, plan, kept, messages):
        """Attach ``load``'s messages to the rows they are about; return the rows that failed.

        When the rows loaded together fail, ``load`` loads them one by one, reports what each did, and adds
        the error of the rows together as if it were the first row's: that one is left out (the row at
        fault has its own message, and the first row may well have passed)."""
        failed = []
        if len(messages) > 1 and messages[0].get("message") in plan.batch_errors:
            messages = messages[1:]
        for message in messages:
            rows = message.get("rows")
            if rows and "from" in rows and rows["from"] < len(kept):
                row = plan.by_first.get(kept[rows["from"]])
                targets = [row] if row else []
            else:
                targets = [row for row in plan.rows if row.action not in (ERROR, SKIP)]
            extra = {
                k: v for k, v in message.items() if k not in ("type", "message", "field", "rows", "record")
            }
            for row in targets:
                row.fail(message.get("message"), message.get("field"), message.get("type", "error"), **extra)
                if message.get("type", "error") == "error":
                    failed.append(row)
        return failed

    def _customer_import_messages(self, plan):
        """The rows' problems as ``load`` messages, row numbers those of the batch passed in."""
        messages = []
        for ordinal, row in enumerate(plan.rows):
            for message in row.messages:
                if message["type"] != "error":
                    continue  # warnings (possible duplicates) are for the log: any message stops the screen
                messages.append({**message, "rows": {"from": row.first, "to": row.last}, "record": ordinal})
        return messages

    # =============================================================================================
    # The plan: keys, one query per batch, resolution
    # =============================================================================================
    @api.model
    def _customer_import_plan(self, fields, data, options):
        """Build the :class:`ImportPlan` of a batch. You can override this method."""
        fields = [models.fix_import_export_id_paths(f) for f in fields]
        rows = []
        limit = self.env.context.get("_import_limit") or float("inf")
        for record, info in self._extract_records(fields, data, limit=limit):
            first, last = info["rows"]["from"], info["rows"]["to"]
            rows.append(ImportRow(first, last, self._customer_import_cells(record), data[first : last + 1]))
        plan = ImportPlan(options, rows)
        countries = self._customer_import_countries(rows)
        default_country = self.env.company.country_id.code or None
        for row in rows:
            row.values["_country_code"] = countries.get(row.values.get("country_id")) or default_country
        self._customer_import_check_contacts(rows)
        if options.match_key:
            own_id = any(path[0] in ("id", ".id") for path in fields)
            keys = [
                None
                if own_id and (row.values.get("id") or row.values.get(".id"))
                else import_match.row_match_keys(options.match_key, row.values, row.values["_country_code"])
                for row in rows
            ]
            wanted = {}
            for row_keys in keys:
                for kind, key in row_keys or ():
                    wanted.setdefault(kind, set()).add(key)
            found = {
                (kind, key): ids
                for kind, kind_keys in wanted.items()
                for key, ids in self._customer_import_find(kind, kind_keys).items()
            }
            for row, resolution in zip(
                rows, import_match.resolve(keys, found, options.only_update), strict=True
            ):
                if row.action == ERROR:
                    continue
                row.action, row.partner_id = resolution.action, resolution.partner_id
                row.match_id = resolution.partner_id
                if resolution.reason == import_match.AMBIGUOUS:
                    row.fail(
                        self.env._(
                            "Matches several customers (%(ids)s): merge them first, or import this row with "
                            "another key.",
                            ids=", ".join(f"#{pid}" for pid in resolution.other),
                        ),
                        field=import_match.MATCH_KEY_FIELDS[options.match_key][0],
                    )
                elif resolution.reason == import_match.SAME_AS_ROW:
                    earlier = rows[resolution.other[0]]
                    row.fail(
                        self.env._(
                            "Same customer as an earlier row of the file (batch row %(row)s): combine the two "
                            "rows into one.",
                            row=earlier.first + 1,
                        ),
                        field=import_match.MATCH_KEY_FIELDS[options.match_key][0],
                    )
            targets = self.browse([row.match_id for row in rows if row.match_id])
            plan.targets = {partner.id: partner for partner in targets}
        self._customer_import_alerts(rows)
        return plan

    @api.model
    def _customer_import_alerts(self, rows):
        """Warn, in the log, of rows to create that an alert rule on email, phone or tax id finds in the base:
        one query per key for the batch, among the customers the user may read, on keys whose fields the
        user may read (a warning must not reveal a hidden value). Blocking rules refuse rows at create."""
        specs = self.env["customer.duplicate.rule"]._customer_rule_specs()
        kinds = {spec.key for spec in specs if spec.action == "alert"} & {"email", "phone", "vat"}
        kinds &= self._customer_readable_kinds()
        todo = [row for row in rows if row.action == CREATE]
        if not kinds or not todo:
            return
        labels = {"email": self.env._("same email"), "phone": self.env._("same phone"),
                  "vat": self.env._("same tax ID")}  # fmt: skip
        for kind in sorted(kinds):
            row_keys = [import_match.row_keys(kind, row.values, row.values["_country_code"]) for row in todo]
            found = self._customer_import_find(kind, {key for keys in row_keys for key in keys})
            for row, keys in zip(todo, row_keys, strict=True):
                ids = sorted({pid for key in keys for pid in found.get(key, ())})
                if ids:
                    row.fail(
                        self.env._(
                            "Possible duplicate of %(customers)s (%(reason)s): created anyway.",
                            customers=", ".join(f"#{pid}" for pid in ids[:5]),
                            reason=labels[kind],
                        ),
                        field=import_match.MATCH_KEY_FIELDS[kind][0],
                        kind="warning",
                    )

    @api.model
    def _customer_import_cells(self, record):
        """A record of ``_extract_records`` as flat cells: relational sub-records as their first value."""
        cells = {}
        for fname, value in record.items():
            if isinstance(value, list):
                value = next((v for sub in value for v in sub.values() if v), "") if value else ""
            cells[fname] = value
        return cells

    @api.model
    def _customer_import_countries(self, rows):
        """``{cell: ISO code}`` for the country cells of the rows, by name (any installed language) or code."""
        wanted = {row.values.get("country_id") for row in rows} - {None, "", False}
        if not wanted:
            return {}
        by_name = {}
        Country = self.env["res.country"].sudo()
        langs = {"en_US", self.env.lang or "en_US"}
        for lang in langs:
            for country in Country.with_context(lang=lang).search_fetch([], ["name", "code"]):
                by_name[fold(country.name).strip()] = country.code
                by_name[country.code.lower()] = country.code
        for value in wanted:
            if isinstance(value, str) and value.startswith("base."):
                by_name.setdefault(fold(value).strip(), value[5:].upper())
        return {value: by_name.get(fold(str(value)).strip()) for value in wanted}

    @api.model
    def _customer_import_check_contacts(self, rows):
        """Refuse rows whose email or phones cannot be understood (the preview lists them before anything
        is written)."""
        for row in rows:
            email = (row.values.get("email") or "").strip()
            if email and not email_key(email):
                row.fail(self.env._("Invalid email address: %(value)s", value=email), field="email")
            for fname in ("phone", "mobile"):
                number = (row.values.get(fname) or "").strip()
                if number and not phone_key(number, row.values["_country_code"]):
                    row.fail(
                        self.env._("Phone number not understood: %(value)s", value=number),
                        field=fname,
                    )

    @api.model
    def _customer_import_find(self, match_key, keys):
        """``{key: {partner ids}}`` of the customers with those keys that the user may read: one query on
        the stored keys for the whole batch, then the record rules applied to the ids found.

        Archived partners, contacts of a company and addresses are not matched: an import updates customers.
        """
        if not keys:
            return {}
        keys = sorted(keys)
        if match_key == "name_city":
            names = sorted({key.rsplit("|", 1)[0] for key in keys})
            query = SQL(
                "SELECT id, customer_name_key, city FROM res_partner"
                " WHERE customer_name_key = ANY(%s) AND active AND parent_id IS NULL",
                names,
            )
        else:
            columns = MATCH_COLUMNS[match_key]
            condition = SQL(" OR ").join(SQL("%s = ANY(%s)", SQL.identifier(col), keys) for col in columns)
            query = SQL(
                "SELECT id, %s FROM res_partner WHERE (%s) AND active AND parent_id IS NULL",
                SQL(", ").join(SQL.identifier(col) for col in columns),
                condition,
            )
        if "is_customer" in self._fields:
            query = SQL("%s AND is_customer", query)
        customer = ["is_customer"] if "is_customer" in self._fields else []
        self.flush_model(
            ["active", "parent_id", "city", *customer, *{c for cols in MATCH_COLUMNS.values() for c in cols}]
        )
        self.env.cr.execute(query)
        rows = self.env.cr.fetchall()
        readable = set(self.search([("id", "in", [row[0] for row in rows])]).ids) if rows else set()
        wanted = set(keys)
        found = {}
        for partner_id, *values in rows:
            if partner_id not in readable:
                continue
            if match_key == "name_city":
                values = [f"{values[0]}|{fold(values[1] or '').strip()}"]
            for value in values:
                if value in wanted:
                    found.setdefault(value, set()).add(partner_id)
        return found

    # =============================================================================================
    # Conversion: ids of matched rows, empty cells, unchanged values
    # =============================================================================================
    @api.model
    def _convert_records(self, records, log=lambda a: None):
        plan = self.env.context.get(PLAN_CONTEXT)
        if not isinstance(plan, ImportPlan):
            yield from super()._convert_records(records, log=log)
            return
        kept = self.env.context["_customer_kept"]
        raw = {}

        def remember(source):
            for record, extras in source:
                raw["record"] = record
                yield record, extras

        for dbid, xid, converted, info in super()._convert_records(remember(records), log=log):
            row = plan.by_first.get(kept[info["rows"]["from"]])
            if row is not None:
                if not plan.options.clear_empty or not row.match_id:
                    for fname, value in raw["record"].items():
                        if not value and fname in converted and fname not in ("id", ".id"):
                            del converted[fname]
                if row.match_id and not dbid and not xid:
                    dbid = row.match_id
                    row.changed = self._customer_import_changes(plan.targets[row.match_id], converted)
                    for fname in set(converted) - set(row.changed):
                        del converted[fname]
                    if not converted:
                        row.action = UNCHANGED
                        info = dict(info, customer_unchanged=True)
            yield dbid, xid, converted, info

    @api.model
    def _customer_import_changes(self, partner, vals):
        """Names of the fields ``vals`` (converted for ``write``) changes on ``partner``. A field the user may
        not read counts as changed: the write then meets the access check it must meet."""
        changed = []
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None or field.type in ("one2many", "properties") or fname == "id":
                changed.append(fname)
                continue
            try:
                new = field.convert_to_cache(value, partner)
                old = field.convert_to_cache(partner[fname], partner)
            except (AccessError, ValueError, TypeError):
                changed.append(fname)
                continue
            if field.type in ("many2many",):
                new, old = set(new or ()), set(old or ())
            if (new or False) != (old or False) and not self._customer_import_same_contact(
                partner, fname, new, old
            ):
                changed.append(fname)
        return changed

    @api.model
    def _customer_import_same_contact(self, partner, fname, new, old):
        """Whether two spellings of an email, a phone or a tax id are the same (same match key): the
        customer's own spelling is then kept — "(310) 555-1234" in the file does not overwrite "+57 310 555
        1234", and a file exported and imported again changes nothing. The customer's key is its stored one
        (computed from the same value with the same country), else computed."""
        if not new or not old or fname not in STORED_CONTACT_KEYS:
            return False
        country = partner._customer_country_code()
        if fname == "email":
            key = email_key
        elif fname == "vat":
            key = lambda value: vat_key(value, country)  # noqa: E731
        else:
            key = lambda value: phone_key(value, country)  # noqa: E731
        new_key = key(new)
        if new_key is None:
            return False
        old_key = partner.sudo()[STORED_CONTACT_KEYS[fname]]  # the keys are for administrators only
        if not old_key:  # not keyed (a contact person's tax id) or not a valid value
            old_key = key(old)
        return new_key == old_key

    def _load_records(self, data_list, update=False, ignore_duplicates=False):
        plan = self.env.context.get(PLAN_CONTEXT)
        if not isinstance(plan, ImportPlan):
            return super()._load_records(data_list, update=update, ignore_duplicates=ignore_duplicates)
        kept = self.env.context["_customer_kept"]
        unchanged = [data for data in data_list if data["info"].get("customer_unchanged")]
        todo = [data for data in data_list if not data["info"].get("customer_unchanged")]
        updates = [data for data in todo if not data.get("xml_id") and data["values"].get("id")]
        try:
            with batching_work():
                if updates:
                    self._customer_import_write(updates)
                updated = {id(data) for data in updates}
                creates = [data for data in todo if id(data) not in updated]
                records = (
                    super()._load_records(creates, update=update, ignore_duplicates=ignore_duplicates)
                    if creates
                    else None
                )
        except Exception as error:
            if len(todo) > 1:  # load tries the rows one by one next; see _customer_import_assign_messages
                plan.batch_errors.add(str(error))
            raise
        ids = []
        for data in data_list:
            row = plan.by_first.get(kept[data["info"]["rows"]["from"]])
            if data["info"].get("customer_unchanged"):
                ids.append(data["values"]["id"])
            elif data.get("record"):
                ids.append(data["record"].id)
                if row is not None and row.action == CREATE:
                    row.partner_id = data["record"].id
        return self.browse(ids) if records is not None or updates or unchanged else self.browse()

    def _customer_import_write(self, data_list):
        """Write the updates of a batch: one ``write`` per set of rows writing the same values, where
        ``load`` writes every row on its own with nothing read ahead (the checks of ``write`` run on the
        set: access, field policy, duplicate rules). A write that fails fails the batch: ``load`` then loads
        its rows one by one, so that the refusal reaches its row."""
        self = self.with_context(install_mode=True)  # as Odoo's _load_records
        groups = {}
        for data in data_list:
            values = data["values"]
            record = self.browse(values["id"])
            data["record"] = record
            if any(self._fields[fname].type == "properties" for fname in values if fname in self._fields):
                record._load_records_write(values)  # Odoo's merge of property values, record by record
                continue
            key = repr(sorted((fname, value) for fname, value in values.items() if fname != "id"))
            groups.setdefault(key, (values, []))[1].append(values["id"])
        # the customers of the batch read together what write reads of each (users, children, parents)
        prefetch_ids = [data["values"]["id"] for data in data_list]
        for values, ids in groups.values():
            self.browse(ids).with_prefetch(prefetch_ids).write(
                {fname: value for fname, value in values.items() if fname != "id"}
            )
