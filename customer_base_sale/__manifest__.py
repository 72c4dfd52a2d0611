# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Base - Sales",
    "summary": "A customer's first confirmed sale moves them to the Customer lifecycle stage",
    "version": "18.0.1.0.0",
    "category": "Sales/Customers",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["customer_base", "sale"],
    "data": [
        "data/customer_lifecycle_rule_data.xml",
    ],
}
