# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Errors of the consent addon, as types (a caller may catch one without parsing a message)."""

from odoo.exceptions import UserError


class ConsentTrailImmutable(UserError):
    """A saved consent (or privacy log entry) is never edited or deleted: actions add records."""


class ConsentLegalHold(UserError):
    """The customer is under a legal hold: their data may not be erased."""
