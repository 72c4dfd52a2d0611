# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Segmentation",
    "summary": "Audiences, segments, business-potential scoring and campaign calendars",
    "version": "18.0.1.0.0",
    "category": "Sales/Customers",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["customer_base"],
    "data": [
        "views/segmentation_menus.xml",
    ],
}
