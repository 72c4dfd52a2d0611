# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Work deferred to the end of an import batch (tools.server_scope): once for every record, never lost,
never done for a batch that is rolled back."""

from odoo.tests import BaseCase

from ..tools.server_scope import batching_work, defer_to_batch, rolling_back


class TestBatchWork(BaseCase):
    def setUp(self):
        super().setUp()
        self.calls = []

    def work(self, ids):
        self.calls.append(ids)

    def test_work_runs_once_at_the_end_for_every_record(self):
        """Two records' work of the same kind becomes one call with both, after the block's own work."""
        with batching_work():
            self.assertTrue(defer_to_batch("score", self.work, [3, 1]))
            self.assertTrue(defer_to_batch("score", self.work, [2, 3]))
            self.assertEqual(self.calls, [])
        self.assertEqual(self.calls, [[1, 2, 3]])

    def test_outside_a_batch_nothing_is_deferred(self):
        """The caller does the work itself at once."""
        self.assertFalse(defer_to_batch("score", self.work, [1]))
        self.assertEqual(self.calls, [])

    def test_a_failed_batch_drops_its_work(self):
        """A batch left by an error is rolled back by its savepoint: its work is not done, nor kept for
        the next batch."""
        with self.assertRaises(ValueError), batching_work():
            defer_to_batch("score", self.work, [1])
            raise ValueError("row refused")
        with batching_work():
            defer_to_batch("score", self.work, [2])
        self.assertEqual(self.calls, [[2]])

    def test_a_preview_does_not_do_the_work(self):
        """Within rolling_back (the import's preview) the deferred work is dropped."""
        with rolling_back(), batching_work():
            defer_to_batch("score", self.work, [1])
        self.assertEqual(self.calls, [])

    def test_a_batch_within_a_batch_joins_it(self):
        """The inner block's work runs with the outer block's, once."""
        with batching_work():
            with batching_work():
                defer_to_batch("score", self.work, [1])
            self.assertEqual(self.calls, [])
            defer_to_batch("score", self.work, [2])
        self.assertEqual(self.calls, [[1, 2]])
