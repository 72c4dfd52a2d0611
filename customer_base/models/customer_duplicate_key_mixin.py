# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The stored match keys of res.partner: their columns, the SQL fill of existing partners, the table of distinct
name keys with its triggers, and the trigram indexes."""

import logging
import time
from typing import NamedTuple

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools.match_keys import (
    FILL_BATCH,
    INCOMPLETE_CONTACT,
    INCOMPLETE_INDEXES,
    KEY_FIELDS,
    KEYS_VERSION,
    KEYS_VERSION_PARAM,
    NAME_KEYS_FUNCTION,
    NAME_KEYS_TABLE,
    NAME_KEYS_TRIGGERS,
    TRIGRAM_INDEX,
    TRIGRAM_KNN_INDEX,
)
from ..tools.normalize import email_key, name_core_key, name_key, person_key, phone_key, vat_key

_logger = logging.getLogger(__name__)


class KeySource(NamedTuple):
    """The values of one partner the fill of the match keys reads, in the order of its ``SELECT``."""

    id: int
    name: str | None
    is_company: bool | None
    first_name: str | None
    last_name: str | None
    phone: str | None
    mobile: str | None
    email: str | None
    vat: str | None
    country_code: str | None
    commercial: bool


class CustomerDuplicateKeyMixin(models.AbstractModel):
    """Customer Duplicate Match Keys: the normalised keys the duplicate rules compare, stored and indexed."""

    _name = "customer.duplicate.key.mixin"
    _description = "Customer Duplicate Match Keys"

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
        return self.env.cr.fetchone() == ("to install",)

    @api.model
    @tools.ormcache()
    def _customer_has_trigram(self):
        """Whether pg_trgm is installed (the similar-name probes and indexes need it)."""
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return bool(self.env.cr.fetchone())

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
        existing = {tgname for (tgname,) in cr.fetchall()}
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
            sources = [KeySource._make(row) for row in cr.fetchall()]
            if not sources:
                break
            values = []
            for source in sources:
                keys = self._customer_match_keys(
                    source.name,
                    source.is_company,
                    source.first_name,
                    source.last_name,
                    source.phone,
                    source.mobile,
                    source.email,
                    source.vat,
                    source.country_code,
                    commercial=source.commercial,
                )
                values.append((source.id, *(keys[fname] for fname in KEY_FIELDS)))
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
                    sources[0].id,
                    sources[-1].id,
                )
            )
            last_id = sources[-1].id
            done += len(sources)
            _logger.info("Customer match keys: %s partners", done)
        self.env["res.partner"].invalidate_model(list(KEY_FIELDS))
        if done:
            elapsed = time.perf_counter() - start
            _logger.info("Customer match keys of %s partners computed in %.1f s", done, elapsed)
        return done
