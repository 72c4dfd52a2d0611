from . import (
    customer_calendar_mixin,
    customer_interaction,
    customer_lifecycle_stage,
    customer_quality_kpi,
    customer_quality_mixin,
    customer_score_rule,
    customer_segment,
    customer_segment_groupby_mixin,
    res_config_settings,
    res_partner,
)
