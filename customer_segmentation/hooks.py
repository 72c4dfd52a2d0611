# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo.tools import SQL

from .models.res_partner import SEGMENT_INDEXES

_logger = logging.getLogger(__name__)


# Above this many partners the scores are left to the score cron, started at once (it resumes in batches
# through Odoo's cron progress): filling them in the install wrote every row of res_partner and its ~35
# indexes, 14 minutes of downtime at 1M partners.
INSTALL_FILL_LIMIT = 50000


def post_init_hook(env):
    """Conditions of the shipped audiences from the default thresholds, then every customer's score,
    set-based (batches of 20,000 customers: one search per rule and one UPDATE each) — in the install
    for a small base, by the score cron right after it for a large one."""
    env["customer.segment"]._refresh_audience_domains()
    env.cr.execute("SELECT count(*) FROM res_partner")
    partners = env.cr.fetchone()[0]
    if partners > INSTALL_FILL_LIMIT:
        env.ref("customer_segmentation.ir_cron_recompute_scores")._trigger()
        _logger.info("Customer scores: %s partners, left to the score cron (started)", partners)
        return
    run = env["customer.score.rule"]._score_recompute_all()
    _logger.info("Customer scores: %s partners, %s scored", run.processed, run.changed)


def uninstall_hook(env):
    """Drop the indexes the module created on res_partner outside the fields' declarations (Odoo removes
    only the indexes of the fields it declared)."""
    for index in SEGMENT_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
