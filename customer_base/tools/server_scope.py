# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""State that server code hands down to the code it calls, out of any client's reach.

Every context key travels with RPC calls: a client can set any of them, so none may switch a check
off. What server code must tell the checks it triggers (the merge copying a merged customer's tax id
onto the customer it keeps, which must not be refused as a duplicate of itself) goes through a
context variable instead: set only by server code, for the duration of a ``with`` block, in the
current thread (one request) only.
"""

import contextlib
import contextvars

_DUPLICATES_IGNORED = contextvars.ContextVar("customer_duplicates_ignored", default=frozenset())


@contextlib.contextmanager
def ignoring_duplicates_of(partner_ids):
    """Within the block, a match with one of ``partner_ids`` never blocks a save."""
    token = _DUPLICATES_IGNORED.set(_DUPLICATES_IGNORED.get() | frozenset(partner_ids))
    try:
        yield
    finally:
        _DUPLICATES_IGNORED.reset(token)


def duplicates_ignored():
    """The partner ids whose matches do not block a save right now (set by :func:`ignoring_duplicates_of`)."""
    return _DUPLICATES_IGNORED.get()


_LIFECYCLE_RULE = contextvars.ContextVar("customer_lifecycle_rule", default=None)


@contextlib.contextmanager
def moving_by_rule(rule):
    """Within the block, stage moves are recorded in the history as made by the lifecycle ``rule``."""
    token = _LIFECYCLE_RULE.set(rule)
    try:
        yield
    finally:
        _LIFECYCLE_RULE.reset(token)


def lifecycle_rule():
    """The lifecycle rule making the current stage moves (set by :func:`moving_by_rule`), or None."""
    return _LIFECYCLE_RULE.get()


_BATCH_WORK = contextvars.ContextVar("customer_batch_work", default=None)
_ROLLED_BACK = contextvars.ContextVar("customer_rolled_back", default=False)


@contextlib.contextmanager
def rolling_back():
    """Within the block, everything written is rolled back at its end (the import's preview): the work
    deferred to the end of a batch (:func:`batching_work`), which cannot refuse a record, is not done."""
    token = _ROLLED_BACK.set(True)
    try:
        yield
    finally:
        _ROLLED_BACK.reset(token)


@contextlib.contextmanager
def batching_work():
    """Within the block, the work registered with :func:`defer_to_batch` runs once, when the block ends,
    for all the records it was registered for — not once per record. The import's batches use it: Odoo's
    ``load`` writes the rows it updates one by one, and a score recomputed after each write cost 17 ms a row.

    Only work that cannot refuse a record may be deferred (a recompute of stored values): a refusal must
    still reach the row it is about. The work runs inside the block's transaction (savepoint); a block left
    by an exception drops it, and so does a block in :func:`rolling_back`. A block within a block joins the
    outer one.
    """
    if _BATCH_WORK.get() is not None:
        yield
        return
    pending = {}
    token = _BATCH_WORK.set(pending)
    try:
        yield
        while (
            pending and not _ROLLED_BACK.get()
        ):  # the deferred work may defer more (it runs outside the block's scope otherwise)
            key = next(iter(pending))
            work, ids = pending.pop(key)
            work(sorted(ids))
    finally:
        _BATCH_WORK.reset(token)


def defer_to_batch(key, work, ids):
    """Run ``work(ids)`` at the end of the current :func:`batching_work` block, with the ids of every call
    of the same ``key``; return False (nothing deferred) outside such a block.

    :param key: what the work is (one entry per key: same key, same work)
    :param work: a callable taking a sorted list of ids
    :param ids: the ids to add
    """
    pending = _BATCH_WORK.get()
    if pending is None:
        return False
    entry = pending.setdefault(key, (work, set()))
    entry[1].update(ids)
    return True
