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
