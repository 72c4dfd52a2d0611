from . import customer_stage_funnel_report
