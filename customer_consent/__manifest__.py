# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Consent",
    "summary": "Consent per purpose and channel, opt-in and withdrawal, data-subject rights",
    "version": "18.0.1.1.0",
    "category": "Sales/Customers",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["customer_base", "mail", "phone_validation", "privacy_lookup"],
    "data": [
        "security/ir.model.access.csv",
        "security/consent_rules.xml",
        "data/consent_channel_data.xml",
        "data/consent_purpose_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/consent_templates.xml",
        "views/customer_consent_views.xml",
        "views/customer_consent_purpose_views.xml",
        "views/customer_consent_request_views.xml",
        "views/customer_privacy_request_views.xml",
        "views/customer_retention_policy_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/customer_consent_record_wizard_views.xml",
        "views/consent_menus.xml",
    ],
    "demo": [
        "demo/consent_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_consent/static/tests/tours/*.js",
        ],
    },
}
