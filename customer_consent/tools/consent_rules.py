# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The consent rules as pure functions (no ORM): when a consent expires, whether it counts, which states a
client may record. The models and the SQL of the searchable field follow these definitions, and the tests
check that they agree."""

import datetime
from typing import NamedTuple

CHANNELS = ("email", "sms", "whatsapp", "phone", "post")
STATES = ("pending", "granted", "refused", "withdrawn", "expired")
# States an answer may leave behind: every state but pending is a decision (it becomes the current status).
DECISIONS = ("granted", "refused", "withdrawn", "expired")
# States staff may record by hand or import; pending and expired are the system's.
STAFF_STATES = ("granted", "refused", "withdrawn")
# An objection: for purposes that do not require explicit consent (legitimate interest), only these stop
# the customer from being contacted.
OBJECTIONS = ("refused", "withdrawn")
# Sources where a person's answer is only proven by what staff attach or write down.
SOURCES_NEEDING_PROOF = ("paper", "phone", "event", "email")


class ConsentStatus(NamedTuple):
    """What the trail says for one customer, purpose and channel."""

    state: str | None
    expiry_date: datetime.date | None


def expiry_date(given, validity_days=0, origin="first", second_party_days=0):
    """The day a consent stops counting (it counts up to the day before), or None when it never expires.

    :param datetime.date given: the day it was given
    :param int validity_days: the purpose's default validity (0: no limit)
    :param str origin: ``first``, ``second`` or ``third`` party data
    :param int second_party_days: how long second-party data may be used (0: no limit)
    """
    limits = [validity_days or 0]
    if origin == "second":
        limits.append(second_party_days or 0)
    limits = [days for days in limits if days > 0]
    if not limits:
        return None
    return given + datetime.timedelta(days=min(limits))


def counts(status, today, explicit_required=True):
    """Whether a customer may be contacted given the current status of the trail.

    :param ConsentStatus status: the current record's state and expiry (state None: no record)
    :param bool explicit_required: the purpose needs an explicit grant; otherwise (legitimate interest)
      only an objection (refusal, withdrawal) stops contact
    """
    if not explicit_required:
        return status.state not in OBJECTIONS
    if status.state != "granted":
        return False
    return status.expiry_date is None or status.expiry_date > today


def current_status(records):
    """The current status among a customer's records for one purpose and channel.

    :param records: iterable of ``(id, state, expiry_date)`` in any order
    :return: :class:`ConsentStatus` of the latest decision, or of the latest pending record when there is
      no decision yet, or ``ConsentStatus(None, None)``
    """
    latest_decision = latest_pending = None
    for rec_id, state, expiry in records:
        slot = latest_pending if state == "pending" else latest_decision
        if slot is None or rec_id > slot[0]:
            if state == "pending":
                latest_pending = (rec_id, state, expiry)
            else:
                latest_decision = (rec_id, state, expiry)
    chosen = latest_decision or latest_pending
    return ConsentStatus(chosen[1], chosen[2]) if chosen else ConsentStatus(None, None)


def consent_key(purpose_code, channel):
    """The value the partner's searchable field takes for one purpose and channel: ``code:channel``."""
    return f"{purpose_code}:{channel}"


def parse_consent_key(key):
    """``(purpose_code, channel)`` from :func:`consent_key`'s value; ValueError on anything else."""
    purpose_code, sep, channel = (key or "").rpartition(":")
    if not sep or not purpose_code or channel not in CHANNELS:
        raise ValueError(key)
    return purpose_code, channel
