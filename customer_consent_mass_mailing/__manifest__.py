# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Consent - Email Marketing",
    "summary": "Unsubscribing from a mailing withdraws the customer's email marketing consent",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["customer_consent", "mass_mailing"],
    "data": [
        "views/customer_consent_views.xml",
        "views/mailing_templates.xml",
    ],
}
