# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fields an administrator adds to the customers from the UI (Configuration > Customer Fields)."""

import json
import os
import subprocess
import sys
import xmlrpc.client
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

import odoo
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, HttpCase, TransactionCase, tagged
from odoo.tools import config, mute_logger

from .common import TOUR_TIMEOUT, make_user, start_odoo_server, stop_odoo_server

ADMIN = "customer_base.group_customer_admin"
SALESPERSON = "customer_base.group_customer_salesperson"
CHOCOLATE = "x_chocolate_preferido"


def chocolate_values(**values):
    """A choice field "Chocolate preferido" with three options, shown everywhere."""
    return {
        "name": "Chocolate preferido",
        "field_type": "selection",
        "show_in_list": True,
        "show_in_search": True,
        "option_ids": [
            (0, 0, {"label": "Negro", "sequence": 1}),
            (0, 0, {"label": "Blanco", "sequence": 2}),
            (0, 0, {"label": "Con leche", "sequence": 3}),
        ],
        **values,
    }


def column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    return bool(cr.fetchone())


class CustomFieldCase(TransactionCase):
    """Creating a field changes the registry; each test gets it back as it found it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.configurator = make_user(cls.env, "cf_configurator", ADMIN)
        # Exporting takes Odoo's export right on top of the customer role.
        cls.salesperson = make_user(cls.env, "cf_salesperson", SALESPERSON, "base.group_allow_export")
        cls.customer = cls.env["res.partner"].create({"name": "Dulcería La Ceiba", "is_company": True})
        cls.Field = cls.env["customer.field"].with_user(cls.configurator)

    def setUp(self):
        # Registered before the test's savepoint, so it runs after its rollback: the registry drops the
        # fields the test created and whose columns the rollback removed.
        self.addCleanup(self.registry.setup_models, self.cr)
        super().setUp()

    @contextmanager
    def assertRefused(self, exception, message):
        """The block raises ``exception`` saying ``message``; what it wrote is rolled back.

        Odoo's assertRaises wraps the block in a savepoint; assertRaisesRegex does not.
        """
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(message, str(caught.exception))

    def arch(self, view_type, view_ref=None):
        """The combined arch of a res.partner view, as the web client gets it."""
        Partner = self.env["res.partner"].with_user(self.salesperson)
        view_id = self.env.ref(view_ref).id if view_ref else False
        views = Partner.get_views([(view_id, view_type)])["views"]
        return etree.fromstring(views[view_type]["arch"])


@tagged("post_install", "-at_install")
class TestCustomFieldDefinition(CustomFieldCase):
    def test_label_makes_a_real_field(self):
        """Saving a field creates a manual ir.model.fields x_… (label slugified, no accents) and its column."""
        field = self.Field.create(chocolate_values())
        self.assertEqual(field.technical_name, CHOCOLATE)
        self.assertEqual(field.sudo().ir_field_id.name, CHOCOLATE)
        self.assertEqual(field.sudo().ir_field_id.state, "manual")
        self.assertEqual(field.sudo().ir_field_id.model, "res.partner")
        self.assertTrue(column_exists(self.cr, "res_partner", CHOCOLATE))
        partner_field = self.env["res.partner"]._fields[CHOCOLATE]
        self.assertEqual(partner_field.type, "selection")
        self.assertEqual(partner_field.string, "Chocolate preferido")
        self.assertEqual(
            partner_field.selection, [("negro", "Negro"), ("blanco", "Blanco"), ("con_leche", "Con leche")]
        )
        accented = self.Field.create({"name": "Año de fundación ¿Ñandú?", "field_type": "integer"})
        self.assertEqual(accented.technical_name, "x_ano_de_fundacion_nandu")

    def test_every_type_makes_its_field(self):
        """Each type offered to the admin becomes the matching Odoo field type."""
        expected = {
            "char": "char",
            "text": "text",
            "integer": "integer",
            "float": "float",
            "date": "date",
            "boolean": "boolean",
            "many2one": "many2one",
            "many2many": "many2many",
        }
        for field_type, odoo_type in expected.items():
            with self.subTest(field_type=field_type):
                field = self.Field.create(
                    {
                        "name": f"Campo {field_type}",
                        "field_type": field_type,
                        "show_in_list": True,
                        "show_in_search": True,
                    }
                )
                self.assertEqual(self.env["res.partner"]._fields[field.technical_name].type, odoo_type)
                # The generated views passed Odoo's validation and reach the user.
                self.assertEqual(len(field.view_ids), 3)
                for view_type in ("form", "list", "search"):
                    arch = self.arch(view_type)
                    self.assertTrue(arch.xpath(f"//field[@name='{field.technical_name}']"), view_type)
        link = self.env["res.partner"]._fields["x_campo_many2one"]
        self.assertEqual(link.comodel_name, "res.partner")

    def test_views_show_the_field_where_asked(self):
        """Form section, optional list column, search field and group-by: each where its box says."""
        self.Field.create(chocolate_values())
        form = self.arch("form", "base.view_partner_form")
        self.assertEqual(
            len(form.xpath(f"//group[@name='customer_custom_fields']/field[@name='{CHOCOLATE}']")), 1
        )
        column = self.arch("list", "base.view_partner_tree").xpath(f"//list/field[@name='{CHOCOLATE}']")
        self.assertEqual([node.get("optional") for node in column], ["show"])
        search = self.arch("search", "base.view_res_partner_filter")
        self.assertEqual(len(search.xpath(f"//search/field[@name='{CHOCOLATE}']")), 1)
        group_by = search.xpath(f"//group[@name='group_by']/filter[@name='group_by_{CHOCOLATE}']")
        self.assertEqual(len(group_by), 1)
        self.assertIn(CHOCOLATE, group_by[0].get("context"))

        hidden = self.Field.create({"name": "Nota interna", "field_type": "text", "show_in_form": False})
        self.assertNotIn(
            hidden.technical_name, etree.tostring(self.arch("form", "base.view_partner_form")).decode()
        )
        self.assertNotIn(
            hidden.technical_name, etree.tostring(self.arch("list", "base.view_partner_tree")).decode()
        )
        self.assertFalse(hidden.view_ids)

    def test_views_follow_the_sequence(self):
        """Fields show in the form in the order of their sequence."""
        second = self.Field.create({"name": "Segundo", "sequence": 20})
        first = self.Field.create({"name": "Primero", "sequence": 10})
        names = [
            node.get("name")
            for node in self.arch("form", "base.view_partner_form").xpath(
                "//group[@name='customer_custom_fields']/field"
            )
        ]
        self.assertLess(names.index(first.technical_name), names.index(second.technical_name))
        first.sequence = 30
        names = [
            node.get("name")
            for node in self.arch("form", "base.view_partner_form").xpath(
                "//group[@name='customer_custom_fields']/field"
            )
        ]
        self.assertLess(names.index(second.technical_name), names.index(first.technical_name))

    def test_registry_change_is_signalled(self):
        """Creating a field goes through Odoo's registry reload, which other workers are signalled of."""
        self.registry.registry_invalidated = False
        self.Field.create({"name": "Sabor favorito"})
        self.assertTrue(self.registry.registry_invalidated)

    def test_tags_field(self):
        """Tags: a many2many to the field's own tags, its own relation table, offering only its tags."""
        interests = self.Field.create(
            {
                "name": "Intereses",
                "field_type": "many2many",
                "tag_ids": [(0, 0, {"name": "Trufas"}), (0, 0, {"name": "Bombones"})],
            }
        )
        occasions = self.Field.create(
            {"name": "Ocasiones", "field_type": "many2many", "tag_ids": [(0, 0, {"name": "Navidad"})]}
        )
        self.assertNotEqual(
            interests.sudo().ir_field_id.relation_table, occasions.sudo().ir_field_id.relation_table
        )
        partner_field = self.env["res.partner"]._fields["x_intereses"]
        self.assertEqual(partner_field.comodel_name, "customer.field.tag")
        self.assertEqual(
            partner_field.get_domain_list(self.env["res.partner"]), [("field_id", "=", interests.id)]
        )
        customer = self.customer.with_user(self.salesperson)
        customer.write(
            {"x_intereses": [(6, 0, interests.tag_ids.ids)], "x_ocasiones": [(6, 0, occasions.tag_ids.ids)]}
        )
        self.assertEqual(sorted(customer.x_intereses.mapped("name")), ["Bombones", "Trufas"])
        self.assertEqual(customer.x_ocasiones.mapped("name"), ["Navidad"])
        form = self.arch("form", "base.view_partner_form")
        node = form.xpath("//field[@name='x_intereses']")[0]
        self.assertEqual(node.get("widget"), "many2many_tags")
        self.assertEqual(interests.holder_count, 1)


@tagged("post_install", "-at_install")
class TestCustomFieldUse(CustomFieldCase):
    def test_salesperson_uses_the_field(self):
        """A salesperson writes, reads, searches, groups, exports and imports the new field."""
        self.Field.create(chocolate_values())
        Partner = self.env["res.partner"].with_user(self.salesperson)
        customer = self.customer.with_user(self.salesperson)
        customer.write({CHOCOLATE: "negro"})
        self.assertEqual(customer.read([CHOCOLATE])[0][CHOCOLATE], "negro")
        self.assertEqual(Partner.search([(CHOCOLATE, "=", "negro")]), customer)
        groups = Partner.read_group([(CHOCOLATE, "!=", False)], [CHOCOLATE], [CHOCOLATE])
        self.assertEqual([(g[CHOCOLATE], g[f"{CHOCOLATE}_count"]) for g in groups], [("negro", 1)])
        self.assertEqual(customer.export_data(["name", CHOCOLATE])["datas"], [["Dulcería La Ceiba", "Negro"]])
        result = Partner.load(["name", CHOCOLATE], [["Bombonería Cacao Real", "Con leche"]])
        self.assertFalse(result["messages"], result["messages"])
        imported = Partner.browse(result["ids"])
        self.assertEqual(imported[CHOCOLATE], "con_leche")
        self.assertIn(CHOCOLATE, Partner.fields_get([CHOCOLATE]))

    def test_required_is_asked_by_the_form(self):
        """Required: the form asks for it; customers created elsewhere and existing ones stay valid."""
        self.Field.create(chocolate_values(required=True))
        node = self.arch("form", "base.view_partner_form").xpath(f"//field[@name='{CHOCOLATE}']")[0]
        self.assertEqual(node.get("required"), "1")
        # Contacts created by other apps or imports without the value are still accepted.
        other = self.env["res.partner"].with_user(self.salesperson).create({"name": "Contacto sin chocolate"})
        self.assertFalse(other[CHOCOLATE])
        self.assertFalse(self.env["ir.model.fields"]._get("res.partner", CHOCOLATE).required)

    def test_default_value(self):
        """The default fills new customers; clearing it stops that; a label is accepted for a choice."""
        field = self.Field.create(chocolate_values(default_value="Con leche"))
        Partner = self.env["res.partner"].with_user(self.salesperson)
        self.assertEqual(Partner.create({"name": "Nuevo cliente"})[CHOCOLATE], "con_leche")
        field.default_value = False
        self.assertFalse(Partner.create({"name": "Otro cliente"})[CHOCOLATE])
        number = self.Field.create({"name": "Compras al año", "field_type": "float", "default_value": "3,5"})
        self.assertEqual(Partner.create({"name": "Tercer cliente"})[number.technical_name], 3.5)
        flag = self.Field.create({"name": "Acepta muestras", "field_type": "boolean", "default_value": "Sí"})
        self.assertTrue(Partner.create({"name": "Cuarto cliente"})[flag.technical_name])


@tagged("post_install", "-at_install")
class TestCustomFieldChanges(CustomFieldCase):
    def test_rename_label(self):
        """Renaming the label renames the field everywhere, in the language edited; the name stays."""
        self.env["res.lang"]._activate_lang("es_419")
        field = self.Field.create(chocolate_values())
        field.name = "Favourite chocolate"
        field.with_context(lang="es_419").name = "Chocolate favorito"
        self.assertEqual(field.technical_name, CHOCOLATE)
        description = self.env["res.partner"].fields_get([CHOCOLATE])[CHOCOLATE]["string"]
        self.assertEqual(description, "Favourite chocolate")
        spanish = self.env["res.partner"].with_context(lang="es_419").fields_get([CHOCOLATE])
        self.assertEqual(spanish[CHOCOLATE]["string"], "Chocolate favorito")
        field.option_ids[0].with_context(lang="es_419").label = "Negro puro"
        spanish = self.env["res.partner"].with_context(lang="es_419").fields_get([CHOCOLATE])
        self.assertEqual(spanish[CHOCOLATE]["selection"][0], ("negro", "Negro puro"))
        english = self.env["res.partner"].with_context(lang="en_US").fields_get([CHOCOLATE])
        self.assertEqual(english[CHOCOLATE]["selection"][0], ("negro", "Negro"))
        field.update_field_translations("name", {"es_419": "Chocolate del alma"})
        spanish = self.env["res.partner"].with_context(lang="es_419").fields_get([CHOCOLATE])
        self.assertEqual(spanish[CHOCOLATE]["string"], "Chocolate del alma")

    def test_options_change(self):
        """Options: adding and relabelling change the choices; renaming a value moves the customers."""
        field = self.Field.create(chocolate_values())
        self.customer[CHOCOLATE] = "negro"
        field.write({"option_ids": [(0, 0, {"label": "Amargo 70%", "sequence": 4})]})
        negro = field.option_ids.filtered(lambda o: o.value == "negro")
        negro.write({"label": "Negro intenso", "value": "negro_intenso"})
        self.assertEqual(
            self.env["res.partner"]._fields[CHOCOLATE].selection,
            [
                ("negro_intenso", "Negro intenso"),
                ("blanco", "Blanco"),
                ("con_leche", "Con leche"),
                ("amargo_70", "Amargo 70%"),
            ],
        )
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[CHOCOLATE], "negro_intenso")

    def test_default_follows_its_option(self):
        """Renaming the value of the default option moves the default; removing that option is refused."""
        field = self.Field.create(chocolate_values(default_value="negro"))
        negro = field.option_ids.filtered(lambda o: o.value == "negro")
        negro.value = "negro_intenso"
        self.assertEqual(field.default_value, "negro_intenso")
        with self.assertRefused(ValidationError, "is the default value of “Chocolate preferido”"):
            negro.unlink()
        Partner = self.env["res.partner"].with_user(self.salesperson)
        self.assertEqual(Partner.create({"name": "Cliente nuevo"})[CHOCOLATE], "negro_intenso")

    def test_removing_an_option(self):
        """An option held by customers cannot be removed; a free one can."""
        field = self.Field.create(chocolate_values())
        self.customer[CHOCOLATE] = "negro"
        negro = field.option_ids.filtered(lambda o: o.value == "negro")
        blanco = field.option_ids.filtered(lambda o: o.value == "blanco")
        with self.assertRefused(
            UserError, "Customers holding the option “Negro” of “Chocolate preferido”: 1."
        ):
            field.write({"option_ids": [(2, negro.id)]})
        field.write({"option_ids": [(2, blanco.id)]})
        self.assertEqual(
            [value for value, _label in self.env["res.partner"]._fields[CHOCOLATE].selection],
            ["negro", "con_leche"],
        )
        self.customer[CHOCOLATE] = False
        with self.assertRefused(ValidationError, "needs at least one option"):
            field.write({"option_ids": [(2, option.id) for option in field.option_ids]})

    def test_hide_keeps_the_data(self):
        """Archiving removes the field from every view but keeps the customers' data; unarchiving shows it."""
        field = self.Field.create(chocolate_values())
        self.customer[CHOCOLATE] = "blanco"
        field.action_archive()
        self.assertFalse(field.view_ids)
        for view_type, ref in (("form", "base.view_partner_form"), ("list", "base.view_partner_tree")):
            self.assertNotIn(CHOCOLATE, etree.tostring(self.arch(view_type, ref)).decode())
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[CHOCOLATE], "blanco")
        field.action_unarchive()
        self.assertEqual(
            len(self.arch("form", "base.view_partner_form").xpath(f"//field[@name='{CHOCOLATE}']")), 1
        )

    def test_delete_with_confirmation(self):
        """Delete first states how many customers hold data, then drops the field, its column and views."""
        field = self.Field.create(chocolate_values())
        self.customer[CHOCOLATE] = "negro"
        action = field.action_delete()
        wizard = self.env[action["res_model"]].with_user(self.configurator).browse(action["res_id"])
        self.assertEqual(wizard.holder_count, 1)
        self.assertIn("Customers holding data in “Chocolate preferido”: 1.", wizard.message)
        views = field.view_ids
        self.assertTrue(views)
        wizard.action_confirm()
        self.assertFalse(field.exists())
        self.assertFalse(views.exists())
        self.assertNotIn(CHOCOLATE, self.env["res.partner"]._fields)
        self.assertFalse(column_exists(self.cr, "res_partner", CHOCOLATE))
        self.assertFalse(self.env["ir.model.fields"]._get("res.partner", CHOCOLATE))

    def test_type_and_technical_name_are_frozen(self):
        """Once created, neither the type nor the technical name may change."""
        field = self.Field.create(chocolate_values())
        with self.assertRefused(UserError, "type"):
            field.field_type = "char"
        with self.assertRefused(UserError, "technical name"):
            field.technical_name = "x_otro_nombre"


@tagged("post_install", "-at_install")
class TestCustomFieldErrors(CustomFieldCase):
    def test_bad_definitions_are_refused(self):
        """Empty label, duplicate or clashing name, options missing or repeated: clear errors, no field."""
        self.Field.create(chocolate_values())
        self.env["ir.model.fields"].create(
            {
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "name": "x_cliente_vip",
                "field_description": "Cliente VIP",
                "ttype": "boolean",
            }
        )
        cases = [
            ({"name": "  "}, "needs a label"),
            (chocolate_values(), "already uses the technical name"),
            ({"name": "Otro", "technical_name": "x_chocolate_preferido"}, "already uses the technical name"),
            ({"name": "Cliente VIP", "field_type": "boolean"}, "already have a field named"),
            ({"name": "Sabor", "field_type": "selection"}, "needs at least one option"),
            (
                {
                    "name": "Sabor",
                    "field_type": "selection",
                    "option_ids": [(0, 0, {"label": "Menta"}), (0, 0, {"label": "Menta", "value": "menta"})],
                },
                "option value “menta” twice",
            ),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.assertRefused(ValidationError, message):
                self.Field.create(values)
        self.assertEqual(self.env["customer.field"].search_count([]), 1)

    @mute_logger("odoo.sql_db")
    def test_bad_defaults_are_refused(self):
        """A default that is not a value of the field's type is refused, naming the value."""
        cases = [
            ({"field_type": "integer", "default_value": "doce"}, "“doce”"),
            ({"field_type": "float", "default_value": "1.2.3"}, "“1.2.3”"),
            ({"field_type": "date", "default_value": "31/12/2024"}, "“31/12/2024”"),
            ({"field_type": "boolean", "default_value": "quizás"}, "“quizás”"),
            ({"field_type": "many2one", "default_value": "Dulcería"}, "cannot have a default"),
            (dict(chocolate_values(), default_value="Rosado"), "“Rosado”"),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.assertRefused(ValidationError, message):
                self.Field.create(dict({"name": "Con valor por defecto"}, **values))

    def test_only_admins_manage_fields(self):
        """A salesperson cannot define fields, and the admin check guards the sudo() calls."""
        with self.assertRaises(AccessError):
            self.env["customer.field"].with_user(self.salesperson).create({"name": "Intruso"})
        with self.assertRaises(AccessError):
            self.env["customer.field"].with_user(self.salesperson)._check_customer_admin()


@tagged("post_install", "-at_install")
class TestCustomFieldTour(HttpCase):
    def setUp(self):
        self.addCleanup(self.registry.setup_models, self.cr)
        super().setUp()

    def test_admin_adds_field_salesperson_fills_it(self):
        """In the browser: an admin adds a choice field; a salesperson fills it and filters customers by it."""
        make_user(self.env, "cf_tour_vendedor", SALESPERSON)
        customer = self.env["res.partner"].create({"name": "Dulcería La Ceiba", "is_company": True})
        self.start_tour("/odoo", "customer_base_admin_adds_custom_field", login="admin", timeout=TOUR_TIMEOUT)
        field = self.env["customer.field"].search([("technical_name", "=", CHOCOLATE)])
        self.assertEqual(field.option_ids.mapped("value"), ["negro", "blanco", "con_leche"])
        self.start_tour(
            "/odoo",
            "customer_base_salesperson_fills_custom_field",
            login="cf_tour_vendedor",
            timeout=TOUR_TIMEOUT,
        )
        customer.invalidate_recordset()
        self.assertEqual(customer[CHOCOLATE], "con_leche")


@tagged("post_install", "-at_install")
class TestCustomFieldOutlivesUpgrade(BaseCase):
    """On a scratch database: a server with two workers, then ``-u customer_base``."""

    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"

    def odoo(self, *args, input_script=None, timeout=900):
        cmd = [sys.executable, str(self.odoo_bin)]
        if args and not args[0].startswith("-"):
            cmd.append(args[0])
            args = args[1:]
        cmd += ["-c", config.rcfile, "--log-level=warn", *args]
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, input=input_script, check=False
        )
        self.assertEqual(proc.returncode, 0, f"{cmd} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def drop_database(self, name):
        subprocess.run(["dropdb", "--if-exists", name], check=True)

    def test_field_reaches_every_worker_and_survives_upgrade(self):
        """Defined over RPC on a 2-worker server, every worker knows it, and a field access rule on it; -u
        customer_base keeps field and data."""
        db = f"{config['db_name'] or 'customer'}_cf_upgrade_{os.getpid()}"
        self.drop_database(db)
        self.addCleanup(self.drop_database, db)
        self.odoo("-d", db, "-i", "customer_base", "--without-demo=all", "--stop-after-init")

        url, server = start_odoo_server(db, workers=2)
        try:
            uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, "admin", "admin", {})
            rpc = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

            def call(model, method, *args, **kwargs):
                return rpc.execute_kw(db, uid, "admin", model, method, list(args), kwargs)

            field_id = call("customer.field", "create", chocolate_values())
            # Each request lands on either worker: all of them must know the new field at once.
            for _attempt in range(12):
                self.assertIn(CHOCOLATE, call("res.partner", "fields_get", [CHOCOLATE]))
            partner_id = call("res.partner", "create", {"name": "Dulcería La Ceiba", CHOCOLATE: "con_leche"})
            self.assertEqual(call("res.partner", "search", [(CHOCOLATE, "=", "con_leche")]), [partner_id])

            # The field access policy reaches every worker too: hidden from salespeople, at once.
            def group(xmlid):
                return call("ir.model.data", "check_object_reference", "customer_base", xmlid)[1]

            call("res.users", "create", {"name": "Vendedora Workers", "login": "workers_vendedor",
                                         "password": "workers_vendedor",
                                         "groups_id": [(6, 0, [group("group_customer_salesperson")])]})  # fmt: skip
            [ir_field] = call(
                "ir.model.fields", "search", [("model", "=", "res.partner"), ("name", "=", CHOCOLATE)]
            )
            call("customer.field.access", "create", [
                {"field_id": ir_field, "group_id": group("group_customer_manager"), "access": "edit"},
                {"field_id": ir_field, "group_id": group("group_customer_salesperson"), "access": "hidden"},
            ])  # fmt: skip
            common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
            vendedor = common.authenticate(db, "workers_vendedor", "workers_vendedor", {})
            for _attempt in range(12):
                described = rpc.execute_kw(
                    db, vendedor, "workers_vendedor", "res.partner", "fields_get", [[CHOCOLATE]], {}
                )
                self.assertNotIn(CHOCOLATE, described)
                with self.assertRaises(xmlrpc.client.Fault):
                    rpc.execute_kw(
                        db,
                        vendedor,
                        "workers_vendedor",
                        "res.partner",
                        "read",
                        [[partner_id], [CHOCOLATE]],
                        {},
                    )
        finally:
            stop_odoo_server(server)

        self.odoo("-d", db, "-u", "customer_base", "--stop-after-init")

        script = f"""
import json
from lxml import etree
field = env["customer.field"].browse({field_id})
partner = env["res.partner"].browse({partner_id})
views = env["res.partner"].get_views([(env.ref("base.view_partner_form").id, "form"),
                                      (env.ref("base.view_partner_tree").id, "list"),
                                      (env.ref("base.view_res_partner_filter").id, "search")])["views"]
print("RESULT" + json.dumps({{
    "exists": bool(field.exists()),
    "value": partner[{CHOCOLATE!r}],
    "views": len(field.view_ids),
    "shown": sorted(kind for kind, view in views.items()
                    if etree.fromstring(view["arch"]).xpath("//field[@name={CHOCOLATE!r}]")),
}}))
"""
        output = self.odoo("shell", "-d", db, "--no-http", input_script=script)
        line = next(line for line in output.splitlines() if line.startswith("RESULT"))
        self.assertEqual(
            json.loads(line[len("RESULT") :]),
            {"exists": True, "value": "con_leche", "views": 3, "shown": ["form", "list", "search"]},
        )
