# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Install and uninstall hooks of customer_base."""

from .tools.bulk_sql import secondary_indexes_dropped
from .tools.match_keys import NAME_KEYS_TRIGGERS


def post_init_hook(env):
    """Fill what the install adds to the partners that existed before it, set-based (issue 11 §2).

    The columns are created empty by the models' ``_auto_init`` (so that the ORM does not compute them record
    by record) and filled here, once the data has created the lifecycle stages: the customer flag, the match
    keys, the completeness score, the default stage and its open stay in the history. Each fill rewrites
    every partner row; with the table's secondary indexes dropped for the fills and rebuilt once after, a
    pass is a heap write instead of an insert into each of some 25 indexes per row. The triggers of the
    distinct name keys are off meanwhile (each statement would store every row it changed for them): the
    table of distinct name keys is rebuilt after, and the trigram indexes of the name keys are built last.
    On a module update the same fills run in ``_auto_init``/``init``.
    """
    partners = env["res.partner"]
    env.flush_all()
    with secondary_indexes_dropped(env.cr, partners._table, triggers=NAME_KEYS_TRIGGERS):
        partners._customer_refresh_is_customer()
        partners._customer_fill_duplicate_keys()
        partners._customer_recompute_completeness()
        partners._lifecycle_assign_default_stage()
    partners._customer_create_trigram_index()
    partners._customer_create_name_keys(refill=True)
    env.cr.execute("ANALYZE res_partner")


def uninstall_hook(env):
    """Remove what the module keeps outside Odoo's models: the triggers and table of distinct name keys."""
    env["res.partner"]._customer_drop_name_keys()
