# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Base",
    "summary": "A complete, clean and lawful customer database on Odoo contacts",
    "version": "18.0.1.0.0",
    "category": "Sales/Customers",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["contacts", "base_import", "phone_validation"],
    "data": [
        "security/customer_security.xml",
        "security/ir.model.access.csv",
        "security/customer_rules.xml",
        "data/customer_profile_data.xml",
        "data/customer_field_policy_data.xml",
        "data/customer_interaction_data.xml",
        "data/customer_lifecycle_data.xml",
        "views/customer_menus.xml",
        "views/res_partner_views.xml",
        "views/customer_field_views.xml",
        "views/customer_config_views.xml",
        "views/customer_interaction_views.xml",
        "views/customer_lifecycle_views.xml",
        "views/res_company_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/res_partner_profile_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_base/static/tests/tours/*.js",
        ],
    },
}
