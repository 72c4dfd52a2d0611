# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer segment as the target of an Email Marketing mailing."""

from unittest.mock import patch

from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSegmentMailing(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [
                {"name": f"Cliente Correo {i}", "email": f"correo{i}@example.com", "city": "Tunja"}
                for i in range(4)
            ]
        )
        cls.segment = cls.env["customer.segment"].create(
            {
                "name": "Clientes de Tunja",
                "domain": repr([("city", "=", "Tunja"), ("name", "=like", "Cliente Correo %")]),
            }
        )

    def setUp(self):
        super().setUp()
        # the segment's targeting alone: with customer_consent installed, these customers (who gave no
        # consent) would all be left out; the consent test below sets the extension point itself
        patcher = patch.object(
            type(self.env["res.partner"]),
            "_customer_consent_domain",
            lambda model, channel, purpose_code=None: [],
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def new_mailing(self):
        action = self.segment.action_create_mailing()
        form = Form(self.env["mailing.mailing"].with_context(**action["context"]))
        form.subject = "Promoción de trufas"
        form.body_arch = "<p>Hola</p>"
        return form.save()

    def test_mailing_from_a_segment_targets_its_customers(self):
        """Create a Mailing on a segment: its recipients are the segment's customers, blacklisted ones left
        out by Email Marketing itself."""
        self.env["mail.blacklist"]._add(self.customers[3].email)
        mailing = self.new_mailing()
        self.assertEqual(mailing.customer_segment_id, self.segment)
        self.assertEqual(mailing.mailing_model_real, "res.partner")
        self.assertEqual(sorted(mailing._get_recipients()), sorted(self.customers[:3].ids))
        self.assertEqual(self.segment.mailing_count, 1)

    def test_recipients_follow_the_segment_when_sent(self):
        """A dynamic segment is evaluated when the mailing is sent: a customer who left it is not mailed."""
        mailing = self.new_mailing()
        self.customers[0].city = "Duitama"
        self.assertEqual(sorted(mailing._get_recipients()), sorted(self.customers[1:].ids))

    def test_consent_extension_point_applies(self):
        """Customers the consent extension point rules out for email are not mailed."""
        mailing = self.new_mailing()
        excluded = self.customers[1]

        def consent_domain(model, channel, purpose_code=None):
            return [("id", "!=", excluded.id)] if channel == "email" else []

        with patch.object(type(self.env["res.partner"]), "_customer_consent_domain", consent_domain):
            recipients = mailing._get_recipients()
        self.assertEqual(sorted(recipients), sorted((self.customers - excluded).ids))
