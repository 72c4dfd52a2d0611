# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Segmentation - Email Marketing",
    "summary": "Customer segments as mailing targets",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/customer-base/customer-base",
    "author": "Customer Base contributors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["customer_segmentation", "mass_mailing"],
    "data": [
        "views/customer_segment_views.xml",
        "views/mailing_mailing_views.xml",
    ],
}
