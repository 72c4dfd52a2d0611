from . import test_calendar, test_campaign_dates, test_score, test_segment_menu, test_segments, test_ui
