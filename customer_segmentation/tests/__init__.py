from . import (
    test_calendar,
    test_campaign_dates,
    test_funnel_report,
    test_quality_kpi,
    test_score,
    test_segment_groupby,
    test_segment_menu,
    test_segments,
    test_ui,
)
