# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, tagged

from ..models.customer_merge_log import CustomerMergeLog
from .common import TOUR_TIMEOUT, make_user, menus_shown

MANAGER = "customer_base.group_customer_manager"
SALESPERSON = "customer_base.group_customer_salesperson"


def merge(env, partners, dst=None, choices=None):
    """Run the merge wizard on ``partners`` as ``env``'s user, keeping ``dst`` (default: the suggestion),
    taking ``choices`` ``{field name: partner}``; return the log of the merge."""
    wizard = env["customer.merge.wizard"].with_context(active_model="res.partner", active_ids=partners.ids)
    wizard = wizard.create({})
    if dst:
        wizard.dst_partner_id = dst
    for line in wizard.line_ids:
        if choices and line.field_name in choices:
            line.partner_id = choices[line.field_name]
    wizard.action_merge()
    return wizard.merge_log_id


@tagged("post_install", "-at_install")
class TestCustomerMerge(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = make_user(cls.env, "merge_responsable", MANAGER)
        cls.salesperson = make_user(cls.env, "merge_vendedor", SALESPERSON)
        cls.Partner = cls.env["res.partner"]
        cls.menv = cls.env(user=cls.manager)
        cls.acme = cls.Partner.create(
            {
                "name": "ACME S.A.S.",
                "is_company": True,
                "email": "info@acme.co",
                "city": "Bogotá",
                "phone": "601 555",
            }
        )
        cls.acme2 = cls.Partner.create({"name": "Acme", "is_company": True, "city": "Medellín"})
        cls.sales = cls.env["customer.area"].create({"name": "Merge Sales", "code": "MSALES"})
        cls.service = cls.env["customer.area"].create({"name": "Merge Service", "code": "MSERV"})

    def assertLinesLogged(self, log, table, kind, count):
        """The merge log recorded ``count`` rows of ``table`` of this ``kind``."""
        lines = log.line_ids.filtered(lambda line: line.table_name == table and line.kind == kind)
        self.assertEqual(len(lines), count, f"{kind} lines of {table}")

    # --- the merge -------------------------------------------------------------------------------
    def test_merge_five_customers(self):
        """Five customers merge at once (the stock wizard stops at three); the most complete is kept."""
        others = self.Partner.create([{"name": f"Acme {i}", "is_company": True} for i in range(3)])
        partners = self.acme | self.acme2 | others
        log = merge(self.menv, partners)
        self.assertEqual(log.dst_partner_id, self.acme, "the most complete customer is suggested")
        merged = partners - self.acme
        self.assertEqual(log.partner_ids, merged)
        self.assertFalse(any(merged.mapped("active")), "merged customers are archived")
        self.assertEqual(merged.mapped("customer_merged_into_id"), self.acme)
        self.assertTrue(merged.exists() == merged, "nothing is deleted")
        self.assertTrue(self.acme.active)

    def test_destination_is_the_oldest_when_equally_complete(self):
        """Between equally complete customers, the oldest one is suggested."""
        first, second = self.Partner.create(
            [{"name": "Twin", "is_company": True}, {"name": "Twin", "is_company": True}]
        )
        wizard = self.menv["customer.merge.wizard"].create({"partner_ids": [(6, 0, (second | first).ids)]})
        self.assertEqual(wizard.dst_partner_id, first)

    def test_field_choices_applied(self):
        """For every field where the customers disagree the user picks whose value is kept; the default is
        the kept customer's value, else the first non-empty one."""
        self.acme2.website = "https://acme.example.com"
        wizard = self.menv["customer.merge.wizard"].create(
            {"partner_ids": [(6, 0, (self.acme | self.acme2).ids)]}
        )
        self.assertEqual(wizard.dst_partner_id, self.acme)
        by_field = {line.field_name: line for line in wizard.line_ids}
        self.assertEqual(by_field["city"].partner_id, self.acme, "default: the kept customer's value")
        self.assertEqual(by_field["website"].partner_id, self.acme2, "else the first non-empty value")
        self.assertNotIn("is_company", by_field, "only fields where the customers disagree are offered")
        self.assertIn("Medellín", by_field["city"].values_summary)
        with Form(wizard) as form, form.line_ids.edit(list(by_field).index("city")) as line:
            line.partner_id = self.acme2
        wizard.action_merge()
        self.assertEqual(self.acme.city, "Medellín", "the value chosen is applied")
        self.assertEqual(self.acme.website, "https://acme.example.com")
        self.assertEqual(self.acme.email, "info@acme.co")

    def test_value_taken_from_a_merged_customer_is_not_a_duplicate(self):
        """Keeping the tax id of the customer being merged away is not refused by the blocking tax-id rule."""
        self.acme.vat = False
        self.acme2.vat = "900.123.456-7"
        wizard = self.menv["customer.merge.wizard"].create(
            {"partner_ids": [(6, 0, (self.acme | self.acme2).ids)], "dst_partner_id": self.acme.id}
        )
        by_field = {line.field_name: line for line in wizard.line_ids}
        self.assertEqual(by_field["vat"].partner_id, self.acme2)
        wizard.action_merge()
        self.assertEqual(self.acme.vat, "900.123.456-7")
        self.assertFalse(self.acme2.active)

    def test_references_of_many_kinds_move(self):
        """Child contacts, messages, followers, activities, attachments, tags and profile rows move to the
        kept customer; unique-key collisions are resolved (followers combined, the same link kept once)."""
        acme, acme2 = self.acme, self.acme2
        child = self.Partner.create({"name": "Pedro Pérez", "parent_id": acme2.id})
        grandchild = self.Partner.create({"name": "Delivery", "parent_id": child.id, "type": "delivery"})
        tag, shared_tag = self.env["res.partner.category"].create(
            [{"name": "Merge VIP"}, {"name": "Merge Shared"}]
        )
        acme.category_id = shared_tag
        acme2.category_id = tag | shared_tag
        message = acme2.message_post(body="Pedido de 20 cajas")
        authored = self.env["mail.message"].create(
            {"model": "res.partner", "res_id": acme.id, "body": "by acme2", "author_id": acme2.id}
        )
        follower = self.Partner.create({"name": "Seguidor"})
        comment, note = self.env.ref("mail.mt_comment"), self.env.ref("mail.mt_note")
        # the same partner follows both customers: two rows that become one on the kept customer
        acme.message_subscribe(partner_ids=follower.ids, subtype_ids=comment.ids)
        acme2.message_subscribe(partner_ids=follower.ids, subtype_ids=note.ids)
        # both customers follow the same document: the unique (document, partner) collides too
        document = self.Partner.create({"name": "Documento"})
        document.message_subscribe(partner_ids=acme.ids, subtype_ids=comment.ids)
        document.message_subscribe(partner_ids=acme2.ids, subtype_ids=note.ids)
        activity = acme2.activity_schedule("mail.mail_activity_data_todo", summary="Llamar")
        attachment = self.env["ir.attachment"].create(
            {"name": "contrato.txt", "res_model": "res.partner", "res_id": acme2.id, "raw": b"x"}
        )
        Area = self.env["customer.area.contact"]
        Area.create(
            [
                {"partner_id": acme.id, "area_id": self.sales.id, "contact_level": "high"},
                {"partner_id": acme2.id, "area_id": self.sales.id, "contact_level": "low"},
                {"partner_id": acme2.id, "area_id": self.service.id},
            ]
        )
        messages_before = acme2.message_ids
        log = merge(self.menv, acme | acme2, dst=acme)

        self.assertEqual(child.parent_id, acme)
        self.assertEqual(child.commercial_partner_id, acme, "commercial partner recomputed")
        self.assertEqual(grandchild.commercial_partner_id, acme)
        self.assertEqual(acme.category_id, tag | shared_tag)
        self.assertIn(message, acme.message_ids)
        self.assertEqual(authored.author_id, acme)
        self.assertEqual((activity.res_model, activity.res_id), ("res.partner", acme.id))
        self.assertEqual(attachment.res_id, acme.id)
        Followers = self.env["mail.followers"]
        on_acme = Followers.search([("res_model", "=", "res.partner"), ("res_id", "=", acme.id)])
        self.assertEqual(on_acme.filtered(lambda f: f.partner_id == follower).subtype_ids, comment | note)
        on_document = Followers.search([("res_model", "=", "res.partner"), ("res_id", "=", document.id)])
        self.assertEqual(on_document.partner_id, acme, "one follower row left on the document")
        self.assertEqual(on_document.subtype_ids, comment | note, "follower subtypes combined")
        areas = Area.search([("partner_id", "in", (acme | acme2).ids)])
        self.assertEqual(areas.partner_id, acme)
        self.assertEqual(areas.area_id, self.sales | self.service)
        self.assertEqual(areas.filtered(lambda a: a.area_id == self.sales).contact_level, "high")
        self.assertFalse(self.env["res.partner"].search_count([("parent_id", "=", acme2.id)]))
        # the dropped duplicates are recorded, so the undo can restore them
        self.assertLinesLogged(log, "customer_area_contact", "delete", 1)
        self.assertLinesLogged(log, "mail_followers", "delete", 2)
        self.assertLinesLogged(log, "res_partner_res_partner_category_rel", "delete", 1)
        self.assertTrue(messages_before <= acme.message_ids, "the whole chatter moved")
        self.assertEqual(
            log.line_ids.filtered(lambda line: line.table_name == "mail_message").mapped("old_value"),
            [str(acme2.id)] * (len(messages_before) + 1),
        )

    def test_tables_created_later_are_found_at_merge_time(self):
        """References are read from the database catalog when merging: a table a module adds later (here
        created on the spot) is moved too, and moved back by the undo."""
        self.env.cr.execute(
            "CREATE TABLE merge_test_later (id serial PRIMARY KEY, partner_id int REFERENCES res_partner(id))"
        )
        self.env.cr.execute(
            "INSERT INTO merge_test_later (partner_id) VALUES (%s) RETURNING id", [self.acme2.id]
        )
        row_id = self.env.cr.fetchone()[0]
        log = merge(self.menv, self.acme | self.acme2, dst=self.acme)
        self.env.cr.execute("SELECT partner_id FROM merge_test_later WHERE id = %s", [row_id])
        self.assertEqual(self.env.cr.fetchone()[0], self.acme.id)
        log.with_user(self.manager).action_undo()
        self.env.cr.execute("SELECT partner_id FROM merge_test_later WHERE id = %s", [row_id])
        self.assertEqual(self.env.cr.fetchone()[0], self.acme2.id)

    def test_undo_restores_everything(self):
        """Undo un-archives the merged customers, restores the kept customer's values, and puts back every
        reference moved and every duplicate link dropped."""
        acme, acme2 = self.acme, self.acme2
        child = self.Partner.create({"name": "Pedro Pérez", "parent_id": acme2.id})
        tag = self.env["res.partner.category"].create({"name": "Merge VIP"})
        (acme | acme2).category_id = tag
        message = acme2.message_post(body="Pedido")
        follower = self.Partner.create({"name": "Seguidor"})
        comment, note = self.env.ref("mail.mt_comment"), self.env.ref("mail.mt_note")
        acme.message_subscribe(partner_ids=follower.ids, subtype_ids=comment.ids)
        acme2.message_subscribe(partner_ids=follower.ids, subtype_ids=note.ids)
        Area = self.env["customer.area.contact"]
        areas = Area.create(
            [
                {"partner_id": acme.id, "area_id": self.sales.id, "contact_level": "high"},
                {"partner_id": acme2.id, "area_id": self.sales.id, "contact_level": "low", "note": "old"},
            ]
        )
        log = merge(self.menv, acme | acme2, dst=acme, choices={"city": acme2})
        self.assertEqual(acme.city, "Medellín")
        log.with_user(self.manager).action_undo()
        self.env.invalidate_all()

        self.assertEqual(log.state, "undone")
        self.assertTrue(acme2.active)
        self.assertFalse(acme2.customer_merged_into_id)
        self.assertEqual(acme.city, "Bogotá", "the kept customer's values are restored")
        self.assertEqual(child.parent_id, acme2)
        self.assertEqual(child.commercial_partner_id, acme2)
        self.assertEqual(acme.category_id, tag)
        self.assertEqual(acme2.category_id, tag, "the dropped tag link is back")
        self.assertEqual(message.res_id, acme2.id)
        Followers = self.env["mail.followers"]
        for partner, subtypes in ((acme, comment), (acme2, note)):
            row = Followers.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("partner_id", "=", follower.id),
                ]
            )
            self.assertEqual(row.subtype_ids, subtypes, "followers and their subtypes are as before")
        self.assertEqual(areas.exists(), areas, "the dropped area row is back, same id")
        self.assertEqual(areas.mapped("partner_id"), acme | acme2)
        self.assertEqual(areas[1].note, "old")

    def test_undo_refused_after_a_later_merge(self):
        """A merge cannot be undone once a later merge used its customers: the user is told which."""
        third = self.Partner.create({"name": "ACME Bogotá", "is_company": True})
        first = merge(self.menv, self.acme | self.acme2, dst=self.acme)
        merge(self.menv, self.acme | third, dst=self.acme)
        with self.assertRaisesRegex(UserError, "later merge"):
            first.with_user(self.manager).action_undo()
        self.assertEqual(first.state, "done")
        self.assertFalse(self.acme2.active)

    def test_undo_refused_when_a_moved_row_changed(self):
        """If a row the merge moved was changed since, the undo explains it instead of guessing."""
        child = self.Partner.create({"name": "Pedro Pérez", "parent_id": self.acme2.id})
        log = merge(self.menv, self.acme | self.acme2, dst=self.acme)
        child.parent_id = False
        with self.assertRaisesRegex(UserError, "records of “Contact” moved by the merge were changed"):
            log.with_user(self.manager).action_undo()
        self.assertFalse(self.acme2.active)

    def test_failure_mid_merge_leaves_no_trace(self):
        """Atomic: a failure after the references moved leaves everything as before and logs nothing."""
        child = self.Partner.create({"name": "Pedro Pérez", "parent_id": self.acme2.id})
        message = self.acme2.message_post(body="Pedido")
        self.acme2.category_id = self.env["res.partner.category"].create({"name": "Merge VIP"})
        logs_before = self.env["customer.merge.log"].search_count([])
        lines_before = self.env["customer.merge.log.line"].search_count([])

        def boom(log, steps):
            raise ValueError("forced failure")

        with patch.object(CustomerMergeLog, "_customer_refresh_moved", boom), self.assertRaises(ValueError):
            merge(self.menv, self.acme | self.acme2, dst=self.acme, choices={"city": self.acme2})
        self.env.invalidate_all()
        self.assertEqual(child.parent_id, self.acme2)
        self.assertEqual(message.res_id, self.acme2.id)
        self.assertTrue(self.acme2.category_id)
        self.assertFalse(self.acme.category_id)
        self.assertTrue(self.acme2.active)
        self.assertEqual(self.acme.city, "Bogotá")
        self.assertEqual(self.env["customer.merge.log"].search_count([]), logs_before)
        self.assertEqual(self.env["customer.merge.log.line"].search_count([]), lines_before)

    def test_unique_business_row_collision_stops_the_merge(self):
        """A unique key on business data (same bank account on both) stops the merge with a clear message;
        nothing is deleted."""
        banks = self.env["res.partner.bank"].create(
            [{"acc_number": "CO-123", "partner_id": p.id} for p in (self.acme, self.acme2)]
        )
        with self.assertRaisesRegex(UserError, "must stay unique"):
            merge(self.menv, self.acme | self.acme2, dst=self.acme)
        self.assertEqual(banks.exists(), banks)
        self.assertTrue(self.acme2.active)

    def test_contact_of_a_user_cannot_be_merged_away(self):
        """The contact of a user may only be the customer kept."""
        with self.assertRaisesRegex(UserError, "contact of a user"):
            merge(self.menv, self.acme | self.salesperson.partner_id, dst=self.acme)

    # --- access -----------------------------------------------------------------------------------
    def test_salesperson_may_not_merge(self):
        """A Vendedor is refused on the server, whatever the client shows; a Responsable may merge."""
        with self.assertRaises(AccessError):
            merge(self.env(user=self.salesperson), self.acme | self.acme2)
        with self.assertRaises(AccessError):
            self.env(user=self.salesperson)["customer.merge.log"]._customer_merge(self.acme, self.acme2)
        self.assertTrue(self.acme2.active)
        merge(self.menv, self.acme | self.acme2)
        self.assertFalse(self.acme2.active)

    def test_customer_of_another_company_is_refused(self):
        """Merging a customer the user cannot access (another company) is refused."""
        other = self.env["res.company"].create({"name": "Otra Empresa"})
        foreign = self.Partner.create({"name": "Acme Otra", "is_company": True, "company_id": other.id})
        with self.assertRaises(AccessError):
            self.menv["customer.merge.log"]._customer_merge(self.acme, foreign)
        self.assertTrue(foreign.active)

    def test_merge_is_offered_to_managers_on_the_list(self):
        """The "Merge Customers" action is bound to contacts for managers only and opens the wizard; the
        Merge History menu shows to managers only."""
        action = self.env.ref("customer_base.action_customer_merge_wizard")
        self.assertEqual(action.binding_model_id.model, "res.partner")
        self.assertEqual(action.groups_id, self.env.ref(MANAGER))
        history = "customer_base.menu_customer_merge_log"
        self.assertIn(history, menus_shown(self.env, self.manager))
        self.assertNotIn(history, menus_shown(self.env, self.salesperson))
        opened = (self.acme | self.acme2).action_customer_merge()
        wizard = self.menv[opened["res_model"]].with_context(**opened["context"]).create({})
        self.assertEqual(wizard.partner_ids, self.acme | self.acme2)


@tagged("post_install", "-at_install")
class TestCustomerMergeTour(HttpCase):
    def test_manager_merges_from_the_list(self):
        """In a real browser: a Responsable selects two customers, merges them, and undoes the merge."""
        make_user(self.env, "tour_responsable", MANAGER)
        kept, merged = self.env["res.partner"].create(
            [
                {"name": "Chocolates Tour Merge", "is_company": True, "email": "tour@choco.co"},
                {"name": "Chocolates Tour Merge", "is_company": True, "city": "Caracas"},
            ]
        )
        self.start_tour(
            "/odoo/customer-base?view_type=list",
            "customer_base_merge_wizard",
            login="tour_responsable",
            timeout=TOUR_TIMEOUT,
        )
        self.assertTrue(kept.active)
        self.assertTrue(merged.active, "the tour undid the merge")
        log = self.env["customer.merge.log"].search([("dst_partner_id", "=", kept.id)])
        self.assertEqual(log.state, "undone")
        self.assertFalse(kept.city, "the undo restores the values from before the merge")
