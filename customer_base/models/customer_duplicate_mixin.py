# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Duplicate detection on res.partner, by concern, one mixin a file:

- ``customer.duplicate.key.mixin`` (customer_duplicate_key_mixin.py): the stored match keys, their SQL fill,
  the table of distinct name keys with its triggers, the trigram indexes;
- ``customer.duplicate.finder.mixin`` (customer_duplicate_finder_mixin.py): ``customer_find_duplicates`` and
  its probes, judged by the rules and the score of ``tools.scoring``;
- ``customer.duplicate.banner.mixin`` (customer_duplicate_banner_mixin.py): the possible duplicates on the form;
- ``customer.duplicate.blocking.mixin`` (customer_duplicate_blocking_mixin.py): blocking rules on create and write.

The constants they share (key columns, rule fields, table and index names) are in ``tools/match_keys.py``.
"""

from odoo import models


class CustomerDuplicateMixin(models.AbstractModel):
    """Customer Duplicate Detection on res.partner (res.partner inherits this mixin)."""

    _name = "customer.duplicate.mixin"
    # independent mixins, one concern each, composed here as res.partner composes the suite's mixins
    _inherit = [
        "customer.duplicate.key.mixin",
        "customer.duplicate.finder.mixin",
        "customer.duplicate.banner.mixin",
        "customer.duplicate.blocking.mixin",
    ]
    _description = "Customer Duplicate Detection"
