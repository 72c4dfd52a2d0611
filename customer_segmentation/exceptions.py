# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError


class SegmentCycleError(ValidationError):
    """A segment would contain itself, through combined segments or "in segment" conditions."""
