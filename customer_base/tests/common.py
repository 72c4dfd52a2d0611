# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user


def make_user(env, login, *groups):
    """An internal user holding exactly ``groups`` (xmlids), for role tests."""
    return new_test_user(env, login=login, groups=",".join(groups))
