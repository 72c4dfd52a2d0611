# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pure helpers of the customer base — no ORM, unit-testable."""

from . import evidence, normalize
from .evidence import contact_conflict, groups_conflict
from .normalize import (
    email_key,
    fold,
    name_core_key,
    name_key,
    name_tokens,
    person_key,
    phone_key,
    similarity,
    trigrams,
    vat_key,
)
