# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

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
