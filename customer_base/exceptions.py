# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The errors customer_base raises as types of their own."""

from odoo.exceptions import UserError


class CustomerDuplicateError(UserError):
    """Saving a customer is refused by a blocking duplicate rule (a UserError: imports report it per row)."""
