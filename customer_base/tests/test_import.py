# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer import, run the way the import screen runs it: matching existing customers, updates that
write only what changed, field policy and duplicate rules per row, the preview, the log and its failed rows."""

import io

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .import_files import make_file, open_import, run_import

HEADER = ["Name", "Email", "Phone", "City", "Country"]
ROWS = [
    ["Ana Importada", "ana.importada@example.com", "310 555 0101", "Bogotá", "Colombia"],
    ["Beto Importado", "beto.importado@example.com", "0414 555 0202", "Caracas", "Venezuela"],
]


def summary(results):
    """The last batch's customer counts."""
    return results[-1]["customer_import"]["counts"]


@tagged("post_install", "-at_install")
class ImportCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.karla = cls.env.ref("customer_base.user_karla")
        cls.vendedor = cls.env.ref("customer_base.user_vendedor")

    def as_user(self, user):
        return self.env(user=user)

    def find(self, email):
        return self.Partner.with_context(active_test=False).search([("email", "=ilike", email)])

    def assertRows(self, log, expected):
        """``expected``: [(row, action)] of the log's lines."""
        self.assertEqual([(line.row, line.action) for line in log.line_ids.sorted("row")], expected)


class TestImportMatching(ImportCase):
    def test_every_file_kind_creates_then_updates_nothing(self):
        """csv (, and ;), xls, xlsx and ods: a first import creates, the same file again changes nothing."""
        for kind, extra in (("csv", {}), ("csv", {"separator": ";"}), ("xls", {}), ("xlsx", {}), ("ods", {})):
            with self.subTest(kind=kind, **extra):
                rows = [[cell.replace("example", f"{kind}{len(extra)}") for cell in row] for row in ROWS]
                content = make_file([HEADER, *rows], kind, **extra)
                env = self.as_user(self.karla)
                _preview, results = run_import(env, content, kind, customer_match_key="email")
                self.assertEqual(results[-1]["messages"], [])
                self.assertEqual(summary(results)["create"], 2)
                partners = self.find(rows[0][1]) | self.find(rows[1][1])
                self.assertEqual(partners.mapped("city"), ["Bogotá", "Caracas"])
                self.assertEqual(partners.mapped("country_id.code"), ["CO", "VE"])
                stamps = partners.mapped("write_date")
                _preview, results = run_import(env, content, kind, customer_match_key="email")
                self.assertEqual(
                    summary(results), {"create": 0, "update": 0, "unchanged": 2, "skip": 0, "error": 0}
                )
                self.assertEqual(self.find(rows[0][1]) | self.find(rows[1][1]), partners, "no duplicate")
                partners.invalidate_recordset()
                self.assertEqual(partners.mapped("write_date"), stamps, "an unchanged row is not written")

    def test_each_match_key_finds_the_customer_written_otherwise(self):
        """Email, phone, tax id, reference and name + city match however the file writes them."""
        co = self.env.ref("base.co")
        existing = self.Partner.create(
            {"name": "Carla Existente", "email": "Carla.Existente@Example.com", "phone": "+57 310 555 0303",
             "vat": "901.765.432-1", "ref": "CLI-77", "city": "Medellín", "country_id": co.id, "is_company": False}
        )  # fmt: skip
        cases = [
            ("email", ["Email", "City"], ["  CARLA.EXISTENTE@example.COM", "Envigado"]),
            ("phone", ["Phone", "Country", "City"], ["(310) 555-0303", "Colombia", "Itagüí"]),
            ("vat", ["Tax ID", "Country", "City"], ["901765432-1", "Colombia", "Bello"]),
            ("ref", ["Reference", "City"], ["CLI-77", "Sabaneta"]),
            ("name_city", ["Name", "City", "Zip"], ["carla EXISTENTE", "medellin", "050001"]),
        ]
        for key, header, row in cases:
            with self.subTest(key=key):
                existing.city = "Medellín"
                content = make_file([header, row])
                _preview, results = run_import(self.env, content, customer_match_key=key)
                self.assertEqual(results[-1]["messages"], [])
                self.assertEqual(summary(results)["update"], 1, results)
                self.assertEqual(results[-1]["ids"], existing.ids)
                if key != "name_city":
                    self.assertEqual(existing.city, row[-1])
                else:
                    self.assertEqual(existing.zip, "050001")
        self.assertEqual(
            self.Partner.search_count([("name", "=ilike", "carla existente")]), 1, "no duplicate"
        )

    def test_a_row_without_the_chosen_key_falls_back_to_its_email(self):
        """Matching by phone, a row without a phone is found by its email: a second import duplicates nobody."""
        content = make_file([HEADER, [ROWS[0][0], ROWS[0][1], "", "Bogotá", "Colombia"]])
        run_import(self.env, content, customer_match_key="phone")
        _preview, results = run_import(self.env, content, customer_match_key="phone")
        self.assertEqual(summary(results)["unchanged"], 1)
        self.assertEqual(len(self.find(ROWS[0][1])), 1)

    def test_edited_reimport_updates_only_what_changed(self):
        """A re-import with one cell edited writes that field only, and the log names it."""
        content = make_file([HEADER, *ROWS])
        run_import(self.env, content, customer_match_key="email")
        edited = [HEADER, ROWS[0], [*ROWS[1][:3], "Valencia", "Venezuela"]]
        _preview, results = run_import(self.env, make_file(edited), customer_match_key="email")
        self.assertEqual(summary(results), {"create": 0, "update": 1, "unchanged": 1, "skip": 0, "error": 0})
        log = self.env["customer.import.log"].browse(results[-1]["customer_import"]["log_id"])
        self.assertRows(log, [(2, "unchanged"), (3, "update")])
        self.assertEqual(log.line_ids.sorted("row")[1].changed_fields, "City")
        self.assertEqual(self.find(ROWS[1][1]).city, "Valencia")

    def test_contacts_written_otherwise_are_no_change(self):
        """A phone, email or tax id written another way is the same value: the customer's spelling stays."""
        run_import(self.env, make_file([HEADER, ROWS[0]]), customer_match_key="email")
        respelled = [HEADER, [ROWS[0][0], ROWS[0][1].upper(), "+57 (310) 555-0101", "Bogotá", "Colombia"]]
        _preview, results = run_import(self.env, make_file(respelled), customer_match_key="email")
        self.assertEqual(summary(results)["unchanged"], 1)
        ana = self.find(ROWS[0][1])
        self.assertEqual((ana.email, ana.phone), (ROWS[0][1], "310 555 0101"))

    def test_empty_cells_leave_data_alone_unless_asked(self):
        """An empty cell keeps the customer's value; with "empty fields" it empties it."""
        run_import(self.env, make_file([HEADER, *ROWS]), customer_match_key="email")
        blank_phone = [HEADER, [ROWS[0][0], ROWS[0][1], "", "Bogotá", ""]]
        run_import(self.env, make_file(blank_phone), customer_match_key="email")
        ana = self.find(ROWS[0][1])
        self.assertEqual((ana.phone, ana.country_id.code), ("310 555 0101", "CO"))
        run_import(self.env, make_file(blank_phone), customer_match_key="email", customer_clear_empty=True)
        self.assertEqual((ana.phone, ana.country_id.code), (False, False))

    def test_only_update_skips_unknown_customers(self):
        """With "only update", a row matching nobody is skipped, not created."""
        run_import(self.env, make_file([HEADER, ROWS[0]]), customer_match_key="email")
        _preview, results = run_import(
            self.env, make_file([HEADER, *ROWS]), customer_match_key="email", customer_only_update=True
        )
        self.assertEqual(summary(results)["skip"], 1)
        self.assertFalse(self.find(ROWS[1][1]))

    @mute_logger("odoo.models")
    def test_several_matches_are_refused_never_picked(self):
        """A row matching two customers fails with both ids; all or nothing writes no row of the batch."""
        twins = self.Partner.create([{"name": "Gemela Uno", "email": "gemelas@example.com"},
                                     {"name": "Gemela Dos", "email": "gemelas@example.com"}])  # fmt: skip
        content = make_file([HEADER, ["Gemelas", "GEMELAS@example.com", "", "Cali", ""], ROWS[0]])
        _preview, results = run_import(self.env, content, customer_match_key="email")
        message = results[-1]["messages"][0]
        self.assertIn(f"#{twins[0].id}", message["message"])
        self.assertIn(f"#{twins[1].id}", message["message"])
        self.assertEqual(message["record"], 2, "the line of the file")
        self.assertFalse(results[-1]["ids"])
        self.assertFalse(self.find(ROWS[0][1]), "all or nothing")
        self.assertEqual(twins.mapped("city"), [False, False])
        _preview, results = run_import(
            self.env, content, customer_match_key="email", customer_valid_rows=True
        )
        self.assertEqual(results[-1]["messages"], [], "the valid rows go on; the failed ones are in the log")
        self.assertEqual(summary(results)["error"], 1)
        self.assertTrue(self.find(ROWS[0][1]))

    def test_same_customer_twice_in_a_file_is_flagged(self):
        """Two rows of one file for the same customer: the second is reported with the first's row."""
        content = make_file([HEADER, ROWS[0], [ROWS[0][0], ROWS[0][1].upper(), "", "Cali", ""]])
        _preview, results = run_import(
            self.env, content, customer_match_key="email", customer_valid_rows=True
        )
        log = self.env["customer.import.log"].browse(results[-1]["customer_import"]["log_id"])
        self.assertRows(log, [(2, "create"), (3, "error")])
        self.assertIn("earlier row", log.line_ids.sorted("row")[1].reasons)
        self.assertEqual(len(self.find(ROWS[0][1])), 1)

    def test_invalid_email_and_phone_are_row_errors(self):
        """An email or a phone that cannot be understood fails its row, with the field."""
        content = make_file([HEADER, ["Mala Fila", "mala@", "12", "Cali", "Colombia"], ROWS[0]])
        _preview, results = run_import(self.env, content, customer_match_key="email")
        fields = sorted(m["field"] for m in results[-1]["messages"])
        self.assertEqual(fields, ["email", "phone"])
        self.assertEqual({m["record"] for m in results[-1]["messages"]}, {2})

    def test_batches_continue_and_share_one_log(self):
        """Batches of the import screen (here 2 rows) land in one log, with the file's line numbers."""
        rows = [[f"Lote {i}", f"lote{i}@example.com", "", "Cali", ""] for i in range(5)]
        _preview, results = run_import(
            self.env, make_file([HEADER, *rows]), batch=2, customer_match_key="email"
        )
        self.assertEqual(len(results), 3)
        log = self.env["customer.import.log"].browse(results[-1]["customer_import"]["log_id"])
        self.assertEqual(log.created_count, 5)
        self.assertRows(log, [(n, "create") for n in range(2, 7)])

    def test_a_batch_keeps_the_lines_that_continue_its_last_customer(self):
        """A batch ends after its last customer's continuation lines (here bank accounts), however many."""
        content = make_file(
            [["Name", "Email", "Bank Accounts/Account Number"],
             ["Lote Banco", "lote.banco@example.com", "ACC-1"], ["", "", "ACC-2"], ["", "", "ACC-3"],
             ["Otro Banco", "otro.banco@example.com", "ACC-4"], ["Tercer Banco", "tercer.banco@example.com", ""]]
        )  # fmt: skip
        _preview, results = run_import(
            self.env,
            content,
            batch=1,
            fields=["name", "email", "bank_ids/acc_number"],
            customer_match_key="email",
        )
        self.assertEqual(len(results), 3)
        self.assertEqual(
            self.find("lote.banco@example.com").bank_ids.mapped("acc_number"), ["ACC-1", "ACC-2", "ACC-3"]
        )
        self.assertEqual(self.find("otro.banco@example.com").bank_ids.mapped("acc_number"), ["ACC-4"])
        self.assertTrue(self.find("tercer.banco@example.com"))

    def test_stock_import_is_untouched_without_options(self):
        """Without a customer option the import is Odoo's: the same file twice creates twice."""
        content = make_file([HEADER, ROWS[0]])
        run_import(self.env, content)
        _preview, results = run_import(self.env, content)
        self.assertNotIn("customer_import", results[-1])
        self.assertEqual(len(self.find(ROWS[0][1])), 2)

    def test_a_plan_sent_by_a_client_is_ignored(self):
        """The plan travels as a Python object: a dict in the context (what RPC can send) is not one."""
        existing = self.Partner.create({"name": "Victima", "email": "victima@example.com"})
        fake = {"rows": [], "targets": {existing.id: existing.id}}
        result = self.Partner.with_context(customer_import_plan=fake, _customer_kept=[0]).load(
            ["name", "email"], [["Nuevo", "victima@example.com"]]
        )
        self.assertNotIn(existing.id, result["ids"])
        self.assertEqual(existing.name, "Victima")


class TestImportRules(ImportCase):
    @mute_logger("odoo.models")
    def test_field_policy_refuses_the_row_and_names_the_field(self):
        """A vendedor may not change the rating: the row fails with its line and the field; an unchanged
        rating in the file is no change and passes."""
        env = self.as_user(self.vendedor)
        existing = self.Partner.create(
            {"name": "Dora Rating", "email": "dora@example.com", "customer_rating": 7}
        )
        header = ["Name", "Email", "Customer Rating"]
        same = make_file([header, ["Dora Rating", "dora@example.com", "7"]])
        _preview, results = run_import(env, same, customer_match_key="email")
        self.assertEqual(results[-1]["messages"], [])
        changed = make_file([header, ["Dora Rating", "dora@example.com", "9"]])
        _preview, results = run_import(env, changed, customer_match_key="email")
        (message,) = results[-1]["messages"]
        self.assertEqual(message["record"], 2)
        self.assertIn("Customer Rating", message["message"])
        self.assertEqual(existing.customer_rating, 7)

    @mute_logger("odoo.models")
    def test_blocking_duplicate_rule_refuses_the_row(self):
        """A new row with another customer's tax id (blocked by the shipped rule) fails alone."""
        self.Partner.create({"name": "Empresa Uno SAS", "vat": "900555111", "is_company": True,
                             "country_id": self.env.ref("base.co").id})  # fmt: skip
        content = make_file(
            [["Name", "Email", "Tax ID", "Country", "Company Type"],
             ["Empresa Copia", "copia@example.com", "900.555.111-2", "Colombia", "company"], ROWS[0][:2] + ["", "", ""]]
        )  # fmt: skip
        _preview, results = run_import(
            self.as_user(self.karla), content, customer_match_key="email", customer_valid_rows=True
        )
        log = self.env["customer.import.log"].browse(results[-1]["customer_import"]["log_id"])
        self.assertRows(log, [(2, "error"), (3, "create")])
        self.assertIn("duplicates", log.line_ids.sorted("row")[0].reasons)
        self.assertFalse(self.find("copia@example.com"))

    @mute_logger("odoo.models")
    def test_rows_writing_the_same_values_are_still_refused_one_by_one(self):
        """Rows updating customers with the same values are written together; when that write is refused
        (the second row gives the tax id the first one just took) only the row at fault fails."""
        co = self.env.ref("base.co").id
        first, second, third = self.Partner.create(
            [{"name": f"Empresa {n} SAS", "email": f"empresa{n}@example.com", "is_company": True,
              "country_id": co, "city": "Bogotá"} for n in ("Uno", "Dos", "Tres")]
        )  # fmt: skip
        content = make_file(
            [["Email", "Tax ID", "City"], ["empresauno@example.com", "900777111", "Bogotá"],
             ["empresados@example.com", "900777111", "Bogotá"], ["empresatres@example.com", "", "Cali"]]
        )  # fmt: skip
        _preview, results = run_import(
            self.as_user(self.karla), content, customer_match_key="email", customer_valid_rows=True
        )
        log = self.env["customer.import.log"].browse(results[-1]["customer_import"]["log_id"])
        self.assertRows(log, [(2, "update"), (3, "error"), (4, "update")])
        self.assertIn("duplicates", log.line_ids.sorted("row")[1].reasons)
        self.assertEqual((first.vat, second.vat, third.city), ("900777111", False, "Cali"))


class TestImportAlerts(ImportCase):
    def test_alert_rules_warn_in_the_log_without_refusing(self):
        """Matching by email, a new row whose phone a customer has is created, with a warning in its line."""
        existing = self.Partner.create({"name": "Tel Existente", "phone": "+57 310 555 0101",
                                        "country_id": self.env.ref("base.co").id})  # fmt: skip
        _preview, results = run_import(
            self.as_user(self.karla), make_file([HEADER, ROWS[0]]), customer_match_key="email"
        )
        self.assertEqual(results[-1]["messages"], [], "a warning does not stop the import screen")
        log = self.env["customer.import.log"].browse(results[-1]["customer_import"]["log_id"])
        self.assertRows(log, [(2, "create")])
        self.assertIn(f"#{existing.id}", log.line_ids.reasons)
        self.assertIn("same phone", log.line_ids.reasons)


class TestImportPreview(ImportCase):
    def test_preview_says_what_each_row_will_do_and_writes_nothing(self):
        """Test (dry run): create / update #id with the changed fields / unchanged / failed, nothing written."""
        run_import(self.env, make_file([HEADER, ROWS[0]]), customer_match_key="email")
        ana = self.find(ROWS[0][1])
        rows = [[*ROWS[0][:3], "Tunja", "Colombia"], ROWS[1], ["Sin Correo", "sin@", "", "", ""]]
        _preview, results = run_import(self.env, make_file([HEADER, *rows]), dryrun=True,
                                       customer_match_key="email", customer_valid_rows=True)  # fmt: skip
        log = self.env["customer.import.log"].browse(results[-1]["customer_import"]["log_id"])
        self.assertTrue(log.preview)
        self.assertRows(log, [(2, "update"), (3, "create"), (4, "error")])
        update = log.line_ids.sorted("row")[0]
        self.assertEqual((update.partner_id, update.changed_fields), (ana, "City"))
        self.assertEqual(ana.city, "Bogotá")
        self.assertFalse(self.find(ROWS[1][1]))
        # the real import after the test does what the test said
        _preview, results = run_import(self.env, make_file([HEADER, *rows]),
                                       customer_match_key="email", customer_valid_rows=True)  # fmt: skip
        self.assertEqual(summary(results), {"create": 1, "update": 1, "unchanged": 0, "skip": 0, "error": 1})
        self.assertEqual(ana.city, "Tunja")


class TestImportLog(ImportCase):
    @mute_logger("odoo.models")
    def test_failed_rows_file_has_the_rows_and_their_reasons(self):
        """The failed rows download as an .xlsx with the file's columns (mapped back by the import) and a
        column of reasons; a cell that looks like a formula stays text."""
        import openpyxl  # noqa: PLC0415

        rows = [ROWS[0], ["=Malo", "malo@", "", "Cali", ""]]
        _preview, results = run_import(self.as_user(self.karla), make_file([HEADER, *rows]),
                                       customer_match_key="email", customer_valid_rows=True)  # fmt: skip
        log = (
            self.env["customer.import.log"]
            .with_user(self.karla)
            .browse(results[-1]["customer_import"]["log_id"])
        )
        self.assertEqual((log.created_count, log.failed_count), (1, 1))
        self.assertTrue(log.file)
        book = openpyxl.load_workbook(io.BytesIO(log._customer_failed_rows_xlsx()))
        sheet = book.active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values[0][:2], ["Name", "Email"])
        self.assertEqual(values[1][:2], ["=Malo", "malo@"])
        self.assertEqual(sheet.cell(2, 1).data_type, "s", "text, not a formula")
        self.assertIn("Invalid email", values[1][-1])
        action = log.action_download_failed_rows()
        self.assertIn("/web/content/", action["url"])
        # imported again once fixed: its header maps back by itself
        fixed = [values[0][:-1], ["Malo Arreglado", "malo@example.com", "", "Cali", ""]]
        _preview, results = run_import(self.env, make_file(fixed), customer_match_key="email")
        self.assertEqual(summary(results)["create"], 1)

    def test_a_salesperson_reads_only_their_own_imports(self):
        """Logs hold customers' data: a vendedor sees their own, a manager all."""
        _p, mine = run_import(
            self.as_user(self.vendedor), make_file([HEADER, ROWS[0]]), customer_match_key="email"
        )
        _p, theirs = run_import(
            self.as_user(self.karla), make_file([HEADER, ROWS[1]]), customer_match_key="email"
        )
        ids = {r[-1]["customer_import"]["log_id"] for r in (mine, theirs)}
        Log = self.env["customer.import.log"]
        self.assertEqual(set(Log.with_user(self.vendedor).search([("id", "in", list(ids))]).ids),
                         {mine[-1]["customer_import"]["log_id"]})  # fmt: skip
        self.assertEqual(set(Log.with_user(self.karla).search([("id", "in", list(ids))]).ids), ids)


class TestHostileFiles(ImportCase):
    def assertRefused(self, content, kind, expected, **options):
        preview, results = run_import(self.env, content, kind, customer_match_key="email", **options)
        self.assertIn(expected, preview.get("error") or "", preview)
        self.assertEqual(results, [])

    def test_broken_and_hostile_files_get_a_clear_message(self):
        """Each file the import cannot take as it is gets a message saying what to do; nothing is written."""
        count = self.Partner.search_count([])
        wide = [[f"c{i}" for i in range(600)], ["x"] * 600]
        cases = [
            ("corrupt xlsx", b"PK\x03\x04 not really a workbook", "xlsx", "could not be read"),
            ("empty csv", b"", "csv", "empty"),
            ("wrong separator", make_file([HEADER, *ROWS], separator="#"), "csv", "separator"),
            ("title above the header", make_file([["Clientes de La Casita"], HEADER, *ROWS]), "csv", "title"),
            ("formula", make_file([HEADER, ["=HYPERLINK(\"http://x\")", "f@example.com", "", "", ""]]), "csv",
             "formula"),
            ("10,000 columns", make_file(wide), "csv", "columns"),
            ("latin-1 read as utf-8", make_file([HEADER, ["Peñalosa Muñoz", "p@example.com", "", "Bogotá", ""]],
                                                encoding="cp1252"), "csv", "encoding"),
            ("huge", b"Name\n" + b"x" * (51 * 1024 * 1024), "csv", "larger than"),
        ]  # fmt: skip
        for label, content, kind, expected in cases:
            with self.subTest(label):
                options = {"encoding": "utf-8"} if label.startswith("latin") else {}
                wizard = open_import(self.env, content, kind)
                from .import_files import BASE_OPTIONS  # noqa: PLC0415

                preview = wizard.parse_preview(dict(BASE_OPTIONS, **options))
                self.assertIn(expected, preview.get("error") or "", preview.get("headers"))
        self.assertEqual(self.Partner.search_count([]), count)


class TestImportTemplate(ImportCase):
    def template_rows(self, user):
        import openpyxl  # noqa: PLC0415

        template = self.env["customer.import.template"].with_user(user).with_context(lang=user.lang)
        content = template._customer_template_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(content))
        return content, book, [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]

    def test_template_columns_follow_the_user_and_map_by_themselves(self):
        """The template has the fields the user may write (a vendedor: no rating), fields added in the UI,
        an instructions sheet, and its headers map to their fields in the import screen."""
        field = self.env["customer.field"].with_user(self.karla).create({"name": "Chocolate preferido"})
        content, book, rows = self.template_rows(self.karla)
        header = rows[0]
        for label in ("Name", "Email", "Customer Type", "Customer Rating", "Hobbies and Preferences",
                      "Chocolate preferido"):  # fmt: skip
            self.assertIn(label, header)
        self.assertEqual(book.sheetnames[1], "Instructions")
        instructions = {
            row[0].value: row[2].value for row in book.worksheets[1].iter_rows(min_row=2) if row[2]
        }
        self.assertIn("Married", instructions["Marital Status"])
        _c, _b, vendedor_rows = self.template_rows(self.vendedor)
        self.assertNotIn("Customer Rating", vendedor_rows[0])
        preview = open_import(self.env(user=self.karla), content, "xlsx").parse_preview(
            {"has_headers": True, "quoting": '"', "separator": "", "limit": 2000}
        )
        mapped = {header[i]: "/".join(path) for i, path in (preview["matches"] or {}).items() if path}
        self.assertEqual(mapped["Email"], "email")
        self.assertEqual(mapped["Customer Type"], "customer_type_id")
        self.assertEqual(mapped["Chocolate preferido"], field.technical_name)
        self.assertEqual(len(mapped), len(header), set(header) - set(mapped))

    def test_template_examples_import_as_karla_and_again_without_duplicates(self):
        """The two Casita de Mía examples import as karla, and re-imported match by email."""
        content, _book, rows = self.template_rows(self.karla)
        env = self.as_user(self.karla)
        _preview, results = run_import(env, content, "xlsx", customer_match_key="email")
        self.assertEqual(results[-1]["messages"], [])
        self.assertEqual(summary(results)["create"], 2)
        mafe = self.find("mafe.rojas@example.com")
        self.assertEqual((mafe.customer_first_name, mafe.customer_type_id.code, mafe.customer_rating),
                         ("María Fernanda", "recurrent", 8))  # fmt: skip
        self.assertEqual(mafe.customer_marital_status, "married")
        _preview, results = run_import(env, content, "xlsx", customer_match_key="email")
        self.assertEqual(summary(results)["unchanged"], 2)

    def test_spanish_template_maps_and_imports_in_spanish(self):
        """In Spanish the headers, choice values and record names are Spanish, and they map and import."""
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"].search([("name", "in", ("base", "customer_base"))])._update_translations(
            "es_419"
        )
        self.karla.lang = "es_419"
        content, book, rows = self.template_rows(self.karla)
        self.assertIn("Tipo de cliente", rows[0])
        self.assertEqual(book.sheetnames, ["Clientes", "Instrucciones"])
        env = self.env(user=self.karla, context={"lang": "es_419"})
        preview, results = run_import(env, content, "xlsx", customer_match_key="email")
        self.assertEqual(len([m for m in preview["matches"].values() if m]), len(rows[0]))
        self.assertEqual(results[-1]["messages"], [])
        mafe = self.find("mafe.rojas@example.com")
        self.assertEqual((mafe.customer_type_id.code, mafe.customer_marital_status), ("recurrent", "married"))
