# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The set-based paths of a batch create (an import's 2,000 new customers) give what the ORM's record-by-record
paths give: the defaults computed once per batch, the stage history opened by one INSERT."""

import itertools
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from .common import make_user

# what a created partner's history entry holds (the rest is bookkeeping: ids, create and write dates)
HISTORY_FIELDS = (
    "stage_id",
    "previous_stage_id",
    "date_end",
    "user_id",
    "rule_id",
    "duration_days",
    "company_id",
)
# fields whose defaults a partner created without them gets (stock Odoo's and the suite's)
DEFAULT_FIELDS = ("active", "type", "is_company", "lang", "tz", "color", "company_id", "customer_rating",
                  "lifecycle_stage_id", "category_id", "message_bounce")  # fmt: skip


@tagged("post_install", "-at_install")
class TestBatchCreate(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = make_user(cls.env, "batch_salesperson", "customer_base.group_customer_salesperson")
        cls.Partner = cls.env["res.partner"].with_user(cls.salesperson)

    def _values(self, prefix, count=3):
        return [
            {"name": f"{prefix} {i}", "email": f"{prefix.lower()}{i}@batch.example.com"} for i in range(count)
        ]

    def test_batch_defaults_equal_record_by_record(self):
        """Partners created together get the defaults that partners created one by one get."""
        together = self.Partner.create(self._values("Juntos"))
        alone = self.Partner.browse([self.Partner.create(vals).id for vals in self._values("Solos")])
        for fname in DEFAULT_FIELDS:
            expected = [alone[0][fname]] * 3
            self.assertEqual([partner[fname] for partner in alone], expected, fname)
            self.assertEqual([partner[fname] for partner in together], expected, fname)

    def test_default_changing_between_calls_is_computed_for_each_record(self):
        """A default giving another value at each call (a counter, a token) is not shared by the batch."""
        counter = itertools.count()
        field = self.env["res.partner"]._fields["comment"]
        with patch.object(field, "default", lambda model: f"<p>n{next(counter)}</p>"):
            partners = self.Partner.create(self._values("Contador", 4))
        comments = partners.mapped("comment")
        self.assertEqual(len(set(comments)), 4, comments)

    def test_given_values_win_over_batch_defaults(self):
        """A value given for a field is kept, in a batch as alone."""
        vals = self._values("Dados")
        vals[1]["color"] = 4
        vals[2]["lang"] = False
        partners = self.Partner.create(vals)
        self.assertEqual(partners.mapped("color"), [0, 4, 0])
        self.assertFalse(partners[2].lang)

    def test_history_of_batch_create_equals_orm_moves(self):
        """The stay opened by one INSERT for a batch is the one the ORM's ``_lifecycle_record_moves`` opens."""
        partners = self.Partner.create(self._values("Historia"))
        orm = self.Partner.create({"name": "Por ORM"})
        # the ORM path, on a partner whose SQL entry is removed
        orm.lifecycle_history_ids.sudo().unlink()
        orm.sudo()._lifecycle_record_moves({})
        expected = orm.sudo().lifecycle_history_ids
        self.assertEqual(len(expected), 1)
        for partner in partners:
            entry = partner.sudo().lifecycle_history_ids
            self.assertEqual(len(entry), 1, partner.name)
            for fname in HISTORY_FIELDS:
                self.assertEqual(entry[fname], expected[fname], fname)
            self.assertEqual(entry.stage_id, partner.lifecycle_stage_id)
            self.assertAlmostEqual(
                (entry.date_start - expected.date_start).total_seconds(), 0, delta=60, msg="date_start"
            )
            self.assertEqual(entry.create_uid, self.salesperson)

    def test_history_reads_right_after_batch_create(self):
        """The history of new partners is readable in the same transaction (no stale cache)."""
        partners = self.Partner.create(self._values("Cache", 2))
        self.assertEqual(partners.lifecycle_history_ids.partner_id, partners)
        self.assertEqual(
            self.env["customer.stage.history"].search_count([("partner_id", "in", partners.ids)]), 2
        )
