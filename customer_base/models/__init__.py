# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    customer_area,
    customer_area_contact,
    customer_channel,
    customer_duplicate_mixin,
    customer_field,
    customer_field_access,
    customer_field_condition,
    customer_field_option,
    customer_field_tag,
    customer_hobby,
    customer_lifecycle_mixin,
    customer_merge_mixin,
    customer_profession,
    customer_type,
    res_groups,
    res_partner,
)
