# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Data-subject rights: the export holds everything, the erasure leaves nothing personal, both are logged,
a legal hold stops the erasure; retention policies run a dry run first."""

import io
import json

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..exceptions import ConsentLegalHold, ConsentTrailImmutable
from .common import ConsentCase, staff_consent

SECRET = "Chocolate70Cacao"


@tagged("post_install", "-at_install")
class TestPersonalData(ConsentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"street": "Calle 10 # 4-20", "city": "Medellín", "phone": "+57 604 444 5566"})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Julián Restrepo", "parent_id": cls.customer.id, "email": "julian.r@example.com"}
        )
        cls.customer.message_post(body=f"Prefiere el chocolate {SECRET}", message_type="comment")
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "cedula-mia.pdf",
                "raw": b"%PDF scan",
                "res_model": "res.partner",
                "res_id": cls.customer.id,
            }
        )
        cls.customer.activity_schedule("mail.mail_activity_data_todo", summary="Llamar a Mía por su pedido")
        cls.consent = staff_consent(cls.env, cls.customer, cls.marketing)

    def test_export_holds_everything(self):
        """The JSON and the xlsx carry the profile, contacts, consents, messages, activities and attachments."""
        log = self.customer.with_user(self.users["responsable"]).action_customer_export_personal_data()
        request = self.env["customer.privacy.request"].browse(log["res_id"])
        self.assertEqual(request.kind, "export")
        self.assertEqual(request.user_id, self.users["responsable"])
        files = {a.mimetype: a for a in request.attachment_ids}
        data = json.loads(files["application/json"].raw)
        self.assertEqual(data["profile"][0]["email"], "mia.restrepo@example.com")
        self.assertEqual(data["profile"][0]["street"], "Calle 10 # 4-20")
        self.assertEqual([c["name"] for c in data["contacts"]], ["Julián Restrepo"])
        self.assertEqual([c["id"] for c in data["consents"]], [self.consent.id])
        self.assertTrue(any(SECRET in (m["body"] or "") for m in data["messages"]))
        self.assertEqual([a["summary"] for a in data["activities"]], ["Llamar a Mía por su pedido"])
        self.assertIn("cedula-mia.pdf", [a["name"] for a in data["attachments"]])
        self.assertIn("interactions", data)
        self.assertTrue(
            any(r["model"] == "res.partner" and r["id"] == self.customer.id for r in data["references"])
        )
        xlsx = openpyxl.load_workbook(io.BytesIO(files[next(m for m in files if "spreadsheet" in m)].raw))
        self.assertTrue(
            {"profile", "contacts", "consents", "messages", "activities", "attachments"}
            <= set(xlsx.sheetnames)
        )
        self.assertIn("mia.restrepo@example.com", [c.value for c in xlsx["profile"][2]])

    def test_export_needs_a_manager(self):
        """A vendedor cannot export a person's data."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.users["vendedor"]).action_customer_export_personal_data()

    def test_anonymize_leaves_nothing_personal(self):
        """After Anonimizar, no personal value is left in the partner, its contacts, messages, attachments,
        tracking values, consent proofs; the log says who did it."""
        self.env.cr.flush()  # the creation's tracking is settled: the next change is tracked
        self.customer.write(
            {"email": "mia.nueva@example.com"}
        )  # a tracked change: a tracking value holds the old one
        self.env.flush_all()
        self.env.cr.flush()  # tracking values are written before commit
        self.env.cr.execute(
            "SELECT count(*) FROM mail_tracking_value WHERE old_value_char = 'mia.restrepo@example.com'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1, "the old address is in a tracking value before")
        self.customer.with_user(self.users["director"]).action_customer_anonymize()
        partner = self.customer.with_context(active_test=False)
        self.assertEqual(partner.name, f"Anonymised customer {partner.id}")
        for fname in ("email", "phone", "mobile", "street", "city"):
            self.assertFalse(partner[fname], fname)
        self.assertFalse(partner.active)
        self.assertTrue(partner.customer_anonymized_date)
        self.assertFalse(self.contact.with_context(active_test=False).email)
        self.env.flush_all()
        personal = ["mia", "Restrepo", SECRET, "Calle 10", "julian", "cedula-mia"]
        left = []
        people = (self.customer | self.contact).ids
        for needle in personal:
            self.env.cr.execute(
                "SELECT count(*) FROM res_partner WHERE id = ANY(%s) AND concat_ws(' ', name, email, street, city, "
                "phone, mobile, complete_name) ILIKE %s",
                [people, f"%{needle}%"],
            )
            if self.env.cr.fetchone()[0]:
                left.append(("res_partner", "*", needle))
        for table, column in [
            ("mail_message", "body"),
            ("mail_tracking_value", "old_value_char"), ("mail_tracking_value", "new_value_char"),
            ("ir_attachment", "name"), ("customer_consent", "proof_text"), ("mail_activity", "summary"),
        ]:  # fmt: skip
            for needle in personal:
                self.env.cr.execute(
                    f"SELECT count(*) FROM {table} WHERE {column}::text ILIKE %s", [f"%{needle}%"]
                )  # noqa: S608
                if self.env.cr.fetchone()[0]:
                    left.append((table, column, needle))
        self.assertEqual(left, [])
        self.assertEqual(self.consent.state, "granted", "the consent facts stay; their proofs are scrubbed")
        log = self.env["customer.privacy.request"].search(
            [("partner_id", "=", partner.id), ("kind", "=", "anonymize")]
        )
        self.assertEqual(log.user_id, self.users["director"])
        self.assertEqual(log.state, "done")
        with self.assertRaises(ConsentTrailImmutable):
            log.write({"details": "otra cosa"})

    def test_legal_hold_refuses_erasure(self):
        """Under a legal hold the erasure is refused with the reason, logged as refused, nothing changed."""
        self.customer.write(
            {"customer_legal_hold": True, "customer_legal_hold_reason": "Reclamo ante la SIC"}
        )
        with self.assertRaises(ConsentLegalHold) as caught:
            self.customer.with_user(self.users["director"]).action_customer_anonymize()
        self.assertIn("Reclamo ante la SIC", str(caught.exception))
        self.assertEqual(self.customer.email, "mia.restrepo@example.com")

    def test_anonymize_needs_a_director(self):
        """A responsable cannot anonymise."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.users["responsable"]).action_customer_anonymize()


@tagged("post_install", "-at_install")
class TestRetentionPolicy(ConsentCase):
    def test_dry_run_then_apply(self):
        """The dry run lists old prospects without consent or activity and changes nothing; applying
        archives exactly them; a customer with a valid consent or under legal hold is left alone."""
        prospect = self.env.ref("customer_base.stage_prospect")
        old = self.env["res.partner"].create(
            [{"name": f"Prospecto viejo {i}", "lifecycle_stage_id": prospect.id} for i in range(3)]
        )
        kept = old[0]
        held = old[1]
        staff_consent(self.env, kept, self.marketing)
        held.customer_legal_hold = True
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = now() - interval '3 years' WHERE id = ANY(%s)", [old.ids]
        )
        self.env.cr.execute(
            "UPDATE mail_message SET date = now() - interval '3 years' WHERE model = 'res.partner' AND res_id = ANY(%s)",
            [old.ids],
        )
        self.env.invalidate_all()
        policy = self.env.ref("customer_consent.retention_prospects")
        with self.assertRaises(UserError):
            policy.with_user(self.users["karla"]).action_apply()  # no dry run yet
        with self.assertRaises(UserError):
            policy.with_user(self.users["director"]).action_dry_run()
        policy.with_user(self.users["karla"]).action_dry_run()
        self.assertIn(old[2], policy.dry_run_partner_ids)
        self.assertNotIn(kept, policy.dry_run_partner_ids)
        self.assertNotIn(held, policy.dry_run_partner_ids)
        self.assertTrue(old[2].active, "the dry run changes nothing")
        policy.with_user(self.users["karla"]).action_apply()
        self.assertFalse(old[2].active)
        self.assertTrue(kept.active and held.active)
        self.assertTrue(
            self.env["customer.privacy.request"].search(
                [("partner_id", "=", old[2].id), ("kind", "=", "retention")]
            )
        )

    def test_branch_policy_applies_to_its_branch_only(self):
        """A policy of one branch finds only that branch's private customers, and other branches' users do
        not see it (nor its dry run)."""
        branch = self.env["res.company"].create({"name": "Sucursal Cali", "parent_id": self.env.company.id})
        other = self.env["res.company"].create({"name": "Sucursal Pasto", "parent_id": self.env.company.id})
        mine, theirs = self.env["res.partner"].create(
            [
                {"name": "Prospecto de Cali", "company_id": branch.id},
                {"name": "Prospecto de Pasto", "company_id": other.id},
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = now() - interval '3 years' WHERE id = ANY(%s)",
            [(mine | theirs).ids],
        )
        self.env.cr.execute(
            "UPDATE mail_message SET date = now() - interval '3 years' WHERE model = 'res.partner' AND res_id = ANY(%s)",
            [(mine | theirs).ids],
        )
        self.env.invalidate_all()
        policy = self.env.ref("customer_consent.retention_prospects").copy({"company_id": branch.id})
        policy.action_dry_run()
        self.assertIn(mine, policy.dry_run_partner_ids)
        self.assertNotIn(theirs, policy.dry_run_partner_ids)
        outsider = new_test_user(
            self.env, "retention_pasto", groups="customer_base.group_customer_manager,base.group_multi_company",
            company_id=other.id, company_ids=[(6, 0, other.ids)],
        )  # fmt: skip
        self.assertFalse(
            self.env["customer.retention.policy"].with_user(outsider).search([("id", "=", policy.id)])
        )
