# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Duplicate detection: stored match keys, duplicate rules, customer_find_duplicates, the form banner and
blocking rules (issue 5 §1–2)."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, tagged
from odoo.tools import SQL, mute_logger
from odoo.tools.sql import table_exists

from odoo.addons.customer_base import uninstall_hook
from odoo.addons.customer_base.tools.match_keys import (
    KEY_FIELDS,
    KEYS_VERSION_PARAM,
    NAME_KEYS_TABLE,
    NAME_KEYS_TRIGGERS,
    OBSOLETE_TRIGRAM_INDEXES,
)
from odoo.addons.customer_base.tools.normalize import name_key
from odoo.addons.customer_base.tools.server_scope import ignoring_duplicates_of

from .common import TOUR_TIMEOUT, make_user, menus_shown

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"


def keys_of(partner):
    """The stored match keys of ``partner``, read from the database."""
    partner.env.flush_all()
    partner.env.cr.execute(
        "SELECT customer_name_key, customer_name_core_key, customer_phone_key, customer_mobile_key,"
        " customer_email_key, customer_vat_key FROM res_partner WHERE id = %s",
        [partner.id],
    )
    return dict(zip(KEY_FIELDS, partner.env.cr.fetchone(), strict=True))


class DuplicateCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.co = cls.env.ref("base.co")
        cls.ve = cls.env.ref("base.ve")
        cls.mx = cls.env.ref("base.mx")
        cls.salesperson = make_user(cls.env, "dup_vendedor", SALESPERSON)
        cls.rule_vat = cls.env.ref("customer_base.duplicate_rule_vat")
        cls.rule_name = cls.env.ref("customer_base.duplicate_rule_name")
        cls.ibm = cls.Partner.create(
            {
                "name": "IBM",
                "is_company": True,
                "country_id": cls.co.id,
                "city": "Bogotá",
                "phone": "+57 310 555 1234",
                "email": "Compras@IBM-Test.example.com",
                "vat": "800.555.123-4",
            }
        )

    def assertFound(self, partner, values, reason=None, user=None):
        """``partner`` is among the duplicates found for ``values`` (with ``reason`` among its reasons)."""
        partners = self.Partner.with_user(user) if user else self.Partner
        found = {match["id"]: match for match in partners.customer_find_duplicates(values)}
        self.assertIn(partner.id, found, f"{partner.display_name} not found for {values}")
        if reason:
            self.assertIn(reason, found[partner.id]["reasons"])
        return found[partner.id]

    def assertNotFound(self, partner, values, user=None):
        partners = self.Partner.with_user(user) if user else self.Partner
        found = [match["id"] for match in partners.customer_find_duplicates(values)]
        self.assertNotIn(partner.id, found, f"{partner.display_name} found for {values}")


@tagged("post_install", "-at_install")
class TestDuplicateKeys(DuplicateCase):
    def test_keys_on_create(self):
        """Creating a partner stores its normalised keys: name, core name, E.164 phones, email, tax id."""
        self.assertEqual(
            keys_of(self.ibm),
            {
                "customer_name_key": "ibm",
                "customer_name_core_key": "ibm",
                "customer_phone_key": "+573105551234",
                "customer_mobile_key": None,
                "customer_email_key": "compras@ibm-test.example.com",
                "customer_vat_key": "800555123",
            },
        )

    def test_keys_follow_writes(self):
        """Changing the name, phones, email or country updates the keys; emptying a value empties its key."""
        self.ibm.write({"name": "I.B.M. Colombia S.A.S.", "mobile": "(311) 222-3344", "email": False})
        keys = keys_of(self.ibm)
        self.assertEqual(keys["customer_name_key"], "ibm colombia")
        self.assertEqual(keys["customer_name_core_key"], "ibm")
        self.assertEqual(keys["customer_mobile_key"], "+573112223344")
        self.assertIsNone(keys["customer_email_key"])
        # the country decides how a national number is read
        partner = self.Partner.create({"name": "Tienda Caracas", "phone": "0212-555.43.21"})
        self.assertIsNone(keys_of(partner)["customer_phone_key"])
        partner.country_id = self.ve
        self.assertEqual(keys_of(partner)["customer_phone_key"], "+582125554321")

    def test_phone_country_from_company(self):
        """Without a country of its own, a partner's phone is read in the country of its company."""
        company = self.env["res.company"].create({"name": "Sucursal Caracas", "country_id": self.ve.id})
        partner = self.Partner.create({"name": "Cliente", "phone": "0414 123 4567", "company_id": company.id})
        self.assertEqual(keys_of(partner)["customer_phone_key"], "+584141234567")

    def test_person_keys_ignore_name_order(self):
        """People match with first and last names swapped."""
        one = self.Partner.create(
            {"customer_first_name": "Juan Carlos", "customer_last_name": "Pérez García"}
        )
        two = self.Partner.create(
            {"customer_first_name": "Pérez García", "customer_last_name": "Juan Carlos"}
        )
        self.assertEqual(keys_of(one)["customer_name_key"], "carlos garcia juan perez")
        self.assertEqual(keys_of(one)["customer_name_key"], keys_of(two)["customer_name_key"])
        self.assertFound(one, {"name": "PEREZ GARCIA, Juan Carlos"}, "Same name")

    def test_contacts_carry_no_tax_id_key(self):
        """A company's contacts carry its tax id (Odoo copies it) but are not duplicates of it by tax id."""
        contact = self.Partner.create({"name": "Ana Ruiz", "parent_id": self.ibm.id})
        self.assertEqual(contact.vat, self.ibm.vat)
        self.assertIsNone(keys_of(contact)["customer_vat_key"])

    def test_keys_on_import(self):
        """Imported partners (load) get their keys like created ones."""
        result = self.Partner.load(
            ["name", "is_company", "phone", "email", "vat", "country_id"],
            [
                [
                    "Panadería La Única S.A.S.",
                    "1",
                    "601 345 1111",
                    "HOLA@LaUnica.example.CO",
                    "901.111.222-3",
                    "Colombia",
                ]
            ],
        )
        self.assertFalse(result["messages"])
        partner = self.Partner.browse(result["ids"])
        self.assertEqual(
            keys_of(partner),
            {
                "customer_name_key": "panaderia unica",
                "customer_name_core_key": "panaderia unica",
                "customer_phone_key": "+576013451111",
                "customer_mobile_key": None,
                "customer_email_key": "hola@launica.example.co",
                "customer_vat_key": "901111222",
            },
        )

    def test_batch_fill_restores_missing_keys(self):
        """The install-time fill computes by SQL batches the keys of partners that have none."""
        people = self.Partner.create(
            [
                {"name": f"Cliente {i}", "phone": f"+57 310 000 {1000 + i}", "country_id": self.co.id}
                for i in range(5)
            ]
        )
        expected = {partner.id: keys_of(partner) for partner in people | self.ibm}
        self.env.cr.execute(
            "UPDATE res_partner SET customer_name_key = NULL, customer_name_core_key = NULL,"
            " customer_phone_key = NULL, customer_mobile_key = NULL, customer_email_key = NULL,"
            " customer_vat_key = NULL WHERE id IN %s",
            [tuple(expected)],
        )
        done = self.Partner._customer_fill_duplicate_keys(only_missing=True, batch_size=2)
        self.assertGreaterEqual(done, len(expected))
        for partner in people | self.ibm:
            self.assertEqual(keys_of(partner), expected[partner.id])
        self.assertFound(self.ibm, {"name": "I.B.M."}, "Same name")

    def name_keys_held(self, *keys):
        """How many rows of the table of distinct name keys hold each of ``keys``."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT name_key, count(*) FROM %s WHERE name_key = ANY(%s) GROUP BY name_key",
                SQL.identifier(NAME_KEYS_TABLE),
                list(keys),
            )
        )
        held = dict(self.env.cr.fetchall())
        return [held.get(key, 0) for key in keys]

    def test_name_keys_table_follows_partners(self):
        """Every name key a partner takes — created, renamed, or written by SQL — is in the table of distinct
        name keys; cleaning removes the keys nobody holds and the copies."""
        self.Partner._customer_clean_name_keys()  # what installing and the demo data left behind
        partner = self.Partner.create({"name": "Zacarías Quimbayo Ñustes", "country_id": self.co.id})
        first = keys_of(partner)["customer_name_key"]
        self.assertEqual(self.name_keys_held(first), [1])
        partner.name = "Zacarías Quimbayo Núñez"
        second = keys_of(partner)["customer_name_key"]
        self.assertNotEqual(first, second)
        self.assertEqual(self.name_keys_held(first, second), [1, 1])
        self.env.cr.execute(
            "UPDATE res_partner SET customer_name_key = 'clave escrita por sql' WHERE id = %s", [partner.id]
        )
        self.env.cr.execute(
            SQL("INSERT INTO %s (name_key) VALUES (%s)", SQL.identifier(NAME_KEYS_TABLE), second)
        )
        self.assertEqual(self.name_keys_held("clave escrita por sql", second), [1, 2])
        self.assertEqual(self.Partner._customer_clean_name_keys(), 3)  # first and both copies of second
        self.assertEqual(self.name_keys_held(first, second, "clave escrita por sql"), [0, 0, 1])
        self.assertEqual(self.name_keys_held(keys_of(self.ibm)["customer_name_key"]), [1], "held keys stay")

    def test_uninstall_hook_removes_the_name_keys(self):
        """Uninstalling drops the triggers and the table of distinct name keys: partners are saved as before."""
        uninstall_hook(self.env)
        self.assertFalse(table_exists(self.env.cr, NAME_KEYS_TABLE))
        self.env.cr.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s)", [list(NAME_KEYS_TRIGGERS)]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        partner = self.Partner.create({"name": "Después de desinstalar"})
        partner.name = "Después de desinstalar, otra vez"
        self.env.flush_all()
        self.assertEqual(
            keys_of(partner)["customer_name_key"], name_key("Después de desinstalar otra vez", False)
        )
        # installing again: the table is rebuilt from the partners, the triggers come back
        self.Partner._customer_create_name_keys()
        self.assertEqual(self.name_keys_held(keys_of(partner)["customer_name_key"]), [1])
        self.assertEqual(self.trigger_oids().keys(), set(NAME_KEYS_TRIGGERS))

    def trigger_oids(self):
        self.env.cr.execute(
            "SELECT tgname, oid FROM pg_trigger WHERE tgname = ANY(%s)", [list(NAME_KEYS_TRIGGERS)]
        )
        return dict(self.env.cr.fetchall())

    def test_module_update_keeps_the_triggers(self):
        """Updating the module does not recreate existing triggers (that would lock res_partner), only
        missing ones."""
        before = self.trigger_oids()
        self.assertEqual(before.keys(), set(NAME_KEYS_TRIGGERS))
        self.Partner._customer_create_name_keys()
        self.assertEqual(self.trigger_oids(), before)
        self.env.cr.execute(SQL("DROP TRIGGER %s ON res_partner", SQL.identifier(NAME_KEYS_TRIGGERS[1])))
        self.Partner._customer_create_name_keys()
        after = self.trigger_oids()
        self.assertEqual(after[NAME_KEYS_TRIGGERS[0]], before[NAME_KEYS_TRIGGERS[0]])
        self.assertIn(NAME_KEYS_TRIGGERS[1], after)

    def test_init_refills_when_the_normalisation_changes(self):
        """A new key version recomputes every key at the module update (init), not only missing ones."""
        self.env.cr.execute(
            "UPDATE res_partner SET customer_email_key = 'stale' WHERE id = %s", [self.ibm.id]
        )
        self.Partner.init()
        self.assertEqual(keys_of(self.ibm)["customer_email_key"], "stale", "same version: complete keys kept")
        self.env["ir.config_parameter"].set_param(KEYS_VERSION_PARAM, "0")
        self.Partner.init()
        self.assertEqual(keys_of(self.ibm)["customer_email_key"], "compras@ibm-test.example.com")
        # the trigram indexes of earlier versions are dropped by the update: equal names use the btree
        self.env.cr.execute(
            "CREATE INDEX res_partner_customer_name_key_trgm_knn_idx ON res_partner"
            " USING gist (customer_name_key gist_trgm_ops)"
        )
        self.Partner.init()
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(OBSOLETE_TRIGRAM_INDEXES)]
        )
        self.assertEqual(self.env.cr.fetchall(), [], "no trigram index of the name key is left")


@tagged("post_install", "-at_install")
class TestFindDuplicates(DuplicateCase):
    def test_ibm_spellings(self):
        """IBM, I.B.M, I-B-M, I BM and "IBM S.A.S." are the same name; "IBM Colombia S.A.S." a strong candidate."""
        for name in ("IBM", "I.B.M", "I-B-M", "I BM", "ibm s.a.s.", "IBM S.A.S."):
            with self.subTest(name=name):
                match = self.assertFound(self.ibm, {"name": name, "is_company": True}, "Same name")
                self.assertGreaterEqual(match["score"], 0.6)
        self.assertFound(
            self.ibm,
            {"name": "IBM Colombia S.A.S.", "is_company": True, "country_id": self.co.id},
            "Same name apart from legal form or country",
        )
        self.assertNotFound(self.ibm, {"name": "IBN Ltda.", "is_company": True})

    def test_similar_names(self):
        """Names differing by a typo or a word are similar; the reason carries the similarity."""
        cacao = self.env.ref("customer_base.partner_cacao_de_oro")
        match = self.assertFound(cacao, {"name": "Chocolateria Cacao de Oros", "is_company": True})
        self.assertTrue(match["reasons"][0].startswith("Similar name (0."), match["reasons"])
        self.assertFound(cacao, {"name": "Chocolatería El Cacao d Oro", "is_company": True})
        self.assertNotFound(cacao, {"name": "Chocolates La Abeja", "is_company": True})

    def test_same_country_requirement(self):
        """The shipped name rule only compares customers of the same country (an empty country never excludes)."""
        values = {"name": "I.B.M.", "is_company": True}
        self.assertFound(self.ibm, {**values, "country_id": self.co.id})
        self.assertFound(self.ibm, values)
        self.assertNotFound(self.ibm, {**values, "country_id": self.mx.id})
        self.rule_name.same_country = False
        self.assertFound(self.ibm, {**values, "country_id": self.mx.id})

    def test_phones_in_other_formats(self):
        """A phone written another way, or in the other phone field, is the same phone."""
        for phone in (
            "(310) 555-1234",
            "310 555 1234",
            "0057 310 555 1234",
            "+57 3105551234",
            "57 310 555 1234",
        ):
            with self.subTest(phone=phone):
                self.assertFound(
                    self.ibm, {"name": "Otro", "phone": phone, "country_id": self.co.id}, "Same phone"
                )
                self.assertFound(
                    self.ibm, {"name": "Otro", "mobile": phone, "country_id": self.co.id}, "Same phone"
                )
        self.assertNotFound(self.ibm, {"name": "Otro", "phone": "310 555 1235", "country_id": self.co.id})

    def test_phone_country_defaults_to_the_users_company(self):
        """A new partner without country: national numbers are read in the country of the user's company."""
        self.env.company.country_id = self.co
        self.assertFound(self.ibm, {"name": "Otro", "phone": "310 555 1234"}, "Same phone")

    def test_email_and_tax_id(self):
        """Emails are compared without case or spaces, tax ids in compact form."""
        self.assertFound(self.ibm, {"name": "Otro", "email": " compras@ibm-test.EXAMPLE.com "}, "Same email")
        self.assertFound(
            self.ibm, {"name": "Otro", "vat": "NIT 800555123-4", "country_id": self.co.id}, "Same tax ID"
        )
        self.assertFound(
            self.ibm, {"name": "Otro", "vat": "8005551234", "country_id": self.co.id}, "Same tax ID"
        )

    def test_people_sharing_a_name(self):
        """Two people with a common name, different emails and different phones are different people; a
        record of that name without one of them, or sharing one, is a possible duplicate. Different tax
        ids are different customers, companies included. The rule can turn this off."""
        ana = self.Partner.create(
            {"name": "Ana María Pérez Gómez", "country_id": self.co.id, "email": "ana.perez@correo.example",
             "phone": "+57 310 555 0001"}
        )  # fmt: skip
        other = {"name": "Ana María Pérez Gómez", "country_id": self.co.id, "email": "amperez@otro.example",
                 "phone": "+57 311 555 0002"}  # fmt: skip
        self.assertNotFound(ana, other)
        self.assertNotFound(ana, {**other, "name": "Ana Maria Peres Gomez"})
        self.assertFound(ana, {**other, "email": False}, "Same name")
        self.assertFound(ana, {**other, "phone": False}, "Same name")
        self.assertFound(ana, {**other, "name": "Ana Maria Peres Gomez", "phone": False})
        match = self.assertFound(ana, {**other, "mobile": "310 555 0001"}, "Same phone")
        self.assertIn("Same name", match["reasons"], "a shared phone is no contradiction")
        # companies: their emails and phones vary; their tax ids do not
        company = {"name": "I.B.M.", "is_company": True, "country_id": self.co.id}
        self.assertFound(
            self.ibm, {**company, "email": "otra@ibm.example", "phone": "+57 601 600 0000"}, "Same name"
        )
        self.assertNotFound(self.ibm, {**company, "vat": "900.555.321-7"})
        match = self.assertFound(self.ibm, {**company, "vat": "900.555.321-7", "email": self.ibm.email})
        self.assertEqual(
            match["reasons"],
            ["Same email", "Same name", "Different tax ID"],
            "the reasons list the evidence for, then against",
        )
        self.rule_name.exclude_conflicts = False
        self.assertFound(ana, other, "Same name")
        self.assertFound(self.ibm, {**company, "vat": "900.555.321-7"}, "Same name")

    def test_similar_names_in_the_same_country(self):
        """A similar name is found among the customers of the country, through the sorted neighbourhood of
        the distinct names; the nearer names of another country are left out by the same-country rule."""
        venezuelans = self.Partner.create(
            [
                {"name": "Cacharrería Mundial Oriente", "is_company": True, "country_id": self.ve.id},
                {"name": "Cacharrería Mundial Orientes", "is_company": True, "country_id": self.ve.id},
            ]
        )
        wanted = self.Partner.create(
            {"name": "Cacharrería Mundial Orientte", "is_company": True, "country_id": self.co.id}
        )
        self.assertTrue(self.rule_name.same_country)
        values = {"name": "Cacharreria Mundial Oriente", "is_company": True, "country_id": self.co.id}
        match = self.assertFound(wanted, values)
        self.assertEqual(
            [r for r in match["reasons"] if r.startswith("Similar name")], ["Similar name (0.90)"]
        )
        for venezuelan in venezuelans:
            self.assertNotFound(venezuelan, values)

    def test_hidden_fields_tell_nothing(self):
        """A role the field policy hides the email from is not told about matches on emails (on the banner
        or over RPC); a role that reads emails is."""
        field = self.env["ir.model.fields"]._get("res.partner", "email")
        accesses = self.env["customer.field.access"].create(
            [
                {"field_id": field.id, "group_id": self.env.ref(MANAGER).id, "access": "edit"},
                {"field_id": field.id, "group_id": self.env.ref(SALESPERSON).id, "access": "hidden"},
            ]
        )
        self.addCleanup(accesses.unlink)  # before the rollback: the registry forgets the policy
        manager = make_user(self.env, "dup_responsable_correo", MANAGER)
        values = {"name": "Otro", "email": " compras@ibm-test.EXAMPLE.com "}
        self.assertNotFound(self.ibm, values, user=self.salesperson)
        self.assertFound(self.ibm, values, "Same email", user=manager)
        self.assertFound(self.ibm, {**values, "name": "I.B.M."}, "Same name", user=self.salesperson)
        twin = self.Partner.create({"name": "Otro", "email": "compras@ibm-test.example.com"})
        self.assertFalse(twin.with_user(self.salesperson).customer_duplicate_ids)
        self.assertEqual(twin.with_user(manager).customer_duplicate_ids, self.ibm)

    def test_result_shape_and_order(self):
        """Results are dicts with id, display_name, score and reasons, best first; more evidence scores higher."""
        weak = self.Partner.create({"name": "Otra Empresa", "is_company": True, "phone": "+57 310 555 1234"})
        results = self.Partner.customer_find_duplicates(
            {"name": "IBM SAS", "is_company": True, "phone": "3105551234", "country_id": self.co.id}
        )
        self.assertEqual([r["id"] for r in results[:2]], [self.ibm.id, weak.id])
        self.assertEqual(set(results[0]), {"id", "display_name", "score", "reasons"})
        self.assertEqual(results[0]["display_name"], "IBM")
        self.assertEqual(results[0]["reasons"], ["Same phone", "Same name"])
        self.assertGreater(results[0]["score"], results[1]["score"])
        self.assertLessEqual(results[0]["score"], 1)
        self.assertEqual(
            len(self.Partner.customer_find_duplicates({"phone": "+57 310 555 1234"}, limit=1)), 1
        )

    def test_edited_partner_is_not_its_own_duplicate(self):
        """With ``id``, the partner's own values complete the given ones and it is excluded."""
        twin = self.Partner.create({"name": "I-B-M", "is_company": True, "country_id": self.co.id})
        results = self.Partner.customer_find_duplicates({"id": self.ibm.id})
        self.assertEqual([r["id"] for r in results], [twin.id])
        self.assertEqual(
            self.Partner.customer_find_duplicates({"id": self.ibm.id, "name": "Algo distinto"}), []
        )

    def test_own_contacts_and_addresses_are_not_duplicates(self):
        """A company's contacts (sharing its phone) and its addresses are not reported as its duplicates."""
        self.Partner.create({"name": "Recepción IBM", "parent_id": self.ibm.id, "phone": self.ibm.phone})
        self.Partner.create({"name": "IBM", "parent_id": self.ibm.id, "type": "delivery"})
        self.assertEqual(self.Partner.customer_find_duplicates({"id": self.ibm.id}), [])
        self.assertEqual(self.Partner.customer_find_duplicates({"name": "IBM", "type": "delivery"}), [])

    def test_inactive_rules_and_partners_are_ignored(self):
        """Archived partners are never reported; an archived rule no longer applies."""
        self.assertFound(self.ibm, {"name": "Otro", "vat": "800555123", "country_id": self.co.id})
        self.rule_vat.active = False
        self.assertNotFound(self.ibm, {"name": "Otro", "vat": "800555123", "country_id": self.co.id})
        self.ibm.active = False
        self.assertNotFound(self.ibm, {"name": "IBM", "is_company": True})

    def test_branch_scope(self):
        """A rule limited to the same branch ignores customers of another branch, not the shared ones."""
        branch_a = self.env["res.company"].create({"name": "Sucursal Norte"})
        branch_b = self.env["res.company"].create({"name": "Sucursal Sur"})
        self.ibm.company_id = branch_b
        self.env["customer.duplicate.rule"].search([]).scope = "branch"
        self.assertNotFound(self.ibm, {"name": "IBM", "is_company": True, "company_id": branch_a.id})
        self.assertFound(self.ibm, {"name": "IBM", "is_company": True, "company_id": branch_b.id})
        self.ibm.company_id = False
        self.assertFound(self.ibm, {"name": "IBM", "is_company": True, "company_id": branch_a.id})

    def test_demo_salesperson_finds_demo_customers(self):
        """The demo vendedor finds the demo customer behind a phone written another way."""
        vendedor = self.env["res.users"].search([("login", "=", "vendedor")])
        self.assertTrue(vendedor, "demo data")
        cacao = self.env.ref("customer_base.partner_cacao_de_oro")
        self.assertFound(cacao, {"name": "Cacao de Oro", "phone": "(601) 3456789", "country_id": self.co.id},
                         "Same phone", user=vendedor)  # fmt: skip

    def test_record_rules_apply(self):
        """A user never learns of partners they cannot read: another company's customer is not found."""
        other = self.env["res.company"].create({"name": "Otra Empresa S.A.", "country_id": self.co.id})
        hidden = self.Partner.create(
            {
                "name": "Cliente Secreto",
                "is_company": True,
                "phone": "+57 315 999 8877",
                "company_id": other.id,
            }
        )
        values = {
            "name": "Cliente Secreto",
            "phone": "315 999 8877",
            "country_id": self.co.id,
            "is_company": True,
        }
        self.assertNotIn(other, self.salesperson.company_ids)
        self.assertNotFound(hidden, values, user=self.salesperson)
        self.salesperson.company_ids |= other
        self.assertFound(hidden, values, "Same phone", user=self.salesperson)

    def test_rule_constraints(self):
        """Only names are compared by similarity, with a threshold in (0, 1]; city/country only for names."""
        Rule = self.env["customer.duplicate.rule"]
        with self.assertRaises(ValidationError):
            Rule.create({"name": "x", "key": "email", "match": "similarity"})
        with self.assertRaises(ValidationError):
            Rule.create({"name": "x", "key": "name", "match": "similarity", "threshold": 1.5})
        with self.assertRaises(ValidationError):
            Rule.create({"name": "x", "key": "phone", "same_city": True})

    def test_rules_menu_for_administrators_only(self):
        """Customers > Configuration > Duplicate Rules is shown to the customer database administrator only."""
        admin = make_user(self.env, "dup_admin", "customer_base.group_customer_admin")
        self.assertIn("customer_base.menu_customer_duplicate_rule", menus_shown(self.env, admin))
        self.assertNotIn(
            "customer_base.menu_customer_duplicate_rule", menus_shown(self.env, self.salesperson)
        )
        rule = (
            self.env["customer.duplicate.rule"]
            .with_user(admin)
            .create(
                {
                    "name": "Mismo nombre exacto",
                    "key": "name",
                    "match": "exact",
                    "action": "block",
                    "scope": "branch",
                }
            )
        )
        self.assertTrue(rule.active)

    def test_same_city_requirement(self):
        """A name rule asking for the same city ignores the same name in another city."""
        self.rule_name.same_city = True
        self.assertFound(self.ibm, {"name": "IBM", "is_company": True, "city": "BOGOTA "})
        self.assertNotFound(self.ibm, {"name": "IBM", "is_company": True, "city": "Medellín"})


@tagged("post_install", "-at_install")
class TestBlockingRules(DuplicateCase):
    def test_block_refuses_create_and_write(self):
        """A blocking rule (same tax id) refuses a user's create and write, naming the match and its id."""
        Partner = self.Partner.with_user(self.salesperson)
        with self.assertRaisesRegex(UserError, rf"IBM \(#{self.ibm.id}\): Same tax ID"):
            Partner.create({"name": "Copia", "vat": "800555123-4", "country_id": self.co.id})
        partner = Partner.create({"name": "Distinto", "vat": "800999111", "country_id": self.co.id})
        with self.assertRaisesRegex(UserError, "cannot be saved"):
            partner.write({"vat": "800.555.123"})

    def test_block_applies_to_every_partner_of_a_batch(self):
        """Created together, partners are checked together: one with an existing customer's tax id, or two
        sharing a new one, are refused; a batch without shared keys passes, and so does a shared phone (an
        alert rule)."""
        Partner = self.Partner.with_user(self.salesperson)
        fresh = [{"name": f"Nuevo {n}", "vat": f"81100{n}222", "country_id": self.co.id} for n in range(3)]
        # Odoo's assertRaises rolls the refused batch back (assertRaisesRegex does not)
        with self.assertRaises(UserError) as refused:
            Partner.create([*fresh, {"name": "Copia", "vat": "800555123-4", "country_id": self.co.id}])
        self.assertIn(f"IBM (#{self.ibm.id}): Same tax ID", str(refused.exception))
        with self.assertRaises(UserError) as refused:
            Partner.create([*fresh, {"name": "Gemelo", "vat": "811001222", "country_id": self.co.id}])
        self.assertRegex(
            str(refused.exception), r"Nuevo 1 cannot be saved(.|\n)*Gemelo \(#\d+\): Same tax ID"
        )
        same_phone = [dict(vals, phone="+57 320 444 5566") for vals in fresh]
        self.assertEqual(len(Partner.create(same_phone)), 3)

    def test_existing_duplicate_stays_editable(self):
        """A partner that already shares a tax id (created by superuser code) stays editable, even its name and
        country; only a write creating a new blocked match is refused."""
        legacy = self.Partner.create({"name": "Legado", "vat": "800555123", "country_id": self.co.id})
        legacy = legacy.with_user(self.salesperson)
        legacy.write({"phone": "+57 320 111 2233", "email": "legado@example.com"})
        self.assertEqual(legacy.phone, "+57 320 111 2233")
        other = self.Partner.with_user(self.salesperson).create(
            {"name": "Otro", "vat": "811999000", "country_id": self.co.id}
        )
        legacy.write({"country_id": self.co.id, "name": "Legado S.A.S."})
        with self.assertRaises(UserError) as refused:  # Odoo's assertRaises: rolled back to a savepoint
            legacy.write({"vat": "811999000"})
        self.assertIn(f"Otro (#{other.id}): Same tax ID", str(refused.exception))
        self.assertNotIn("IBM", str(refused.exception), "the match it already had is not a reason to refuse")
        with self.assertRaises(UserError):
            other.write({"vat": "800555123"})

    def test_merge_may_copy_a_blocked_value(self):
        """A merge copies the tax id of a merged customer into the kept one before archiving it: with the
        merged customers in the server-side scope that is not refused; otherwise it is — and a client's
        context key (the way it used to be passed) changes nothing."""
        kept = self.Partner.with_user(self.salesperson).create(
            {"name": "IBM Bogotá", "country_id": self.co.id}
        )
        with self.assertRaises(UserError):
            kept.write({"vat": self.ibm.vat})
        with self.assertRaises(UserError):
            kept.with_context(customer_duplicate_ignore_ids=self.ibm.ids).write({"vat": self.ibm.vat})
        with ignoring_duplicates_of(self.ibm.ids):
            kept.write({"vat": self.ibm.vat})
        self.assertEqual(kept.vat, self.ibm.vat)

    def test_alert_only_does_not_block(self):
        """Alert rules (same email, phone, similar name) never refuse a save."""
        partner = self.Partner.with_user(self.salesperson).create(
            {
                "name": "I.B.M",
                "is_company": True,
                "phone": "3105551234",
                "email": self.ibm.email,
                "country_id": self.co.id,
            }
        )
        self.assertEqual(partner.customer_duplicate_ids, self.ibm)

    def test_superuser_is_not_blocked(self):
        """sudo() and superuser code (Odoo's own merge, data files) are not blocked by the rules."""
        partner = (
            self.Partner.with_user(self.salesperson)
            .sudo()
            .create({"name": "Copia", "vat": "800555123-4", "country_id": self.co.id})
        )
        self.assertTrue(partner.exists())

    def test_rules_changed_in_the_ui_apply_at_once(self):
        """Making the email rule blocking blocks at once; archiving the tax id rule unblocks."""
        self.env.ref("customer_base.duplicate_rule_email").action = "block"
        with self.assertRaises(UserError):
            self.Partner.with_user(self.salesperson).create(
                {"name": "Otro", "email": "compras@ibm-test.example.com"}
            )
        self.rule_vat.active = False
        self.Partner.with_user(self.salesperson).create(
            {"name": "Copia", "vat": "800555123-4", "country_id": self.co.id}
        )

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_import_reports_blocked_rows(self):
        """An import (load) reports the blocked row as an error; with it, nothing is imported."""
        result = self.Partner.with_user(self.salesperson).load(
            ["name", "vat", "country_id"],
            [["Nuevo Cliente", "811222333", "Colombia"], ["Copia IBM", "800555123-4", "Colombia"]],
        )
        errors = {
            message["record"]: message["message"]
            for message in result["messages"]
            if message["type"] == "error"
        }
        self.assertIn(1, errors, result["messages"])
        self.assertIn(f"IBM (#{self.ibm.id}): Same tax ID", errors[1])
        self.assertFalse(result["ids"])
        self.assertFalse(self.Partner.search([("name", "=", "Copia IBM")]))


@tagged("post_install", "-at_install")
class TestDuplicateBanner(DuplicateCase):
    def test_banner_follows_typing(self):
        """On the form, the possible duplicates update while typing, before the customer is saved."""
        with Form(self.Partner.with_user(self.salesperson)) as form:
            form.company_type = "company"
            form.name = "Nadie Parecido"
            self.assertEqual(form.customer_duplicate_count, 0)
            form.name = "I.B.M."
            self.assertEqual(form.customer_duplicate_count, 1)
            self.assertEqual(form.customer_duplicate_ids[:], self.ibm)
            form.name = "Otra Cosa"
            form.phone = "+57 310 555 1234"
            self.assertEqual(form.customer_duplicate_count, 1)
        partner = form.record
        action = partner.action_customer_open_duplicates()
        self.assertEqual(self.Partner.search(action["domain"]), self.ibm)
        merge = partner.action_customer_merge_duplicates()
        self.assertEqual(merge["res_model"], "customer.merge.wizard")
        self.assertEqual(sorted(merge["context"]["active_ids"]), sorted((partner | self.ibm).ids))

    def test_banner_form_blocks_saving(self):
        """Saving a blocked duplicate from the form is refused with the clear message."""
        form = Form(self.Partner.with_user(self.salesperson))
        form.name = "Copia"
        form.country_id = self.co
        form.vat = "800555123-4"
        self.assertEqual(form.customer_duplicate_count, 1)
        with self.assertRaisesRegex(UserError, "Same tax ID"):
            form.save()


@tagged("post_install", "-at_install")
class TestDuplicateBannerTour(HttpCase):
    def test_banner_in_the_browser(self):
        """In a real browser: typing a known customer's name on a new customer shows the banner."""
        make_user(self.env, "tour_dup_vendedor", SALESPERSON)
        self.env["res.partner"].create({"name": "Dulcería Tour Única S.A.S.", "is_company": True})
        self.start_tour(
            "/odoo/customer-base/new",
            "customer_base_duplicate_banner",
            login="tour_dup_vendedor",
            timeout=TOUR_TIMEOUT,
        )


@tagged("post_install", "-at_install")
class TestDuplicateScan(DuplicateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Scan = cls.env["customer.duplicate.scan"]
        cls.Group = cls.env["customer.duplicate.group"]
        cls.twins = cls.Partner.create(
            [
                {"name": "I.B.M. S.A.S.", "is_company": True, "country_id": cls.co.id},
                {"name": "Otra IBM", "is_company": True, "phone": "310 555 1234", "country_id": cls.co.id},
            ]
        )

    def run_scan(self, scan, batch_size=50):
        while scan.state == "running":
            scan._customer_run_batch(batch_size=batch_size)

    def group_of(self, partner):
        return self.Group.search([("member_ids", "in", partner.ids), ("state", "=", "pending")])

    def test_scan_groups_duplicates_in_batches(self):
        """A full scan, batch after batch, groups IBM with its spellings and its phone twin, once."""
        scan = self.Scan.create({"name": "Prueba"})
        scan.action_start()
        self.assertEqual(scan.state, "running")
        self.assertGreater(scan.partner_total, 40)
        scan._customer_run_batch(batch_size=10)
        self.assertEqual(scan.partner_done, 10, "one batch done, the scan resumes from the last customer")
        self.assertEqual(
            scan.last_partner_id,
            max(
                self.Partner.search(
                    [("type", "=", "contact"), ("is_customer", "=", True)], order="id", limit=10
                ).ids
            ),
        )
        self.run_scan(scan)
        self.assertEqual(scan.state, "done")
        self.assertEqual(scan.progress, 100.0)
        group = self.group_of(self.ibm)
        self.assertEqual(len(group), 1)
        self.assertEqual(group.member_ids, self.ibm | self.twins)
        self.assertIn("Same name", group.reasons)
        self.assertIn("Same phone", group.reasons)
        self.assertGreater(scan.group_count, 0)
        again = self.Scan.create({"name": "Otra vez"})
        again.action_start()
        self.run_scan(again)
        self.assertEqual(
            self.group_of(self.ibm), group, "a second scan extends the pending groups, no copies"
        )

    def test_scan_keeps_people_sharing_a_name_apart(self):
        """The scan does not group two people who share a name but not their emails or phones, nor companies
        with different tax ids; a record of the name without contact details joins one of them, not both."""
        create = self.Partner.create
        # created first: each namesake created later is paired with it, never the namesakes together
        bare = create({"name": "LUIS CARLOS ROJAS DIAZ", "country_id": self.co.id})
        people = create(
            [
                {"name": "Luis Carlos Rojas Díaz", "country_id": self.co.id, "email": "lc.rojas@uno.example",
                 "phone": "+57 312 555 0101"},
                {"name": "Luis Carlos Rojas Díaz", "country_id": self.co.id, "email": "luis.rojas@dos.example",
                 "mobile": "+57 315 555 0202"},
                {"name": "Luis Carlos Rojas Dias", "country_id": self.co.id, "email": "lcrd@tres.example",
                 "phone": "+57 316 555 0303"},
            ]
        )  # fmt: skip
        companies = create(
            [
                {"name": "Tornillos Ravena S.A.S.", "is_company": True, "vat": "900.555.321-7",
                 "country_id": self.co.id},
                {"name": "Tornillos Ravena", "is_company": True, "vat": "800.555.987-1", "country_id": self.co.id},
            ]
        )  # fmt: skip
        scan = self.Scan.create({"name": "Homónimos"})
        scan.action_start()
        self.run_scan(scan)
        for partner in people | companies:
            group = self.group_of(partner)
            self.assertLessEqual(group.member_ids & (people | companies), partner, f"{partner.name} apart")
        self.assertEqual(len(self.group_of(bare).member_ids & people), 1, "the bare record joins one of them")
        self.rule_name.exclude_conflicts = False
        again = self.Scan.create({"name": "Sin excluir"})
        again.action_start()
        self.run_scan(again)
        self.assertEqual(self.group_of(people[0]).member_ids & people, people)
        self.assertEqual(self.group_of(companies[0]).member_ids, companies)

    def test_namesakes_apart_across_batches(self):
        """Namesakes scanned in different batches stay apart: a group made in an earlier batch keeps its
        members' details when a later batch proposes a pair with one of them."""
        create = self.Partner.create
        bare = create({"name": "Marta Lucía Gil Ortiz", "country_id": self.co.id})
        people = create(
            [
                {"name": "Marta Lucía Gil Ortiz", "country_id": self.co.id, "email": "mlgil@uno.example",
                 "phone": "+57 312 555 0404"},
                {"name": "Marta Lucia Gil Ortiz", "country_id": self.co.id, "email": "marta.gil@dos.example",
                 "mobile": "+57 315 555 0505"},
            ]
        )  # fmt: skip
        scan = self.Scan.create({"name": "Un cliente por lote"})
        scan.action_start()
        self.run_scan(scan, batch_size=1)
        self.assertEqual(len(self.group_of(bare).member_ids & people), 1)
        for partner in people:
            self.assertLessEqual(self.group_of(partner).member_ids & people, partner)

    def test_dismissed_pairs_are_never_proposed_again(self):
        """Dismissing a group remembers its pairs: later scans do not propose them again."""
        scan = self.Scan.create({"name": "Prueba"})
        scan.action_start()
        self.run_scan(scan)
        group = self.group_of(self.ibm)
        manager = make_user(self.env, "dup_responsable", "customer_base.group_customer_manager")
        group.with_user(manager).action_dismiss()
        self.assertEqual(group.state, "dismissed")
        again = self.Scan.create({"name": "Otra vez"})
        again.action_start()
        self.run_scan(again)
        self.assertFalse(self.group_of(self.ibm))
        with self.assertRaises(AccessError):
            self.Group.create({"member_ids": [(6, 0, self.twins.ids)]}).with_user(
                self.salesperson
            ).action_dismiss()

    def test_merged_groups_are_closed(self):
        """A group opens the merge wizard on its customers; once merged (one active customer left) it is
        marked merged by the next scan run."""
        group = self.Group.create({"member_ids": [(6, 0, (self.ibm | self.twins).ids)]})
        action = group.action_merge()
        self.assertEqual(action["res_model"], "customer.merge.wizard")
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted((self.ibm | self.twins).ids))
        self.twins.write({"active": False})
        self.Scan._cron_run_duplicate_scans()
        self.assertEqual(group.state, "merged")

    def test_daily_scan_only_looks_at_changed_customers(self):
        """The daily scan is incremental after a first full one: only customers changed since are scanned."""
        self.Scan._cron_daily_duplicate_scan()
        first = self.Scan.search([], limit=1)
        self.assertEqual(first.mode, "full")
        self.run_scan(first)
        first.date_start = "2000-01-01 00:00:00"
        newcomer = self.Partner.create({"name": "IBM Colombia", "is_company": True, "country_id": self.co.id})
        self.env.cr.execute("UPDATE res_partner SET write_date = '1999-01-01' WHERE id != %s", [newcomer.id])
        self.env.invalidate_all()
        self.Scan._cron_daily_duplicate_scan()
        daily = self.Scan.search([], limit=1)
        self.assertEqual((daily.mode, daily.partner_total), ("incremental", 1))
        self.Scan._cron_run_duplicate_scans()
        self.assertIn(newcomer, self.group_of(self.ibm).member_ids)

    def test_groups_follow_company_access(self):
        """A user only sees groups whose customers all belong to companies they may read."""
        other = self.env["res.company"].create({"name": "Empresa Ajena"})
        hidden = self.Partner.create({"name": "IBM", "is_company": True, "company_id": other.id})
        visible = self.Group.create({"member_ids": [(6, 0, (self.ibm | self.twins).ids)]})
        secret = self.Group.create({"member_ids": [(6, 0, (self.ibm | hidden).ids)]})
        seen = self.Group.with_user(self.salesperson).search([])
        self.assertIn(visible, seen)
        self.assertNotIn(secret, seen)

    def test_set_based_scan_groups_noisy_duplicates(self):
        """The whole-database scan works by sets: it groups a name with a typo, a person with first and last
        names swapped, another legal form and a pair linked only by a phone written otherwise; customers that
        only look alike, or live in another country, stay apart; dismissed pairs stay dismissed."""
        create = self.Partner.create
        typo = create(
            [
                {"name": "Ferretería Kalomi Andina S.A.S.", "is_company": True, "country_id": self.co.id},
                {"name": "Ferreteria Kalmi Andina", "is_company": True, "country_id": self.co.id},
            ]
        )
        abroad = create({"name": "Ferretería Kalomi Andina", "is_company": True, "country_id": self.ve.id})
        swapped = create(
            [
                {"name": "María Fernanda Gómez Ospina", "country_id": self.co.id},
                {"name": "Gómez Ospina, María Fernanda", "country_id": self.co.id},
            ]
        )
        legal = create(
            [
                {"name": "Textiles Ravimo S.A. de C.V.", "is_company": True, "country_id": self.mx.id},
                {"name": "TEXTILES RAVIMO SA DE CV", "is_company": True, "country_id": self.mx.id},
            ]
        )
        phone = create(
            [
                {"name": "Distribuidora Zaluno C.A.", "is_company": True, "country_id": self.ve.id,
                 "phone": "+58 412 555 9876"},
                {"name": "Rubén Pineda", "country_id": self.ve.id, "phone": "0412-555-9876"},
            ]
        )  # fmt: skip
        distinct = create(
            [
                {"name": "Panadería Sutelo", "is_company": True, "country_id": self.co.id},
                {"name": "Clínica Moriba", "is_company": True, "country_id": self.co.id},
                {"name": "Rubén Pinzón", "country_id": self.ve.id, "phone": "+58 414 555 0000"},
            ]
        )
        scan = self.Scan.create({"name": "Por conjuntos"})
        scan.action_start()
        scan._customer_run_batch()  # a whole database in one batch of the set-based scan
        self.assertEqual(scan.state, "running")
        self.assertEqual(scan.partner_done, scan.partner_total)
        self.run_scan(scan)
        self.assertEqual(scan.state, "done")
        for pair, reason in (
            (typo, "Similar name"),
            (swapped, "Same name"),
            (legal, "Same name"),
            (phone, "Same phone"),
        ):
            group = self.group_of(pair[0])
            self.assertEqual(len(group), 1, f"{pair[0].name} is in one group")
            self.assertEqual(group.member_ids, pair, f"{pair.mapped('name')} grouped, and only them")
            self.assertIn(reason, group.reasons)
            self.assertGreater(group.score, 0)
            self.assertEqual(group.member_count, 2)
            self.assertIn(pair[0].name, group.name)
        self.assertNotIn(abroad, self.group_of(typo[0]).member_ids, "another country is another customer")
        for partner in distinct:
            self.assertFalse(self.group_of(partner), f"{partner.name} has no duplicate")
        self.group_of(phone[0]).action_dismiss()
        again = self.Scan.create({"name": "Otra vez"})
        again.action_start()
        self.run_scan(again)
        self.assertFalse(self.group_of(phone[0]), "a dismissed pair is never proposed again")
        self.assertEqual(self.group_of(typo[0]).member_ids, typo, "pending groups are kept, not duplicated")
