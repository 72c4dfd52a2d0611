# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Base - Invoicing",
    "summary": "A customer's first posted invoice moves them to the Customer lifecycle stage; suppliers only are not customers",
    "version": "18.0.1.0.0",
    "category": "Sales/Customers",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["customer_base", "account"],
    "post_init_hook": "post_init_hook",
    "data": [
        "data/customer_lifecycle_rule_data.xml",
    ],
}
