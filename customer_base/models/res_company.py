# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_share_by_default = fields.Boolean(
        "New Customers Shared by All Branches",
        default=True,
        help="When set, customers created in this company or branch are visible to every branch. "
        "Otherwise they belong to the branch that creates them.",
    )
