# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL


def post_init_hook(env):
    """Suppliers already in the database stop counting as customers (one statement)."""
    env["res.partner"]._customer_refresh_is_customer(where=SQL("p.supplier_rank > 0"))
