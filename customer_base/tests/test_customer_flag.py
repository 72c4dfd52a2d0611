# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import itertools

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import make_user

SALESPERSON = "customer_base.group_customer_salesperson"
MANAGER = "customer_base.group_customer_manager"


def sql_flags(env, partner_ids):
    """{id: flag} as the install's SQL computes it, for the given partners."""
    env.flush_all()
    env.cr.execute(
        SQL(
            "SELECT p.id, %s FROM res_partner p WHERE p.id = ANY(%s)",
            env["res.partner"]._customer_is_customer_sql("p"),
            list(partner_ids),
        )
    )
    return dict(env.cr.fetchall())


@tagged("post_install", "-at_install")
class TestCustomerFlag(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.salesperson = make_user(cls.env, "cf_salesperson", SALESPERSON)
        cls.manager = make_user(cls.env, "cf_manager", MANAGER)

    def test_demo_customers_only(self):
        """The company's own partner, internal users and addresses are not customers; the demo's customers are."""
        env = self.env
        self.assertFalse(env.ref("base.main_partner").is_customer, "the instance's company")
        self.assertFalse(env.ref("customer_base.user_responsable").partner_id.is_customer, "an internal user")
        self.assertFalse(env.ref("base.partner_admin").is_customer)
        ana = env.ref("customer_base.partner_ana_restrepo")
        self.assertTrue(ana.is_customer)
        ana.customer_home_address = "Carrera 7 # 12-30"
        home = ana.child_ids.filtered(lambda c: c.customer_address_kind == "home")
        self.assertTrue(home)
        self.assertFalse(home.is_customer, "a delivery address")
        customers = self.Partner.search(self.Partner._customer_domain())
        self.assertNotIn(env.ref("base.main_partner"), customers)
        self.assertIn(ana, customers)

    def test_sql_rule_agrees_with_orm_on_every_partner(self):
        """The install's SQL and the ORM's compute give the same flag for every partner of the database."""
        partners = self.Partner.with_context(active_test=False).search([])
        partners._compute_is_customer()  # the ORM's rule, record by record
        orm = {partner.id: partner.is_customer for partner in partners}
        self.assertEqual(sql_flags(self.env, orm), orm)

    def test_rule_matrix(self):
        """Every kind of partner (company/person × parent × user × override): expected flag, SQL = ORM."""
        parent = self.Partner.create({"name": "Dulces del Valle S.A.S.", "is_company": True})
        expected, created = {}, self.Partner
        kinds = itertools.product(
            (False, True), (False, True), ("none", "portal", "internal"), (False, "customer", "not_customer")
        )
        for n, (is_company, child, user, override) in enumerate(kinds):
            partner = self.Partner.create(
                {
                    "name": f"Cliente {n}",
                    "is_company": is_company,
                    "parent_id": parent.id if child else False,
                    "type": "contact",
                    "is_customer_override": override,
                }
            )
            if user != "none":
                groups = "base.group_portal" if user == "portal" else "base.group_user"
                new_test_user(self.env, login=f"cf_user_{n}", groups=groups, partner_id=partner.id)
            auto = not child and user != "internal"
            expected[partner.id] = override == "customer" if override else auto
            created |= partner
        self.assertEqual({p.id: p.is_customer for p in created}, expected)
        self.assertEqual(sql_flags(self.env, expected), expected)
        # the install's statement, on rows it has to correct
        self.env.cr.execute(SQL("UPDATE res_partner SET is_customer = NULL WHERE id = ANY(%s)", created.ids))
        self.Partner._customer_refresh_is_customer(where=SQL("p.is_customer IS NULL"))
        self.assertEqual({p.id: p.is_customer for p in created}, expected)

    def test_becomes_internal_user(self):
        """A customer given an internal user stops being a customer; the flag follows by itself."""
        partner = self.Partner.create({"name": "Sofía Castaño"})
        self.assertTrue(partner.is_customer)
        new_test_user(self.env, login="cf_sofia", groups="base.group_user", partner_id=partner.id)
        self.assertFalse(partner.is_customer)

    def test_override_is_a_responsables_decision(self):
        """A Vendedor cannot decide by hand who is a customer (form, RPC write or create); a Responsable can."""
        partner = self.Partner.create({"name": "Proveedor Cacao Fino"})
        with self.assertRaises(AccessError):
            partner.with_user(self.salesperson).write({"is_customer_override": "not_customer"})
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.salesperson).create(
                {"name": "Otro", "is_customer_override": "customer"}
            )
        self.assertTrue(partner.is_customer)
        partner.with_user(self.manager).write({"is_customer_override": "not_customer"})
        self.assertFalse(partner.is_customer)
        self.env.cr.precommit.run()  # tracking values are written when the transaction commits
        self.assertEqual(partner.message_ids[:1].tracking_value_ids.field_id.name, "is_customer_override")

    def test_override_not_in_salesperson_form(self):
        """The override is shown to Responsables only; the flag itself to everyone, read-only."""
        form = Form(self.Partner.with_user(self.salesperson))
        self.assertNotIn("is_customer_override", form._view["fields"])
        form = Form(self.Partner.with_user(self.manager))
        form.name = "Cacao de Origen"
        form.is_customer_override = "not_customer"
        self.assertFalse(form.save().is_customer)

    def test_customers_app_lists_customers_by_default(self):
        """The Customers app, the lifecycle kanban and the branch report open filtered on customers, and the
        search view offers "All Contacts" to widen it."""
        for xmlid in (
            "customer_base.action_customers",
            "customer_base.action_customer_lifecycle",
            "customer_base.action_customer_branch_niche",
            "customer_base.action_customer_stage_history",
        ):
            action = self.env.ref(xmlid)
            self.assertEqual(safe_eval(action.context).get("search_default_customers"), 1, xmlid)
        arch = self.Partner.get_view(self.env.ref("base.view_res_partner_filter").id, "search")["arch"]
        root = etree.fromstring(arch)
        customers = root.find(".//filter[@name='customers']")
        everyone = root.find(".//filter[@name='all_contacts']")
        self.assertEqual(customers.get("domain"), "[('is_customer', '=', True)]")
        # both in one group (no separator between them): OR-ed, so "All Contacts" shows the rest too
        siblings = list(customers.itersiblings())
        self.assertIs(siblings[0], everyone)
        everyone_domain = safe_eval(everyone.get("domain"))
        self.assertEqual(
            self.Partner.search_count(everyone_domain),
            self.Partner.search_count([]),
        )

    def test_address_label_in_the_companys_language(self):
        """The delivery addresses the suite creates are named in the company's language, not the user's."""
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"].search([("name", "=", "customer_base")])._update_translations(["es_419"])
        self.env.company.partner_id.lang = "es_419"
        self.env.user.lang = "en_US"
        partner = self.Partner.create({"name": "Laura Gómez", "customer_office_address": "Calle 93 # 11-20"})
        office = partner.child_ids.filtered(lambda c: c.customer_address_kind == "office")
        self.assertEqual(office.name, "Oficina")
        self.env.company.partner_id.lang = "en_US"
        partner.customer_home_address = "Carrera 15 # 80-10"
        home = partner.child_ids.filtered(lambda c: c.customer_address_kind == "home")
        self.assertEqual(home.name, "Home")
