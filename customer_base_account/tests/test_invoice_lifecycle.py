# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestInvoiceLifecycle(AccountTestInvoicingCommon):
    def test_first_posted_invoice_makes_a_customer(self):
        """Posting a prospect's first customer invoice moves them to Customer, by the shipped rule."""
        partner = self.partner_a
        partner.lifecycle_stage_id = self.env.ref("customer_base.stage_opportunity")
        self.init_invoice("out_invoice", partner=partner, amounts=[100.0], post=True)
        self.assertEqual(partner.lifecycle_stage_id, self.env.ref("customer_base.stage_customer"))
        entry = partner.lifecycle_history_ids.filtered(lambda h: not h.date_end)
        self.assertEqual(entry.rule_id, self.env.ref("customer_base_account.rule_invoice_posted"))

    def test_vendor_bill_does_not_move(self):
        """A vendor bill is not a sale: the stage stays."""
        partner = self.partner_b
        partner.lifecycle_stage_id = self.env.ref("customer_base.stage_prospect")
        self.init_invoice("in_invoice", partner=partner, amounts=[100.0], post=True)
        self.assertEqual(partner.lifecycle_stage_id, self.env.ref("customer_base.stage_prospect"))

    def test_draft_invoice_does_not_move(self):
        """Only posting counts: a draft invoice leaves the stage alone."""
        partner = self.partner_a
        partner.lifecycle_stage_id = self.env.ref("customer_base.stage_prospect")
        self.init_invoice("out_invoice", partner=partner, amounts=[100.0], post=False)
        self.assertEqual(partner.lifecycle_stage_id, self.env.ref("customer_base.stage_prospect"))

    def test_supplier_only_is_not_a_customer(self):
        """A partner only ever billed by (a supplier) leaves the customers; invoicing them brings them back;
        the install's SQL agrees with the ORM."""
        partner = self.env["res.partner"].create({"name": "Cacao Fino del Huila"})
        self.assertTrue(partner.is_customer)
        self.init_invoice("in_invoice", partner=partner, amounts=[100.0], post=True)
        self.assertFalse(partner.is_customer)
        self.env.cr.execute("UPDATE res_partner SET is_customer = NULL WHERE id = %s", [partner.id])
        self.env["res.partner"]._customer_refresh_is_customer(where=SQL("p.is_customer IS NULL"))
        self.assertFalse(partner.is_customer)
        self.init_invoice("out_invoice", partner=partner, amounts=[100.0], post=True)
        self.assertTrue(partner.is_customer)
