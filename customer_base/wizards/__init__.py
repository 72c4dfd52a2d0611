# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    base_import_import,
    customer_field_delete_wizard,
    customer_merge_wizard,
    customer_merge_wizard_line,
)
