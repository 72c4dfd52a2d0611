# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Tests that find a class of security defect rather than one instance: every context key the suite reads,
every model of the suite that holds customer data, every thing the Customer Database Administrator
configures, and who may hide a customer from everyone."""

import re
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import make_user

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"
ADMIN = "customer_base.group_customer_admin"
REPO = Path(__file__).resolve().parents[2]
SUITE_ADDONS = sorted(
    path.name
    for path in REPO.iterdir()
    if path.name.startswith("customer_") and (path / "__manifest__.py").exists()
)
# keys the suite once read from the context to change what the server allowed (kept so that this test
# would have failed on them)
FORMER_KEYS = {"customer_duplicate_ignore_ids", "customer_interaction_no_auto", "lifecycle_rule"}
CONTEXT_READ = re.compile(r"""(?:context|_context)(?:\.get\(\s*|\[\s*)["']([A-Za-z0-9_]+)["']""")


def context_keys_read():
    """Every context key the suite's code reads (tests excluded), found in its source."""
    keys = set()
    for addon in SUITE_ADDONS:
        for path in (REPO / addon).rglob("*.py"):
            if "tests" not in path.relative_to(REPO / addon).parts:
                keys.update(CONTEXT_READ.findall(path.read_text(encoding="utf-8")))
    return keys


@tagged("post_install", "-at_install")
class TestContextAudit(TransactionCase):
    """A client may send any context key: none changes what the server lets it do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendedor = make_user(cls.env, "audit_vendedor", SALESPERSON)
        Partner = cls.env["res.partner"]
        cls.taken = Partner.create({"name": "Cacao Taken S.A.S.", "is_company": True, "vat": "900123456"})
        cls.customer = Partner.create({"name": "Cliente Auditado", "email": "auditado@example.com"})
        cls.customer.lifecycle_stage_id = cls.env.ref("customer_base.stage_customer")
        cls.other = Partner.create({"name": "Cliente Auditado Bis"})

    def scenarios(self, env):
        """(label, call) pairs that the server must refuse to a Vendedor."""
        Partner = env["res.partner"]
        customer = Partner.browse(self.customer.id)
        return [
            (
                "blocked duplicate",
                lambda: Partner.create({"name": "Otra", "is_company": True, "vat": self.taken.vat}),
            ),
            ("read-only rating", lambda: customer.write({"customer_rating": 10})),
            (
                "backwards stage",
                lambda: customer.write({"lifecycle_stage_id": env.ref("customer_base.stage_prospect").id}),
            ),
            ("customer override", lambda: customer.write({"is_customer_override": "not_customer"})),
            ("archive a customer", lambda: customer.action_archive()),
            ("delete a customer", lambda: customer.unlink()),
            (
                "merge",
                lambda: env["customer.merge.wizard"]
                .create({"partner_ids": [Command.set((self.customer | self.other).ids)]})
                .action_merge(),
            ),
        ]

    def test_keys_found(self):
        """The audit reads the suite's source: it finds the keys the suite reads (the list is not empty)."""
        self.assertIn("active_ids", context_keys_read())

    def test_no_context_key_changes_a_refusal(self):
        """Each key the suite reads (and the ones it used to), sent with any value, leaves every refusal."""
        keys = context_keys_read() | FORMER_KEYS
        values = (True, 1, "1", [self.taken.id, self.customer.id, self.other.id])
        for key in sorted(keys):
            for value in values:
                env = self.env(user=self.vendedor, context={key: value})
                for label, call in self.scenarios(env):
                    with (
                        self.subTest(key=key, value=value, refusal=label),
                        self.assertRaises(UserError),  # AccessError is one too
                        self.env.cr.savepoint(),
                    ):
                        call()

    def test_no_context_key_skips_the_interaction_history(self):
        """An email to a customer is recorded in its history whatever the client says in the context."""
        for key in sorted(context_keys_read() | FORMER_KEYS):
            with self.subTest(key=key):
                customer = self.customer.with_user(self.vendedor).with_context(**{key: True})
                before = len(self.customer.sudo().customer_interaction_ids)
                customer.message_post(
                    body="Le escribimos", message_type="comment", subtype_xmlid="mail.mt_comment",
                    partner_ids=self.customer.ids,
                )  # fmt: skip
                self.assertEqual(len(self.customer.sudo().customer_interaction_ids), before + 1)


@tagged("post_install", "-at_install")
class TestBranchMatrix(TransactionCase):
    """Every model of the suite that holds data about a customer follows the customer's branch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.company
        cls.branch_a = cls.env["res.company"].create({"name": "Sucursal Bogotá", "parent_id": cls.main.id})
        cls.branch_b = cls.env["res.company"].create({"name": "Sucursal Mérida", "parent_id": cls.main.id})
        groups = f"{MANAGER},base.group_multi_company"
        cls.manager_a = new_test_user(cls.env, "matrix_a", groups=groups, company_id=cls.branch_a.id,
                                      company_ids=[Command.set(cls.branch_a.ids)])  # fmt: skip
        cls.manager_b = new_test_user(cls.env, "matrix_b", groups=groups, company_id=cls.branch_b.id,
                                      company_ids=[Command.set(cls.branch_b.ids)])  # fmt: skip

    def customer_models(self):
        """The models the suite defines whose records point at a customer (directly or through another)."""
        suite = {
            name
            for name, Model in self.env.registry.items()
            if Model._original_module in SUITE_ADDONS
            and not Model._abstract
            and not Model._transient
            and Model._auto
        }
        holders = {"res.partner"}
        changed = True
        while changed:
            changed = False
            for name in suite - holders:
                fields_ = self.env[name]._fields.values()
                if any(
                    f.store and f.type in ("many2one", "many2many") and f.comodel_name in holders
                    for f in fields_
                ):
                    holders.add(name)
                    changed = True
        return sorted(holders - {"res.partner"})

    def test_every_customer_model_has_a_branch_rule(self):
        """A model of the suite with customer data and no record rule fails this test (a new model too)."""
        models_ = self.customer_models()
        self.assertIn("customer.merge.log.line", models_)
        self.assertIn("customer.interaction", models_)
        ruled = set(self.env["ir.rule"].sudo().search([("active", "=", True)]).model_id.mapped("model"))
        self.assertEqual([name for name in models_ if name not in ruled], [])

    def test_merge_rows_and_undo_across_branches(self):
        """Branch A's manager reads none of branch B's merge rows, and cannot undo an older merge that a
        later merge of branch B stands on; the refusal does not say what branch B's merge holds."""
        Partner = self.env["res.partner"]
        shared = Partner.create({"name": "Chocolates Compartidos", "company_id": False})
        twin = Partner.create({"name": "Chocolates Compartidos (2)", "company_id": False})
        private_b = Partner.create({"name": "Secreto de Mérida", "company_id": self.branch_b.id})
        Log = self.env["customer.merge.log"]
        first = Log.with_user(self.manager_a)._customer_merge(shared, twin)
        self.env.flush_all()
        self.assertEqual(first.sudo().company_id.id, False)
        later = Log.with_user(self.manager_b)._customer_merge(shared, private_b)
        self.env.flush_all()
        self.assertTrue(later.sudo().line_ids or later.sudo().steps is not None)
        lines_a = self.env["customer.merge.log.line"].with_user(self.manager_a)
        self.assertEqual(lines_a.search_count([("log_id", "=", later.id)]), 0)
        self.assertEqual(
            lines_a.search_count([("log_id.dst_partner_id", "=", shared.id), ("log_id", "=", later.id)]), 0
        )
        with self.assertRaises(UserError) as refused:
            first.with_user(self.manager_a).action_undo()
        self.assertIn("branch you do not have access to", str(refused.exception))
        self.assertNotIn("Secreto", str(refused.exception))
        self.assertNotIn("Mérida", str(refused.exception))
        self.assertFalse(twin.with_context(active_test=False).active, "nothing was undone")


@tagged("post_install", "-at_install")
class TestCustomerAdministrator(TransactionCase):
    """The Customer Database Administrator (karla: that role without Settings) configures the customer
    database in the UI, and gains nothing beyond it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.karla = cls.env.ref("customer_base.user_karla")

    def setUp(self):
        super().setUp()
        self.addCleanup(lambda: self.env["res.partner"]._customer_policy_changed())

    def test_karla_is_not_an_odoo_administrator(self):
        self.assertTrue(self.karla.has_group(ADMIN))
        self.assertFalse(self.karla.has_group("base.group_system"))
        self.assertFalse(self.karla.has_group("base.group_erp_manager"))

    def test_karla_configures_field_access_conditions_and_fields(self):
        """Field Access, Conditional Fields, Customer Fields, types, stages and duplicate rules, by form."""
        env = self.env(user=self.karla)
        birthday = env["ir.model.fields"]._get("res.partner", "customer_birthday")
        self.assertTrue(birthday, "karla reads the contacts' field definitions")
        with Form(env["customer.field.access"]) as form:
            form.field_id = birthday
            form.group_id = self.env.ref(SALESPERSON)
            form.access = "hidden"
        self.assertEqual(
            env["customer.field.access"].search([("field_id", "=", birthday.id)]).access, "hidden"
        )
        with Form(env["customer.field.condition"]) as form:
            form.field_id = env["ir.model.fields"]._get("res.partner", "customer_children")
            form.kind = "hidden"
            form.domain = "[('is_company', '=', True)]"
        with Form(env["customer.field"]) as form:
            form.name = "Sabor de la casa"
        self.assertIn("x_sabor_de_la_casa", self.env["res.partner"]._fields)
        with Form(env["customer.type"]) as form:
            form.name = "Mayorista"
            form.code = "wholesale"
        with Form(env["customer.lifecycle.stage"]) as form:
            form.name = "Reactivado"
            form.code = "reactivated"
        with Form(env["customer.duplicate.rule"]) as form:
            form.name = "Mismo correo, bloquea"
            form.key = "email"
            form.action = "block"

    def test_karla_gains_nothing_beyond_the_customer_database(self):
        """Only the contacts' field definitions; no writes on them, no rights, groups or users of others."""
        env = self.env(user=self.karla)
        Fields = env["ir.model.fields"]
        self.assertEqual(Fields.search_count([("model", "!=", "res.partner")]), 0)
        self.assertGreater(Fields.search_count([("model", "=", "res.partner")]), 50)
        users_field = self.env["ir.model.fields"]._get("res.users", "password")
        with self.assertRaises(AccessError):
            Fields.browse(users_field.id).read(["name"])
        with self.assertRaises(AccessError):
            Fields.browse(self.env["ir.model.fields"]._get("res.partner", "name").id).write(
                {"field_description": "X"}
            )
        with self.assertRaises(AccessError):
            env["ir.rule"].create({"name": "x", "model_id": self.env.ref("base.model_res_partner").id})
        with self.assertRaises(AccessError):
            env["ir.model.access"].create(
                {"name": "x", "model_id": self.env.ref("base.model_res_partner").id}
            )
        with self.assertRaises(AccessError):
            self.env.ref("base.group_system").with_user(self.karla).write(
                {"users": [Command.link(self.karla.id)]}
            )
        with self.assertRaises(AccessError):
            self.karla.with_user(self.karla).write(
                {"groups_id": [Command.link(self.env.ref("base.group_system").id)]}
            )
        # an administrator of Odoo still reads every field definition
        admin = self.env(user=self.env.ref("base.user_admin"))
        self.assertGreater(admin["ir.model.fields"].search_count([("model", "=", "res.users")]), 10)


@tagged("post_install", "-at_install")
class TestArchiving(TransactionCase):
    """Archiving a customer hides it from everyone: a Responsable's decision, like deleting it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendedor = make_user(cls.env, "arch_vendedor", SALESPERSON)
        cls.responsable = make_user(cls.env, "arch_responsable", MANAGER)

    def test_salesperson_cannot_archive_a_customer(self):
        customer = self.env["res.partner"].create({"name": "Cliente Archivable"})
        for call in (
            lambda c: c.action_archive(),
            lambda c: c.write({"active": False}),
            lambda c: c.toggle_active(),
        ):
            with self.assertRaises(AccessError):
                call(customer.with_user(self.vendedor))
        self.assertTrue(customer.active)
        customer.with_user(self.responsable).action_archive()
        self.assertFalse(customer.active)
        with self.assertRaises(AccessError):
            customer.with_user(self.vendedor).action_unarchive()
        customer.with_user(self.responsable).action_unarchive()
        self.assertTrue(customer.active)

    def test_salesperson_still_archives_addresses(self):
        """Emptying the office address archives its delivery address, whoever edits the customer."""
        customer = self.env["res.partner"].create(
            {"name": "Cliente Oficina", "customer_office_address": "Calle 1"}
        )
        customer.with_user(self.vendedor).write({"customer_office_address": False})
        office = customer.with_context(active_test=False).child_ids.filtered("customer_address_kind")
        self.assertFalse(office.active)
