# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Segmentation",
    "summary": "Audiences, segments, business-potential scoring and campaign calendars",
    "version": "18.0.1.2.0",
    "category": "Sales/Customers",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["customer_base"],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "data": [
        "security/ir.model.access.csv",
        "security/customer_segmentation_rules.xml",
        "data/customer_segment_data.xml",
        "data/customer_score_rule_data.xml",
        "data/customer_quality_kpi_data.xml",
        "data/customer_lifecycle_stage_data.xml",
        "views/customer_segment_views.xml",
        "views/res_partner_views.xml",
        "views/customer_upcoming_dates_views.xml",
        "views/res_config_settings_views.xml",
        "views/customer_quality_kpi_views.xml",
        "report/customer_stage_funnel_report_views.xml",
        "views/segmentation_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_segmentation/static/tests/tours/*.js",
        ],
    },
}
