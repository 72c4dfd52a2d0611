# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Install and uninstall hooks of customer_base."""


def post_init_hook(env):
    """Fill what the install adds to the partners that existed before it, set-based (issue 11), then build
    what every later update of a partner maintains.

    The match keys (``customer.duplicate.mixin``) and the completeness score (``customer.interaction.mixin``)
    are filled by SQL in ``_auto_init``/``init``, before the data loads. The default lifecycle stage and its
    open stay in the history need the stages, which only the data creates: they are filled here. Only then
    are the trigram and partial indexes of the match keys built (at 100,000 partners, the stage fill took
    26 s with them and XX s without).
    """
    partners = env["res.partner"]
    partners._lifecycle_assign_default_stage()
    partners._customer_create_trigram_index()
    partners._customer_create_name_keys()  # its trigram index, if pg_trgm was only created just now


def uninstall_hook(env):
    """Remove what the module keeps outside Odoo's models: the triggers and table of distinct name keys."""
    env["res.partner"]._customer_drop_name_keys()
