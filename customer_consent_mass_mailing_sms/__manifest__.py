# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Consent - SMS Marketing",
    "summary": "Answering STOP to an SMS mailing withdraws the customer's SMS marketing consent",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["customer_consent_mass_mailing", "mass_mailing_sms"],
}
