# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Test helpers shared by the suite's addons."""

from odoo.tests import new_test_user


def make_user(env, login, *groups):
    """An internal user holding exactly ``groups`` (xmlids), for role tests."""
    return new_test_user(env, login=login, groups=",".join(groups))


def menus_shown(env, user):
    """xmlids of the menus the web client shows ``user``: the tree load_menus() sends it."""
    menus = env["ir.ui.menu"].with_user(user).load_menus(debug=False)
    shown, todo = set(), list(menus["root"]["children"])
    while todo:
        menu = menus[todo.pop()]
        shown.add(menu["xmlid"])
        todo.extend(menu["children"])
    return shown
