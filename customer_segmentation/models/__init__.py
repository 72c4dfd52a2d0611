from . import (
    customer_calendar_mixin,
    customer_interaction,
    customer_score_rule,
    customer_segment,
    res_config_settings,
    res_partner,
)
