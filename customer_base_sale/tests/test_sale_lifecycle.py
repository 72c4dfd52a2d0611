# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.sale.tests.common import SaleCommon


@tagged("post_install", "-at_install")
class TestSaleLifecycle(SaleCommon):
    def test_first_confirmed_sale_makes_a_customer(self):
        """Confirming a prospect's first order moves them to Customer, by the shipped rule."""
        partner = self.sale_order.partner_id
        partner.lifecycle_stage_id = self.env.ref("customer_base.stage_prospect")
        self.sale_order.action_confirm()
        self.assertEqual(partner.lifecycle_stage_id, self.env.ref("customer_base.stage_customer"))
        entry = partner.lifecycle_history_ids.filtered(lambda h: not h.date_end)
        self.assertEqual(entry.rule_id, self.env.ref("customer_base_sale.rule_sale_confirmed"))

    def test_loyal_customer_stays_loyal(self):
        """A confirmed sale never moves a Loyal customer back."""
        partner = self.sale_order.partner_id
        partner.lifecycle_stage_id = self.env.ref("customer_base.stage_loyal")
        self.sale_order.action_confirm()
        self.assertEqual(partner.lifecycle_stage_id, self.env.ref("customer_base.stage_loyal"))

    def test_rule_can_be_switched_off(self):
        """With the rule archived, a confirmed sale leaves the stage alone."""
        self.env.ref("customer_base_sale.rule_sale_confirmed").active = False
        partner = self.sale_order.partner_id
        partner.lifecycle_stage_id = self.env.ref("customer_base.stage_opportunity")
        self.sale_order.action_confirm()
        self.assertEqual(partner.lifecycle_stage_id, self.env.ref("customer_base.stage_opportunity"))
