# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import controllers, models, wizards


def uninstall_hook(env):
    """Remove what the module keeps outside Odoo's models: the triggers and table of distinct name keys."""
    env["res.partner"]._customer_drop_name_keys()
