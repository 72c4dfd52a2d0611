# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The field policy on every path, generated: every field type we support (fields of the profile, of Odoo
and added in the UI) × (hidden, read-only) × every way a client reaches a value.

One policy is set for all the fields at once (one registry setup): hidden from Vendedor and Responsable,
read-only for Director, editable for the Customer Database Administrator, whose reads are the control
that proves each probe would have found the value."""

import datetime
import json
import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.models import BaseModel
from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .common import make_user
from .test_field_policy import PolicyCase

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"
DIRECTOR = "customer_base.group_customer_director"
ADMIN = "customer_base.group_customer_admin"
REFUSED = (AccessError, UserError, ValidationError)


def export_path(field):
    """The column exporting a field's value as text."""
    if field.type == "one2many":
        return f"{field.name}/note"
    return f"{field.name}/display_name" if field.relational else field.name


def as_text(value):
    """JSON for what the ORM answers: records by their names, dates as ISO text."""
    if isinstance(value, BaseModel):
        return value.sudo().mapped("display_name")
    return str(value)


@tagged("post_install", "-at_install")
class TestPolicyMatrix(PolicyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        export = "base.group_allow_export"
        cls.vendedor = make_user(env, "mx_vendedor", SALESPERSON, export)
        cls.responsable = make_user(env, "mx_responsable", MANAGER, export)
        cls.director_user = make_user(env, "mx_director", DIRECTOR, export)
        cls.karla = make_user(env, "mx_karla", ADMIN, export)
        cls.profession = env["customer.profession"].create({"name": "Catadora Secreta"})
        cls.hobby = env["customer.hobby"].create({"name": "Pasatiempo Secreto"})
        cls.area = env["customer.area"].create({"name": "Área Secreta", "code": "secret_area"})
        Field = env["customer.field"]
        ui = {
            "char": Field.create({"name": "Clave UI texto", "field_type": "char"}),
            "text": Field.create({"name": "Clave UI nota", "field_type": "text"}),
            "integer": Field.create({"name": "Clave UI entero", "field_type": "integer"}),
            "float": Field.create({"name": "Clave UI decimal", "field_type": "float"}),
            "date": Field.create({"name": "Clave UI fecha", "field_type": "date"}),
            "boolean": Field.create({"name": "Clave UI si", "field_type": "boolean"}),
            "selection": Field.create(
                {
                    "name": "Clave UI choice",
                    "field_type": "selection",
                    "option_ids": [Command.create({"label": "Opción Secreta"})],
                }
            ),
            "many2many": Field.create(
                {
                    "name": "Clave UI tags",
                    "field_type": "many2many",
                    "tag_ids": [Command.create({"name": "Etiqueta Secreta"})],
                }
            ),
            "many2one": Field.create({"name": "Clave UI link", "field_type": "many2one"}),
        }
        # a datetime added in Settings > Technical (the customer fields offer none)
        env["ir.model.fields"].create(
            {
                "model_id": env["ir.model"]._get_id("res.partner"),
                "name": "x_mx_seen",
                "field_description": "Visto en secreto",
                "ttype": "datetime",
            }
        )
        linked = env["res.partner"].create({"name": "Contacto Vinculado Secreto"})
        tag = ui["many2many"].tag_ids
        # field name → (value written, marker that must never reach a user it is hidden from)
        cls.cases = {
            "customer_preferred_product": ("Trufa 7391", "Trufa 7391"),
            "email": ("secreto7391@example.com", "secreto7391@example.com"),
            "comment": ("<p>Nota 7391</p>", "Nota 7391"),
            "customer_children": (7391, 7391),
            "partner_latitude": (7.391, 7.391),
            "customer_birthday": (datetime.date(1971, 3, 9), "1971-03-09"),
            "x_mx_seen": (datetime.datetime(1973, 9, 1, 7, 3, 9), "1973-09-01"),
            "customer_marital_status": ("widowed", "widowed"),
            "customer_profession_id": (cls.profession.id, "Catadora Secreta"),
            "customer_hobby_ids": ([Command.set(cls.hobby.ids)], "Pasatiempo Secreto"),
            "customer_area_contact_ids": (
                [Command.create({"area_id": cls.area.id, "note": "Nota área 7391"})],
                "Nota área 7391",
            ),
            ui["char"].technical_name: ("UI 7391", "UI 7391"),
            ui["text"].technical_name: ("UI nota 7391", "UI nota 7391"),
            ui["integer"].technical_name: (73911, 73911),
            ui["float"].technical_name: (73.91, 73.91),
            ui["date"].technical_name: (datetime.date(1979, 1, 3), "1979-01-03"),
            ui["boolean"].technical_name: (True, True),
            ui["selection"].technical_name: (
                ui["selection"].option_ids.value,
                ui["selection"].option_ids.value,
            ),
            ui["many2many"].technical_name: ([Command.set(tag.ids)], "Etiqueta Secreta"),
            ui["many2one"].technical_name: (linked.id, "Contacto Vinculado Secreto"),
        }
        cls.customer_x = env["res.partner"].create(
            {"name": "Cliente Matriz", "is_company": True, **{f: v for f, (v, _m) in cls.cases.items()}}
        )
        fields_ = env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "in", list(cls.cases))]
        )
        assert len(fields_) == len(cls.cases), "every field of the matrix exists"
        groups = {xmlid: env.ref(xmlid) for xmlid in (SALESPERSON, DIRECTOR, ADMIN)}
        env["customer.field.access"].create(
            [
                {"field_id": field.id, "group_id": groups[xmlid].id, "access": access}
                for field in fields_
                for xmlid, access in ((SALESPERSON, "hidden"), (DIRECTOR, "readonly"), (ADMIN, "edit"))
            ]
        )
        cls.customer_x_id = cls.customer_x.id
        # how each value may be spelled in an answer (a selection's key or label)
        cls.markers = {
            fname: {json.dumps(marker, ensure_ascii=False).strip('"')}
            for fname, (_v, marker) in cls.cases.items()
        }
        cls.markers["customer_marital_status"].add("Widowed")
        cls.markers[ui["selection"].technical_name].add("Opción Secreta")

    def setUp(self):
        super().setUp()
        # every policy change sets the registry up again: records made before belong to older classes
        self.customer_x = self.env["res.partner"].browse(self.customer_x_id)

    # --- helpers ------------------------------------------------------------------------------------
    def probe(self, user, fname, call):
        """Run ``call(model)`` as ``user``; the answer (or the refusal) as text."""
        try:
            return json.dumps(
                call(self.env["res.partner"].with_user(user)), default=as_text, ensure_ascii=False
            )
        except REFUSED as error:
            # the refusal names the field and the user (by id), never the value
            return "refused: " + re.sub(r"User: \d+", "", str(error))

    def assertHidden(self, fname, call):
        """``call`` finds the value for the administrator, and never for Vendedor or Responsable."""
        # the value, however spelled; in an answer (not a refusal, which names the field), the field itself
        markers = self.markers[fname]
        control = self.probe(self.karla, fname, call)
        key = f'"{fname}":'
        self.assertTrue(
            any(m in control for m in markers) or key in control,
            f"{fname}: the control must see it in {control}",
        )
        for user in (self.vendedor, self.responsable):
            answer = self.probe(user, fname, call)
            for marker in markers:
                self.assertNotIn(marker, answer, f"{user.login} got {fname}")
            if not answer.startswith("refused"):
                self.assertNotIn(key, answer, f"{user.login} got {fname}")

    def each_field(self):
        for fname in self.cases:
            with self.subTest(field=fname):
                yield fname

    # --- hidden: the value never comes back -----------------------------------------------------------
    def test_hidden_read_paths(self):
        """read, search_read, web_read, web_search_read, export_data: no hidden value."""
        ids = self.customer_x.ids
        dom = [("id", "in", ids)]
        for fname in self.each_field():
            spec = (
                {fname: {"fields": {"display_name": {}}}}
                if self.customer_x._fields[fname].relational
                else {fname: {}}
            )
            self.assertHidden(fname, lambda m, f=fname: m.browse(ids).read([f]))
            self.assertHidden(fname, lambda m, f=fname: m.search_read(dom, [f]))
            self.assertHidden(fname, lambda m, s=spec: m.browse(ids).web_read(s))
            self.assertHidden(fname, lambda m, s=spec: m.web_search_read(dom, s))
            self.assertHidden(
                fname,
                lambda m, f=fname: m.browse(ids).export_data([export_path(m._fields[f])]),
            )
        # the fields a client discovers (fields_get: what read() without a list reads) leave them out
        self.assertEqual(
            set(self.cases) - set(self.env["res.partner"].with_user(self.karla).fields_get()), set()
        )
        for user in (self.vendedor, self.responsable):
            described = self.env["res.partner"].with_user(user).fields_get()
            self.assertFalse(set(self.cases) & described.keys(), user.login)

    def test_hidden_search_paths(self):
        """search and search_count on a hidden field, read_group by it or of it: no oracle."""
        for fname in self.each_field():
            field = self.customer_x._fields[fname]
            if field.type in ("one2many",):
                domain = [(f"{fname}.note", "=", "Nota área 7391")]
            elif field.type in ("many2one", "many2many"):
                domain = [(f"{fname}.display_name", "=", self.cases[fname][1])]
            else:
                value = self.customer_x[fname]
                domain = [(fname, "=", value)]
            target = self.customer_x.id
            for user in (self.vendedor, self.responsable):
                Model = self.env["res.partner"].with_user(user)
                try:
                    found = Model.search(domain).ids
                except REFUSED:
                    found = []
                self.assertNotIn(target, found, f"{user.login} searched by {fname}")
                try:
                    count = Model.search_count(domain + [("id", "=", target)])
                except REFUSED:
                    count = 0
                self.assertEqual(count, 0)
            self.assertIn(target, self.env["res.partner"].with_user(self.karla).search(domain).ids)
            if field.type not in ("one2many", "many2many", "text", "html"):
                spec = f"{fname}:day" if field.type in ("date", "datetime") else fname
                self.assertHidden(
                    fname, lambda m, g=spec, t=target: m._read_group([("id", "=", t)], [g], ["__count"])
                )
            if field.type in ("integer", "float"):
                self.assertHidden(
                    fname, lambda m, f=fname, t=target: m.read_group([("id", "=", t)], [f"{f}:sum"], [])
                )

    def test_hidden_name_search(self):
        """Searching contacts by name also searches the email and tax id: not when they are hidden, and the
        search still works for everything else."""
        email = self.cases["email"][0]
        self.assertIn(
            self.customer_x_id,
            [i for i, _n in self.env["res.partner"].with_user(self.karla).name_search(email)],
        )
        for user in (self.vendedor, self.responsable):
            Partner = self.env["res.partner"].with_user(user)
            self.assertFalse(Partner.name_search(email), user.login)
            self.assertIn(self.customer_x_id, [i for i, _n in Partner.name_search("Cliente Matriz")])
            self.assertIn(self.customer_x, Partner.search([("display_name", "ilike", "Cliente Matriz")]))

    def test_hidden_in_chatter_tracking(self):
        """A tracked field hidden from a user: its old and new values are not in the chatter they read."""
        self.customer_x.write({"customer_first_name": "Tracking", "customer_rating": 6})
        policy_rating = self.env["customer.field.access"].search([("field_id.name", "=", "customer_rating")])
        policy_rating.unlink()
        self.env["customer.field.access"].create(
            [
                {
                    "field_id": self.field("customer_rating").id,
                    "group_id": self.env.ref(xmlid).id,
                    "access": access,
                }
                for xmlid, access in ((SALESPERSON, "hidden"), (DIRECTOR, "edit"))
            ]
        )
        self.env.cr.precommit.run()  # the customer was created in this transaction: start its tracking
        self.customer_x.with_user(self.director_user).write({"customer_rating": 9})
        self.env.cr.precommit.run()
        message = self.customer_x.message_ids.filtered("tracking_value_ids")[:1]
        self.assertIn("customer_rating", message.sudo().tracking_value_ids.field_id.mapped("name"))

        def chatter(user):
            store = Store()
            message.with_user(user)._to_store(store, for_current_user=True)
            return json.dumps(store.get_result(), default=str)

        self.assertIn("Customer Rating", chatter(self.director_user), "the control sees the change")
        for user in (self.vendedor, self.responsable):
            shown = chatter(user)
            self.assertNotIn("customer_rating", shown)
            self.assertNotIn("Customer Rating", shown)

    # --- hidden or read-only: never written -----------------------------------------------------------
    def test_write_create_load_copy_refused(self):
        """write, create, load (import) and copy never set a hidden or read-only field."""
        for fname in self.each_field():
            value = self.cases[fname][0]
            field = self.customer_x._fields[fname]
            for user in (self.vendedor, self.responsable, self.director_user):
                Model = self.env["res.partner"].with_user(user)
                partner = self.env["res.partner"].create({"name": f"Destino {fname}", "is_company": True})
                with self.assertRaises(AccessError):
                    partner.with_user(user).write({fname: value})
                with self.assertRaises(AccessError):
                    Model.create({"name": "Nuevo", fname: value})
                if field.type not in ("one2many", "many2many", "many2one") and user != self.responsable:
                    raw = field.convert_to_export(self.customer_x[fname], self.customer_x)
                    result = Model.load(
                        ["id", "name", fname], [[f"__import__.mx_{fname}_{user.id}", "Importado", str(raw)]]
                    )
                    self.assertFalse(result["ids"], f"{user.login} imported {fname}")
                    self.assertTrue(result["messages"])
                    # a failed load resets the registry from the committed database (Model.load), where
                    # this test's policy does not exist: set it up again from this transaction
                    self.env["res.partner"]._customer_policy_changed()
                copy = self.customer_x.with_user(user).copy()
                self.assertEqual(
                    field.convert_to_write(copy.sudo()[fname], copy)
                    if not field.relational
                    else bool(copy.sudo()[fname]),
                    field.convert_to_write(self.env["res.partner"].new({})[fname], copy)
                    if not field.relational
                    else False,
                    f"{user.login} copied {fname}",
                )
        # the control: the administrator writes them all
        self.customer_x.with_user(self.karla).write({"customer_children": 3})
        self.assertEqual(self.customer_x.customer_children, 3)

    def test_director_reads_but_cannot_change(self):
        """Read-only: the Director reads every value of the matrix and changes none through a form."""
        values = self.customer_x.with_user(self.director_user).read(list(self.cases))[0]
        self.assertEqual(values["customer_children"], 7391)
        for fname in ("customer_children", "customer_birthday", "customer_profession_id"):
            self.assertEqual(self.view_node(self.director_user, fname).get("readonly"), "True", fname)

    # --- our own paths --------------------------------------------------------------------------------
    def test_merge_wizard_and_history(self):
        """A Responsable merging two customers sees no hidden value in the wizard lines (also on a line
        made by hand) nor in the merge history (read, search_read, web_read)."""
        other = self.env["res.partner"].create(
            {
                "name": "Cliente Matriz Copia",
                "is_company": True,
                "customer_children": 5,
                "customer_birthday": datetime.date(1972, 4, 5),
            }
        )
        partners = (self.customer_x | other).with_user(self.responsable)
        wizard = (
            self.env["customer.merge.wizard"]
            .with_user(self.responsable)
            .create({"partner_ids": [Command.set(partners.ids)], "dst_partner_id": other.id})
        )
        lines = wizard.line_ids.read(["field_name", "value_display", "values_summary"])
        self.assertFalse({line["field_name"] for line in lines} & set(self.cases))
        self.assertNotIn("1971-03-09", repr(lines))
        self.assertNotIn("1972-04-05", repr(lines))
        with self.assertRaises(ValidationError):
            self.env["customer.merge.wizard.line"].with_user(self.responsable).create(
                {"wizard_id": wizard.id, "field_name": "customer_birthday", "partner_id": self.customer_x.id}
            )
        wizard.action_merge()
        log = wizard.merge_log_id
        self.assertIn("1971-03-09", repr(log.sudo().snapshot), "the undo data keeps every value")
        Log = self.env["customer.merge.log"].with_user(self.responsable)
        for answer in (
            Log.browse(log.id).read(),
            Log.search_read([("id", "=", log.id)]),
            Log.browse(log.id).web_read({"values_summary": {}, "summary": {}, "name": {}}),
        ):
            self.assertNotIn("1971-03-09", repr(answer))
            self.assertNotIn("1972-04-05", repr(answer))
        for fname in ("snapshot", "values_written", "steps"):
            with self.assertRaises(AccessError):
                Log.browse(log.id).read([fname])
        with self.assertRaises(AccessError):
            self.env["customer.merge.log.line"].with_user(self.responsable).search_read([], ["row_data"])
        log.with_user(self.responsable).action_undo()
        self.assertEqual(self.customer_x.customer_birthday, datetime.date(1971, 3, 9))

    def test_find_duplicates_is_no_oracle_on_a_hidden_phone(self):
        """With the phone hidden, a name with a guessed phone finds the namesake whatever the guess: the
        hidden phone is evidence neither for nor against."""
        self.env["customer.field.access"].create(
            [
                {
                    "field_id": self.field(fname).id,
                    "group_id": self.env.ref(SALESPERSON).id,
                    "access": "hidden",
                }
                for fname in ("phone", "mobile")
            ]
        )
        self.env["res.partner"].create(
            {
                "name": "Mariana Oráculo Pérez",
                "email": "mariana.oraculo@example.com",
                "mobile": "+57 310 555 0101",
                "country_id": self.env.ref("base.co").id,
            }
        )
        Partner = self.env["res.partner"].with_user(self.vendedor)
        answers = []
        for guess in ("+57 310 555 0101", "+57 310 555 0199"):
            found = Partner.customer_find_duplicates(
                {
                    "name": "Mariana Oráculo Pérez",
                    "email": "otra.mariana@example.com",
                    "mobile": guess,
                    "country_id": self.env.ref("base.co").id,
                }
            )
            answers.append([(match["id"], match["reasons"]) for match in found])
        self.assertEqual(answers[0], answers[1], "the answer does not depend on the hidden phone")
        self.assertTrue(answers[0], "the namesake is still reported on its name")
