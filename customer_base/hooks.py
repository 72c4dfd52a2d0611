# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Install and uninstall hooks of customer_base."""


def post_init_hook(env):
    """Fill what the install adds to the partners that existed before it, set-based (issue 11): the default
    lifecycle stage and its open stay in the history (the stages exist only once the data is loaded). The
    other columns are filled by SQL before the data loads: the match keys (``customer.duplicate.mixin``)
    and the completeness score (``customer.interaction.mixin``), in their ``_auto_init``/``init``."""
    env["res.partner"]._lifecycle_assign_default_stage()


def uninstall_hook(env):
    """Remove what the module keeps outside Odoo's models: the triggers and table of distinct name keys."""
    env["res.partner"]._customer_drop_name_keys()
