# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Finding the possible duplicates of one partner: the values compared, the indexed probes that bring
candidates, and their judgement by the duplicate rules and the score (``tools.scoring``)."""

from typing import NamedTuple

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import scoring
from ..tools.match_keys import (
    ALL_KINDS,
    EVIDENCE_FIELDS,
    INCOMPLETE_CONTACT,
    KIND_FIELDS,
    KIND_KEYS,
    NAME_KEYS_TABLE,
    PROBE_COLUMNS,
    SORTED_WINDOW,
    CandidateRow,
    zip_key,
)
from ..tools.normalize import fold, similarity, street_key
from ..tools.scoring import partial_name_variants


class ProbeBase(NamedTuple):
    """The partners a probe may return (see :meth:`CustomerDuplicateFinderMixin._customer_probe_base`)."""

    from_clause: SQL
    where_clause: SQL


class CustomerDuplicateFinderMixin(models.AbstractModel):
    """Customer Duplicate Finder: :meth:`customer_find_duplicates` and the probes behind it, used by the form
    banner, the blocking rules and the import. Composed with the others in ``customer.duplicate.mixin``: it
    reads the match keys of ``customer.duplicate.key.mixin``."""

    _name = "customer.duplicate.finder.mixin"
    _description = "Customer Duplicate Finder"

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
    def _customer_duplicate_matches(self, inputs, limit=10, actions=("alert", "block"), kinds=ALL_KINDS):
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
                candidates.setdefault(row.id, row)
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
                base.from_clause,
                base.where_clause,
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

        :rtype: ProbeBase
        """
        domain = [("type", "=", "contact")]
        if inputs["exclude_ids"]:
            domain.append(("id", "not in", inputs["exclude_ids"]))
        if inputs["commercial_id"]:
            domain.append(("commercial_partner_id", "!=", inputs["commercial_id"]))
        query = self.env["res.partner"]._search(domain)  # as the user: access rights and record rules apply
        return ProbeBase(query.from_clause, query.where_clause)

    @api.model
    def _customer_probe(self, kind, rules, inputs, limit, base):
        """Candidates for one key through the key's index, within ``base`` (see :meth:`_customer_probe_base`).

        Names: the equal name or core name (btree), then, unless these already fill ``limit``, the similar
        names (:meth:`_customer_neighbour_names`, at the lowest threshold of the similarity rules), nearest first.

        :return: the candidates, as read from ``(id, *PROBE_COLUMNS)``
        :rtype: list[CandidateRow]
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
        rule_filters = []
        if inputs["company_id"] and all(spec.scope == "branch" for spec in rules):
            rule_filters.append(
                SQL(
                    "(%s IS NULL OR %s = %s)",
                    column("company_id"),
                    column("company_id"),
                    inputs["company_id"],
                )
            )
        if inputs["country_id"] and all(spec.same_country for spec in rules):
            rule_filters.append(
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

        def where(name_condition):
            """The probe's conditions around ``name_condition`` (an equal key, or the similar names)."""
            conflict = exclude and self._customer_conflict_filter(inputs, column, name_condition)
            return SQL(" AND ").join(
                filter_ for filter_ in [base.where_clause, name_condition, *rule_filters, conflict] if filter_
            )

        rows = self.env.execute_query(
            SQL("SELECT %s FROM %s WHERE %s LIMIT %s", columns, base.from_clause, where(condition), limit)
        )
        rows = [CandidateRow._make(row) for row in rows]
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
            base.from_clause,
            where(name_condition),
            near,
            column("customer_name_key"),
            limit,
        )
        seen = {row.id for row in rows}
        return rows + [
            candidate
            for candidate in map(CandidateRow._make, self.env.execute_query(query))
            if candidate.id not in seen
        ]

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
