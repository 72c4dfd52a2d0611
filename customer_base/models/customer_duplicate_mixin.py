# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Duplicate detection on res.partner: stored match keys, the duplicate rules applied to them, the form banner
and the refusal of blocked duplicates."""

import logging
import time
from typing import NamedTuple

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import scoring
from ..tools.normalize import (
    email_key,
    fold,
    name_core_key,
    name_key,
    person_key,
    phone_key,
    similarity,
    street_key,
    vat_key,
)
from ..tools.scoring import partial_name_variants
from ..tools.server_scope import duplicates_ignored

_logger = logging.getLogger(__name__)

# Bump when the normalisation changes, so that the next update of the module recomputes every key.
KEYS_VERSION = "1"
KEYS_VERSION_PARAM = "customer_base.duplicate_keys_version"
KEY_FIELDS = (
    "customer_name_key",
    "customer_name_core_key",
    "customer_phone_key",
    "customer_mobile_key",
    "customer_email_key",
    "customer_vat_key",
)
# Partner fields the keys and the duplicate rules read: a change of any of them may change the duplicates.
DUPLICATE_INPUTS = (
    "name",
    "is_company",
    "customer_first_name",
    "customer_last_name",
    "phone",
    "mobile",
    "email",
    "vat",
    "country_id",
    "company_id",
    "city",
    "street",
    "zip",
    "customer_birthday",
    "parent_id",
    "type",
)
_ALL_KINDS = frozenset({"name", "email", "phone", "vat"})
# The rules a changed field may newly satisfy. A write is only refused for a match it creates: a partner that
# already duplicates another (created before the rule, or by superuser code) stays editable.
INPUT_KINDS = {
    "name": {"name"},
    "is_company": {"name"},
    "customer_first_name": {"name"},
    "customer_last_name": {"name"},
    "city": {"name"},
    # evidence for or against a name match (tools.scoring)
    "street": {"name"},
    "zip": {"name"},
    "customer_birthday": {"name"},
    "email": {"email"},
    "phone": {"phone"},
    "mobile": {"phone"},
    "vat": {"vat"},
    "country_id": {"name", "phone", "vat"},
    "company_id": _ALL_KINDS,
    "parent_id": _ALL_KINDS,
    "type": _ALL_KINDS,
}
BANNER_LIMIT = 20
# The partner fields each rule key compares: a user who may not read one of them is not told about matches
# on it (a match would tell what the hidden field holds).
KIND_FIELDS = {"name": ("name",), "email": ("email",), "phone": ("phone", "mobile"), "vat": ("vat",)}
# The match keys of each rule key.
# The other fields the score weighs (tools.scoring), with the partner fields they read: a user who may not
# read one is scored as if the value were unknown.
EVIDENCE_FIELDS = {
    "street": ("street",),
    "zip": ("zip",),
    "city": ("city",),
    "birthday": ("customer_birthday",),
}
KIND_KEYS = {
    "name": ("customer_name_key", "customer_name_core_key"),
    "email": ("customer_email_key",),
    "phone": ("customer_phone_key", "customer_mobile_key"),
    "vat": ("customer_vat_key",),
}
TRIGRAM_INDEX = "res_partner_customer_name_key_trgm_idx"
# GiST serves the nearest-neighbour probe (ORDER BY <-> LIMIT): at 1M partners it stops after the best matches
# where the GIN bitmap must recheck every name above the threshold (typo bench: p50 20 ms against 80 ms).
TRIGRAM_KNN_INDEX = "res_partner_customer_name_key_trgm_knn_idx"
# The distinct name keys, kept by triggers on res_partner: the probe for a similar name looks among them
# (a name is shared by many customers) before it fetches the customers with the nearest names by btree.
NAME_KEYS_TABLE = "customer_duplicate_name_key"
NAME_KEYS_FUNCTION = "customer_duplicate_name_key_add"
NAME_KEYS_TRIGGERS = ("customer_duplicate_name_key_on_insert", "customer_duplicate_name_key_on_update")
FILL_BATCH = 20000
# A partner whose email and phones cannot contradict another's (tools.evidence.contact_conflict): a company,
# or a person missing an email or every phone. The scan looks up equal names among these through partial
# indexes: a person with both is only a name duplicate of such a partner, or of one sharing a contact
# (which the email and phone passes find).
INCOMPLETE_CONTACT = (
    "(COALESCE({p}is_company, FALSE) OR {p}customer_email_key IS NULL"
    " OR ({p}customer_phone_key IS NULL AND {p}customer_mobile_key IS NULL))"
)
INCOMPLETE_INDEXES = {
    "customer_name_key": "res_partner_customer_name_key_incomplete_idx",
    "customer_name_core_key": "res_partner_customer_name_core_key_incomplete_idx",
}
# Similarity given to names equal once the legal form and a trailing country are dropped ("IBM Colombia").
CORE_NAME_SIMILARITY = scoring.CORE_NAME_SIMILARITY
# The columns of a candidate the probes read, in this order (see CandidateRow).
PROBE_COLUMNS = (
    "company_id",
    "country_id",
    "city",
    "customer_name_key",
    "customer_name_core_key",
    "is_company",
    "customer_email_key",
    "customer_phone_key",
    "customer_mobile_key",
    "customer_vat_key",
    "street",
    "zip",
    "customer_birthday",
)


class CandidateRow(NamedTuple):
    """A candidate partner as the probes read it (``id`` then :data:`PROBE_COLUMNS`)."""

    id: int
    company_id: int | None
    country_id: int | None
    city: str | None
    name_key: str | None
    core_key: str | None
    is_company: bool | None
    email_key: str | None
    phone_key: str | None
    mobile_key: str | None
    vat_key: str | None
    street: str | None
    zip: str | None
    birthday: object

    def record(self):
        """The :class:`~odoo.addons.customer_base.tools.scoring.Record` the score compares."""
        return scoring.Record(
            is_company=bool(self.is_company),
            name_key=self.name_key,
            core_key=self.core_key,
            email=self.email_key,
            phones=frozenset(phone for phone in (self.phone_key, self.mobile_key) if phone),
            vat=self.vat_key,
            street=street_key(self.street),
            zip=zip_key(self.zip),
            city=fold(self.city or "").strip() or None,
            birthday=self.birthday or None,
            company_id=self.company_id or None,
            country_id=self.country_id or None,
        )


def zip_key(zip_code):
    """A zip code without spaces or case, ``None`` when empty."""
    return "".join(fold(zip_code or "").split()) or None


class CustomerDuplicateError(UserError):
    """Saving a customer is refused by a blocking duplicate rule (a UserError: imports report it per row)."""


class CustomerDuplicateMixin(models.AbstractModel):
    """Customer Duplicate Detection on res.partner (res.partner inherits this mixin)."""

    _name = "customer.duplicate.mixin"
    _description = "Customer Duplicate Detection"

    # --- Match keys: stored, indexed, computed from the partner's own values ------------------------
    # Readable by administrators only: a key would reveal a field the field policy hides.
    customer_name_key = fields.Char(
        "Name Match Key",
        compute="_compute_customer_duplicate_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        groups="base.group_system",
    )
    customer_name_core_key = fields.Char(
        "Name Core Match Key",
        compute="_compute_customer_duplicate_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        groups="base.group_system",
    )
    customer_phone_key = fields.Char(
        "Phone Match Key",
        compute="_compute_customer_duplicate_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        groups="base.group_system",
    )
    customer_mobile_key = fields.Char(
        "Mobile Match Key",
        compute="_compute_customer_duplicate_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        groups="base.group_system",
    )
    customer_email_key = fields.Char(
        "Email Match Key",
        compute="_compute_customer_duplicate_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        groups="base.group_system",
    )
    customer_vat_key = fields.Char(
        "Tax ID Match Key",
        compute="_compute_customer_duplicate_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        groups="base.group_system",
    )

    # Pairs a user dismissed as not duplicates, never proposed again by a scan; each pair once, the smaller id
    # in partner_a (written by customer.duplicate.group.action_dismiss). A relation table, so that it is
    # dropped with the module and follows deleted partners.
    customer_not_duplicate_ids = fields.Many2many(
        "res.partner",
        "customer_duplicate_dismissed_pair",
        "partner_a",
        "partner_b",
        string="Dismissed Duplicates",
        copy=False,
        groups="base.group_system",
        help="Customers dismissed as not duplicates of this one.",
    )

    # --- The form banner ------------------------------------------------------------------------------
    customer_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_customer_duplicate_ids",
        help="Customers the duplicate rules report as possibly the same as this one.",
    )
    customer_duplicate_count = fields.Integer(
        "Possible Duplicates Count", compute="_compute_customer_duplicate_ids"
    )

    # =============================================================================================
    # Keys
    # =============================================================================================
    @api.model
    def _customer_match_keys(self, name, is_company, first_name, last_name, phone, mobile, email, vat, country_code,
                             commercial=True):  # fmt: skip
        """The match keys of one partner's values. You can override this method.

        :param str country_code: ISO code of the partner's country, else of its company's, for phones and
          tax ids written without country prefix
        :param bool commercial: whether the partner is a commercial entity (a company or a partner without
          parent); contacts and addresses carry their company's tax id and get no tax id key
        :return: a dict of the ``KEY_FIELDS`` values (``None`` where there is nothing to match)
        """
        if not is_company and (first_name or last_name):
            key = person_key(first_name, last_name)
        else:
            key = name_key(name, is_company=bool(is_company))
        return {
            "customer_name_key": key,
            "customer_name_core_key": name_core_key(name),
            "customer_phone_key": phone_key(phone, country_code),
            "customer_mobile_key": phone_key(mobile, country_code),
            "customer_email_key": email_key(email),
            "customer_vat_key": vat_key(vat, country_code) if commercial else None,
        }

    def _customer_country_code(self):
        """Country of the partner for its phones and tax id: its own, else its company's."""
        return (self.country_id or self.company_id.partner_id.country_id).code or None

    @api.depends(
        "name",
        "is_company",
        "customer_first_name",
        "customer_last_name",
        "phone",
        "mobile",
        "email",
        "vat",
        "parent_id",
        "country_id.code",
        "company_id.partner_id.country_id.code",
    )
    def _compute_customer_duplicate_keys(self):
        for partner in self:
            partner.update(
                self._customer_match_keys(
                    partner.name,
                    partner.is_company,
                    partner.customer_first_name,
                    partner.customer_last_name,
                    partner.phone,
                    partner.mobile,
                    partner.email,
                    partner.vat,
                    partner._customer_country_code(),
                    commercial=partner.is_company or not partner.parent_id,
                )
            )

    def _auto_init(self):
        # The key columns are created here, before the ORM sees them missing: it would then recompute them
        # record by record for every partner. init() (at install, the post_init_hook) fills them in batches.
        if self._auto and tools.sql.table_exists(self.env.cr, self._table):
            columns = tools.sql.table_columns(self.env.cr, self._table)
            for fname in KEY_FIELDS:
                if fname not in columns:
                    tools.sql.create_column(
                        self.env.cr, self._table, fname, "VARCHAR", self._fields[fname].string
                    )
        return super()._auto_init()

    def init(self):
        super().init()
        if self._abstract:
            return
        params = self.env["ir.config_parameter"].sudo()
        # A new or changed normalisation recomputes every key; otherwise only partners never keyed (rows
        # inserted by SQL) are filled.
        same_version = params.get_param(KEYS_VERSION_PARAM) == KEYS_VERSION
        # At install, the post_init_hook fills the keys of the existing partners with the other columns the
        # install adds, then builds the trigram indexes (hooks.py): every update of a partner maintains them.
        installing = self._customer_installing()
        if not installing:
            self._customer_fill_duplicate_keys(only_missing=same_version)
        params.set_param(KEYS_VERSION_PARAM, KEYS_VERSION)
        self._customer_create_name_keys(refill=not same_version)
        if not installing:
            self._customer_create_trigram_index()

    @api.model
    def _customer_installing(self):
        """Whether customer_base is being installed (its post_init_hook is still to run)."""
        self.env.cr.execute("SELECT state FROM ir_module_module WHERE name = 'customer_base'")
        row = self.env.cr.fetchone()
        return bool(row) and row[0] == "to install"

    @api.model
    def _customer_create_trigram_index(self):
        """The trigram indexes of the name key, GIN (``%`` searches, the whole-database scan) and GiST (the
        nearest-neighbour probe of :meth:`_customer_trigram_probe`); creates pg_trgm if missing."""
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                tools.sql.create_index(
                    cr, TRIGRAM_INDEX, self._table, ["customer_name_key gin_trgm_ops"], method="gin"
                )
                tools.sql.create_index(
                    cr,
                    TRIGRAM_KNN_INDEX,
                    self._table,
                    ["customer_name_key gist_trgm_ops(siglen=64)"],
                    method="gist",
                )
        except Exception:  # noqa: BLE001 - without pg_trgm only the similarity of names is lost
            _logger.warning("pg_trgm is not available: duplicate names are only found when equal")
        self.env.registry.clear_cache()  # _customer_has_trigram
        for fname, index in INCOMPLETE_INDEXES.items():
            tools.sql.create_index(cr, index, self._table, [fname], where=INCOMPLETE_CONTACT.format(p=""))

    @api.model
    def _customer_create_name_keys(self, refill=False):
        """Create (or refill) the table of distinct name keys and the triggers that keep it.

        Statement triggers with transition tables add the keys of every partner inserted or updated, by the
        ORM or by SQL (the key fill, a merge), in one statement each. Keys nobody holds any more are removed
        by :meth:`_customer_clean_name_keys`; until then they only cost the probe a lookup.

        :param bool refill: rebuild the table from the partners (when the keys were recomputed)
        """
        cr = self.env.cr
        created = not tools.sql.table_exists(cr, NAME_KEYS_TABLE)
        cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %(table)s (name_key varchar NOT NULL);
                CREATE INDEX IF NOT EXISTS %(btree)s ON %(table)s (name_key);
                CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    INSERT INTO %(table)s (name_key)
                    SELECT DISTINCT n.customer_name_key FROM customer_changed_partners n
                     WHERE n.customer_name_key IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM %(table)s k WHERE k.name_key = n.customer_name_key);
                    RETURN NULL;
                END
                $body$;
                """,
                table=SQL.identifier(NAME_KEYS_TABLE),
                btree=SQL.identifier(f"{NAME_KEYS_TABLE}_btree_idx"),
                function=SQL.identifier(NAME_KEYS_FUNCTION),
            )
        )
        # Triggers are only created when missing: creating one locks res_partner against every reader until
        # the end of the transaction (a module update would otherwise take that lock each time).
        cr.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'res_partner'::regclass AND tgname = ANY(%s)",
            [list(NAME_KEYS_TRIGGERS)],
        )
        existing = {row[0] for row in cr.fetchall()}
        for trigger, event in zip(NAME_KEYS_TRIGGERS, ("INSERT", "UPDATE"), strict=True):
            if trigger not in existing:
                cr.execute(
                    SQL(
                        """
                        CREATE TRIGGER %s AFTER %s ON res_partner
                            REFERENCING NEW TABLE AS customer_changed_partners
                            FOR EACH STATEMENT EXECUTE FUNCTION %s()
                        """,
                        SQL.identifier(trigger),
                        SQL(event),
                        SQL.identifier(NAME_KEYS_FUNCTION),
                    )
                )
        if created or refill:
            cr.execute(
                SQL(
                    """
                    DELETE FROM %(table)s;
                    INSERT INTO %(table)s (name_key)
                    SELECT DISTINCT customer_name_key FROM res_partner WHERE customer_name_key IS NOT NULL;
                    """,
                    table=SQL.identifier(NAME_KEYS_TABLE),
                )
            )
        # the finder's sorted neighbourhood reads the names backwards too (_customer_neighbour_names)
        tools.sql.create_index(cr, f"{NAME_KEYS_TABLE}_reverse_idx", NAME_KEYS_TABLE, ["reverse(name_key)"])
        if self._customer_has_trigram():
            tools.sql.create_index(
                cr, f"{NAME_KEYS_TABLE}_trgm_idx", NAME_KEYS_TABLE, ["name_key gist_trgm_ops"], method="gist"
            )

    @api.model
    def _customer_drop_name_keys(self):
        """Drop the triggers, function and table of the distinct name keys (uninstalling the module)."""
        cr = self.env.cr
        for trigger in NAME_KEYS_TRIGGERS:
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON res_partner", SQL.identifier(trigger)))
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(NAME_KEYS_FUNCTION)))
        cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(NAME_KEYS_TABLE)))

    @api.model
    def _customer_clean_name_keys(self):
        """Remove the name keys no partner holds any more, and the copies two transactions added at once.

        :return: the number of rows removed
        """
        cr = self.env.cr
        self.env["res.partner"].flush_model(["customer_name_key"])
        cr.execute(
            SQL(
                """
                DELETE FROM %(table)s k
                 WHERE NOT EXISTS (SELECT 1 FROM res_partner p WHERE p.customer_name_key = k.name_key)
                    OR EXISTS (SELECT 1 FROM %(table)s o WHERE o.name_key = k.name_key AND o.ctid < k.ctid)
                """,
                table=SQL.identifier(NAME_KEYS_TABLE),
            )
        )
        return cr.rowcount

    @api.model
    def _customer_fill_duplicate_keys(self, only_missing=False, batch_size=FILL_BATCH):
        """Compute the match keys of all partners in batches of SQL, without the ORM.

        Reads ids and inputs by chunks of ``batch_size`` ids, computes the keys in Python and writes them
        back with one ``UPDATE … FROM (VALUES …)`` per chunk. Used at install, when the normalisation
        changes, and for partners inserted by SQL.

        :param bool only_missing: only partners whose keys are all empty
        :return: the number of partners processed
        :rtype: int
        """
        cr = self.env.cr
        self.env["res.partner"].flush_model()
        start = time.perf_counter()
        missing = SQL(" AND ").join(SQL("p.%s IS NULL", SQL.identifier(fname)) for fname in KEY_FIELDS)
        last_id, done = 0, 0
        while True:
            cr.execute(
                SQL(
                    """
                    SELECT p.id, p.name, p.is_company, p.customer_first_name, p.customer_last_name, p.phone,
                           p.mobile, p.email, p.vat, COALESCE(c.code, cc.code), p.is_company OR p.parent_id IS NULL
                      FROM res_partner p
                 LEFT JOIN res_country c ON c.id = p.country_id
                 LEFT JOIN res_company co ON co.id = p.company_id
                 LEFT JOIN res_partner cp ON cp.id = co.partner_id
                 LEFT JOIN res_country cc ON cc.id = cp.country_id
                     WHERE p.id > %s %s
                  ORDER BY p.id
                     LIMIT %s
                    """,
                    last_id,
                    SQL("AND %s", missing) if only_missing else SQL(),
                    batch_size,
                )
            )
            rows = cr.fetchall()
            if not rows:
                break
            values = []
            for pid, name, is_company, first, last, phone, mobile, email, vat, code, commercial in rows:
                keys = self._customer_match_keys(
                    name, is_company, first, last, phone, mobile, email, vat, code, commercial=commercial
                )
                values.append((pid, *(keys[fname] for fname in KEY_FIELDS)))
            columns = list(zip(*values, strict=False))
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET customer_name_key = v.name_key, customer_name_core_key = v.core_key,
                           customer_phone_key = v.phone_key, customer_mobile_key = v.mobile_key,
                           customer_email_key = v.email_key, customer_vat_key = v.vat_key
                      FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[],
                                  %s::varchar[], %s::varchar[])
                           AS v(id, name_key, core_key, phone_key, mobile_key, email_key, vat_key)
                     WHERE p.id = v.id AND p.id BETWEEN %s AND %s
                    """,
                    *(list(column) for column in columns),
                    rows[0][0],
                    rows[-1][0],
                )
            )
            last_id = rows[-1][0]
            done += len(rows)
            _logger.info("Customer match keys: %s partners", done)
        self.env["res.partner"].invalidate_model(list(KEY_FIELDS))
        if done:
            elapsed = time.perf_counter() - start
            _logger.info("Customer match keys of %s partners computed in %.1f s", done, elapsed)
        return done

    # =============================================================================================
    # Finding duplicates
    # =============================================================================================
    @api.model
    def customer_find_duplicates(self, values, limit=10):
        """Possible duplicates of a new or edited partner, best first, among the partners the user may read.

        Public: integrations call it over RPC before creating a partner, the import and the form banner
        use it. Every active duplicate rule (``customer.duplicate.rule``), alert or block, is applied.

        :param dict values: field values of the partner as they would be saved (``name``,
          ``customer_first_name``, ``customer_last_name``, ``is_company``, ``email``, ``phone``, ``mobile``,
          ``vat``, ``country_id``, ``company_id``, ``city``, ``parent_id``, ``type``); with ``id``, the values
          of that existing partner complete them and it is not reported as its own duplicate
        :param int limit: the most matches to return
        :return: dicts ``{"id", "display_name", "score", "reasons"}``, score from 0 to 1, reasons short
          translated texts ("Same email", "Similar name (0.82)")
        :rtype: list[dict]
        """
        values = dict(values or {})
        partner = self.browse(values.pop("id", None) or ())
        matches = self._customer_duplicate_matches(
            self._customer_duplicate_inputs(values, partner),
            limit=limit,
            kinds=self._customer_readable_kinds(),
        )
        names = {p.id: p.display_name for p in self.browse([match["id"] for match in matches])}
        return [
            {"id": m["id"], "display_name": names[m["id"]], "score": m["score"], "reasons": m["reasons"]}
            for m in matches
        ]

    @api.model
    def _customer_duplicate_inputs(self, values, partner):
        """What the probes compare: the keys and context of ``values`` laid over ``partner``'s (if any).

        :param dict values: field values; many2one values as ids (or ``(id, name)`` pairs, or records)
        :param partner: the existing or new (onchange) partner the values belong to, or an empty recordset
        :return: ``None`` when the partner is an address (addresses are not customers), else a dict
        """

        def value(fname):
            if fname in values:
                val = values[fname]
                if isinstance(val, models.BaseModel):
                    return val.id
                return val[0] if isinstance(val, list | tuple) and val else val
            current = partner[fname] if partner else False
            return current.id if isinstance(current, models.BaseModel) else current

        if (value("type") or "contact") != "contact":
            return None
        is_company = bool(value("is_company"))
        if "name" in values and not {"customer_first_name", "customer_last_name"} & values.keys():
            first = last = False  # a new full name replaces the stored first and last names
        else:
            first, last = value("customer_first_name"), value("customer_last_name")
        country_id, company_id = value("country_id") or False, value("company_id") or False
        country = self.env["res.country"].browse(country_id)
        company = self.env["res.company"].sudo().browse(company_id)
        country_code = (country.code or company.country_id.code or self.env.company.country_id.code) or None
        parent_id, own_id = value("parent_id"), partner._origin.id if partner else False
        parent_id = parent_id.origin if isinstance(parent_id, models.NewId) else parent_id
        if own_id:
            commercial_id = partner._origin.sudo().commercial_partner_id.id
        elif parent_id:
            commercial_id = self.sudo().browse(parent_id).commercial_partner_id.id
        else:
            commercial_id = False
        keys = self._customer_match_keys(
            value("name"), is_company, first, last, value("phone"), value("mobile"), value("email"),
            value("vat"), country_code, commercial=is_company or not parent_id,
        )  # fmt: skip
        return {
            "keys": keys,
            "phones": sorted(
                {key for key in (keys["customer_phone_key"], keys["customer_mobile_key"]) if key}
            ),
            "is_company": is_company,
            "own_id": own_id,
            "exclude_ids": sorted({pid for pid in (own_id, parent_id) if pid}),
            "commercial_id": commercial_id,
            "company_id": company_id,
            "country_id": country_id,
            "city": fold(value("city") or "").strip(),
            "street": street_key(value("street")),
            "zip": zip_key(value("zip")),
            "birthday": fields.Date.to_date(value("customer_birthday") or None),
        }

    @api.model
    def _customer_readable_kinds(self):
        """The rule keys whose fields the current user may read (see ``KIND_FIELDS``): the possible duplicates
        shown to a user never rest on a field the field policy hides from them. Blocking rules still apply
        every key."""
        return frozenset(
            kind
            for kind, names in KIND_FIELDS.items()
            if all(self._fields[name].is_accessible(self.env) for name in names)
        )

    @api.model
    def _customer_hidden_evidence(self):
        """The other fields the score weighs (see ``EVIDENCE_FIELDS``) the current user may not read: they
        count neither for nor against, on every path (banner, finder, blocking messages)."""
        return frozenset(
            field
            for field, names in EVIDENCE_FIELDS.items()
            if not all(self._fields[name].is_accessible(self.env) for name in names)
        )

    @api.model
    @tools.ormcache()
    def _customer_has_trigram(self):
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return bool(self.env.cr.fetchone())

    @api.model
    def _customer_duplicate_matches(self, inputs, limit=10, actions=("alert", "block"), kinds=_ALL_KINDS):
        """Apply the active duplicate rules of ``actions`` to ``inputs``: one indexed query per key.

        Every candidate found by any key is checked against every rule, so a partner found by its phone is
        also scored on its name.

        :param dict inputs: see :meth:`_customer_duplicate_inputs`
        :param actions: the rule actions to apply
        :param kinds: the rule keys to apply (``name``, ``email``, ``phone``, ``vat``)
        :return: dicts ``{"id", "score", "reasons", "block"}`` best first, at most ``limit``
        :rtype: list[dict]
        """
        if not inputs or limit <= 0:
            return []
        inputs = self._customer_mask_inputs(inputs, kinds)
        rules_by_key = {}
        for spec in self.env["customer.duplicate.rule"]._customer_rule_specs():
            if spec.action in actions and spec.key in kinds:
                rules_by_key.setdefault(spec.key, []).append(spec)
        if not rules_by_key:
            return []
        probe_limit = max(3 * limit, 30)
        base = self._customer_probe_base(inputs)
        candidates = {}
        for kind, rules in rules_by_key.items():
            for row in self._customer_probe(kind, rules, inputs, probe_limit, base):
                candidates.setdefault(row[0], CandidateRow._make(row))
        if not candidates:
            return []
        rules = [spec for specs in rules_by_key.values() for spec in specs]
        own = self._customer_input_record(inputs)
        holders = self._customer_name_holders(
            base, {own.name_key} | {row.name_key for row in candidates.values()}
        )
        own_holders = holders.get(own.name_key, 0) + (0 if inputs.get("own_id") else 1)
        found = []
        for pid, row in candidates.items():
            other = row.record()
            judgement = scoring.judge(
                own, other, rules, frequency=max(own_holders, holders.get(other.name_key, 0))
            )
            if not judgement:
                continue
            found.append(
                {
                    "id": pid,
                    "score": round(judgement.score.probability, 2),
                    "reasons": self._customer_reasons(judgement.score),
                    "block": judgement.block,
                    "strength": judgement.strength,
                }
            )
        found.sort(key=lambda match: (-match["score"], -match["strength"], match["id"]))
        return found[:limit]

    @api.model
    def _customer_input_record(self, inputs):
        """The :class:`~odoo.addons.customer_base.tools.scoring.Record` of (masked) ``inputs``."""
        keys = inputs["keys"]
        return scoring.Record(
            is_company=inputs["is_company"],
            name_key=keys["customer_name_key"],
            core_key=keys["customer_name_core_key"],
            email=keys["customer_email_key"],
            phones=frozenset(inputs["phones"]),
            vat=keys["customer_vat_key"],
            street=inputs.get("street"),
            zip=inputs.get("zip"),
            city=inputs.get("city") or None,
            birthday=inputs.get("birthday"),
            company_id=inputs["company_id"] or None,
            country_id=inputs["country_id"] or None,
        )

    @api.model
    def _customer_name_holders(self, base, name_keys):
        """``{name key: how many partners of base hold it}``: how much a shared name is worth
        (:func:`~odoo.addons.customer_base.tools.scoring.same_name_weight`). Counted among the partners
        the user may read, so that the score tells nothing of the others."""
        name_keys = sorted(key for key in name_keys if key)
        if not name_keys:
            return {}
        column = SQL.identifier("res_partner", "customer_name_key")
        rows = self.env.execute_query(
            SQL(
                "SELECT %s, count(*) FROM %s WHERE %s AND %s = ANY(%s) GROUP BY %s",
                column,
                base[0],
                base[1],
                column,
                name_keys,
                column,
            )
        )
        return dict(rows)

    @api.model
    def _customer_mask_inputs(self, inputs, kinds):
        """``inputs`` without the keys of the kinds not in ``kinds`` (those the user may not read), nor the
        other fields the score weighs that the user may not read: a value given for a hidden field is then
        evidence neither for nor against a match. Otherwise the contact conflict would read the hidden
        value, and a namesake found only when the guessed phone is not its own would tell what the hidden
        phone holds."""
        hidden = set(KIND_KEYS) - set(kinds)
        hidden_evidence = self._customer_hidden_evidence()
        if not hidden and not hidden_evidence:
            return inputs
        keys = dict(inputs["keys"])
        for kind in hidden:
            keys.update(dict.fromkeys(KIND_KEYS[kind]))
        masked = {**inputs, "keys": keys, "phones": [] if "phone" in hidden else inputs["phones"]}
        for field in hidden_evidence:
            masked[field] = "" if field == "city" else None
        masked["hidden_evidence"] = hidden_evidence
        return masked

    @api.model
    def _customer_reasons(self, score):
        """The translated reasons of a :class:`~odoo.addons.customer_base.tools.scoring.Score`: the
        evidence for, strongest first, then the evidence against."""
        texts = {
            "same_name": self.env._("Same name"),
            "core_name": self.env._("Same name apart from legal form or country"),
            "partial_name": self.env._("Same name with a word left out or abbreviated"),
            "different_name": self.env._("Different name"),
            "same_email": self.env._("Same email"),
            "different_email": self.env._("Different email"),
            "same_phone": self.env._("Same phone"),
            "different_phone": self.env._("Different phone"),
            "same_vat": self.env._("Same tax ID"),
            "different_vat": self.env._("Different tax ID"),
            "same_street": self.env._("Same street"),
            "different_street": self.env._("Different street"),
            "same_zip": self.env._("Same zip code"),
            "different_zip": self.env._("Different zip code"),
            "same_city": self.env._("Same city"),
            "different_city": self.env._("Different city"),
            "same_birthday": self.env._("Same birthday"),
            "different_birthday": self.env._("Different birthday"),
        }
        reasons = []
        for item in (*score.for_, *score.against):
            if item.code == "similar_name":
                shown = (
                    f"{item.similarity:.2f}"  # not inside _(): Odoo's term extraction evaluates its arguments
                )
                reasons.append(self.env._("Similar name (%(similarity)s)", similarity=shown))
            else:
                reasons.append(texts[item.code])
        return reasons

    @api.model
    def _customer_probe_base(self, inputs):
        """FROM and WHERE of the partners the current user may read that may be duplicates of ``inputs``:
        active contacts (not addresses), other than the partner itself, its parent and its own contacts.

        :return: ``(from_clause, where_clause)`` as ``SQL``
        """
        domain = [("type", "=", "contact")]
        if inputs["exclude_ids"]:
            domain.append(("id", "not in", inputs["exclude_ids"]))
        if inputs["commercial_id"]:
            domain.append(("commercial_partner_id", "!=", inputs["commercial_id"]))
        query = self.env["res.partner"]._search(domain)  # as the user: access rights and record rules apply
        return query.from_clause, query.where_clause

    @api.model
    def _customer_probe(self, kind, rules, inputs, limit, base):
        """Candidates for one key through the key's index, within ``base`` (see :meth:`_customer_probe_base`).

        Names: the equal name or core name (btree), then, unless these already fill ``limit``, the trigram
        probe (``%`` with the lowest threshold of the similarity rules, nearest first through the GiST index).

        :return: rows ``(id, *PROBE_COLUMNS)`` (see :class:`CandidateRow`)
        """
        keys = inputs["keys"]
        fields_ = self.env["res.partner"]._fields
        similar = False

        def column(fname):
            return SQL.identifier("res_partner", fname, to_flush=fields_[fname])

        if kind in ("email", "vat"):
            value = keys[f"customer_{kind}_key"]
            condition = value and SQL("%s = %s", column(f"customer_{kind}_key"), value)
        elif kind == "phone":
            phones = inputs["phones"]
            condition = phones and SQL(
                "(%s = ANY(%s) OR %s = ANY(%s))",
                column("customer_phone_key"),
                phones,
                column("customer_mobile_key"),
                phones,
            )
        else:
            similar = any(spec.match == "similarity" for spec in rules)
            condition = keys["customer_name_key"] and SQL(
                "%s = %s", column("customer_name_key"), keys["customer_name_key"]
            )
            if condition and similar and keys["customer_name_core_key"]:
                condition = SQL(
                    "(%s OR %s = %s)",
                    condition,
                    column("customer_name_core_key"),
                    keys["customer_name_core_key"],
                )
        if not condition:
            return []
        # Conditions every rule of the key asks for are applied in SQL too, so that LIMIT keeps the right rows.
        filters = [base[1], condition]
        if inputs["company_id"] and all(spec.scope == "branch" for spec in rules):
            filters.append(
                SQL(
                    "(%s IS NULL OR %s = %s)",
                    column("company_id"),
                    column("company_id"),
                    inputs["company_id"],
                )
            )
        if inputs["country_id"] and all(spec.same_country for spec in rules):
            filters.append(
                SQL(
                    "(%s IS NULL OR %s = %s)",
                    column("country_id"),
                    column("country_id"),
                    inputs["country_id"],
                )
            )
        exclude = kind == "name" and all(spec.exclude_conflicts for spec in rules)
        columns = SQL(", ").join(
            [SQL.identifier("res_partner", "id"), *(column(fname) for fname in PROBE_COLUMNS)]
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT %s FROM %s WHERE %s LIMIT %s",
                columns,
                base[0],
                SQL(" AND ").join(
                    filter_
                    for filter_ in [
                        *filters,
                        exclude and self._customer_conflict_filter(inputs, column, condition),
                    ]
                    if filter_
                ),
                limit,
            )
        )
        if kind != "name" or not similar or len(rows) >= limit or not keys["customer_name_key"]:
            # equal names fill the limit: a merely similar name would rank below all of them
            return rows
        threshold = min(spec.threshold for spec in rules if spec.match == "similarity")
        near = self._customer_neighbour_names(
            keys["customer_name_key"], threshold, person=not inputs["is_company"]
        )
        if not near:
            return rows
        name_condition = SQL("%s = ANY(%s)", column("customer_name_key"), near)
        query = SQL(
            "SELECT %s FROM %s WHERE %s ORDER BY array_position(%s, %s::text) LIMIT %s",
            columns,
            base[0],
            SQL(" AND ").join(
                filter_
                for filter_ in [
                    filters[0],
                    *filters[2:],
                    name_condition,
                    exclude and self._customer_conflict_filter(inputs, column, name_condition),
                ]
                if filter_
            ),
            near,
            column("customer_name_key"),
            limit,
        )
        seen = {row[0] for row in rows}
        return rows + [row for row in self.env.execute_query(query) if row[0] not in seen]

    @api.model
    def _customer_neighbour_names(self, name_key, threshold, person=True):
        """The distinct names near ``name_key``, best first, as the whole-database scan blocks them (one
        definition of a candidate name): its ``SORTED_WINDOW`` neighbours on either side in the order of
        the key and of the key read backwards, kept when their trigram similarity reaches ``threshold``,
        and, for people, the names it gives with a word left out or cut to its initial (and those that
        give it). Btree probes of the table of distinct names (ranges: ``= ANY`` took its trigram index), whatever the size of the base (the
        trigram KNN over 80,000 distinct names of a realistic base took 60–100 ms).

        :return: name keys, best first
        :rtype: list[str]
        """
        from .customer_duplicate_scan import SORTED_WINDOW  # noqa: PLC0415 - import cycle

        table = SQL.identifier(NAME_KEYS_TABLE)
        variants = sorted(partial_name_variants(name_key)) if person else []
        found = self.env.execute_query(
            SQL(
                """
                (SELECT name_key FROM %(table)s WHERE name_key > %(key)s ORDER BY name_key LIMIT %(window)s)
                UNION ALL
                (SELECT name_key FROM %(table)s WHERE name_key < %(key)s ORDER BY name_key DESC LIMIT %(window)s)
                UNION ALL
                (SELECT name_key FROM %(table)s WHERE reverse(name_key) > reverse(%(key)s)
                  ORDER BY reverse(name_key) LIMIT %(window)s)
                UNION ALL
                (SELECT name_key FROM %(table)s WHERE reverse(name_key) < reverse(%(key)s)
                  ORDER BY reverse(name_key) DESC LIMIT %(window)s)
                UNION ALL
                (SELECT k.name_key FROM unnest(%(variants)s::varchar[]) AS v(key)
                   CROSS JOIN LATERAL (SELECT name_key FROM %(table)s
                                        WHERE name_key >= v.key AND name_key <= v.key LIMIT 1) k)
                """,
                table=table,
                key=name_key,
                window=SORTED_WINDOW,
                variants=variants,
            )
        )
        ranked = {}
        for (key,) in found:
            if key == name_key or key in ranked:
                continue
            score = similarity(name_key, key)
            if score >= threshold - 1e-6 or (person and scoring.partial_name(name_key, key)):
                ranked[key] = score
        return sorted(ranked, key=lambda key: (-ranked[key], key))

    @api.model
    def _customer_conflict_filter(self, inputs, column, name_condition):
        """SQL condition on a candidate partner: its keys do not contradict a name match with ``inputs``
        (the negation of :func:`~odoo.addons.customer_base.tools.evidence.contact_conflict`), or ``None``.

        For a person with an email and a phone, written as a disjunction PostgreSQL answers with a bitmap
        of four indexes — ``name_condition`` among the partners whose details cannot conflict (a partial
        index), and the same email, phone or mobile — rather than by reading every partner of a common
        name; ``name_condition`` ``None`` gives the same condition without it (for probes through another
        index)."""
        keys, phones = inputs["keys"], inputs["phones"]
        conditions = []
        if keys["customer_vat_key"]:
            vat = column("customer_vat_key")
            conditions.append(SQL("(%s IS NULL OR %s = %s)", vat, vat, keys["customer_vat_key"]))
        if not inputs["is_company"] and keys["customer_email_key"] and phones:
            email, phone, mobile = (
                column(fname) for fname in ("customer_email_key", "customer_phone_key", "customer_mobile_key")
            )
            # the predicate of the partial indexes, so that PostgreSQL may use them
            incomplete = SQL(INCOMPLETE_CONTACT.format(p='"res_partner".'))
            if name_condition:
                incomplete = SQL("(%s AND %s)", name_condition, incomplete)
            # NULL = ANY(...) is NULL: an unknown number only agrees through the other terms
            conditions.append(
                SQL(
                    "(%s OR %s = %s OR %s = ANY(%s) OR %s = ANY(%s))",
                    incomplete,
                    email,
                    keys["customer_email_key"],
                    phone,
                    phones,
                    mobile,
                    phones,
                )
            )
        return SQL(" AND ").join(conditions) if conditions else None

    @api.model
    def _customer_trigram_probe(self, head, name_key, threshold, limit, conflict=None):
        """Rows of ``head`` whose name key is similar to ``name_key``, best first.

        pg_trgm's ``%`` with the threshold set for this probe only, ordered by trigram distance (``<->``,
        1 - similarity) through a GiST index. The nearest ``limit`` distinct names come from the table of
        distinct name keys (a name is shared by many customers), then their customers by btree; if these
        names leave fewer than ``limit`` customers ``head`` accepts and more names may be near, the customers
        themselves are probed, nearest first.

        :param conflict: ``None``, or a function giving the SQL condition that excludes conflicting contact
          details for a given name condition (see :meth:`_customer_conflict_filter`)
        """
        cr = self.env.cr
        self.env.flush_query(head)
        cr.execute(
            "SELECT current_setting('pg_trgm.similarity_threshold', true),"
            " set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(threshold)],
        )
        previous = cr.fetchone()[0]
        try:
            # Odoo's SQL objects cannot hold the `%` operator: these probes are parameterised text.
            cr.execute(
                f"SELECT name_key FROM {NAME_KEYS_TABLE} WHERE name_key %% %s ORDER BY name_key <-> %s LIMIT %s",
                [name_key, name_key, limit],
            )
            found = cr.fetchall()  # copies of a key (added by two transactions at once) count here
            near = list(dict.fromkeys(row[0] for row in found))
            rows = []
            if near:
                query = SQL("%s AND %s", head, SQL('"res_partner"."customer_name_key" = ANY(%s)', near))
                if conflict and (
                    excluded := conflict(SQL('"res_partner"."customer_name_key" = ANY(%s)', near))
                ):
                    query = SQL("%s AND %s", query, excluded)
                query = SQL(
                    '%s ORDER BY array_position(%s, "res_partner"."customer_name_key"::text) LIMIT %s',
                    query,
                    near,
                    limit,
                )
                cr.execute(query)
                rows = cr.fetchall()
            if len(rows) < limit and len(found) == limit:
                if conflict and (excluded := conflict(None)):
                    head = SQL("%s AND %s", head, excluded)
                cr.execute(
                    f"{head.code} AND customer_name_key %% %s ORDER BY customer_name_key <-> %s LIMIT %s",
                    [*head.params, name_key, name_key, limit],
                )
                rows = cr.fetchall()
            return rows
        finally:
            cr.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [previous or "0.3"])

    # =============================================================================================
    # The form banner
    # =============================================================================================
    @api.depends(*DUPLICATE_INPUTS)
    @api.depends_context("uid")  # record rules and the field policy decide what each user is shown
    def _compute_customer_duplicate_ids(self):
        for partner in self:
            inputs = self._customer_duplicate_inputs({}, partner)
            matches = self._customer_duplicate_matches(
                inputs, limit=BANNER_LIMIT, kinds=self._customer_readable_kinds()
            )
            partner.customer_duplicate_ids = self.env["res.partner"].browse(
                [match["id"] for match in matches]
            )
            partner.customer_duplicate_count = len(matches)

    def action_customer_open_duplicates(self):
        """The possible duplicates of this customer, in a list."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Possible Duplicates of %(customer)s", customer=self.display_name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.customer_duplicate_ids.ids)],
        }

    def action_customer_merge_duplicates(self):
        """The merge wizard on this customer and its possible duplicates (the wizard checks who may merge)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_base.action_customer_merge_wizard")
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": (self | self.customer_duplicate_ids).ids,
        }
        return action

    # =============================================================================================
    # Blocking rules
    # =============================================================================================
    def _customer_blocking_matches(self, kinds=_ALL_KINDS):
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

    def _customer_check_blocking_duplicates(self, kinds=_ALL_KINDS, known=None):
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
