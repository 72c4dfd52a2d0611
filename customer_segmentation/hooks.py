# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

_logger = logging.getLogger(__name__)


def post_init_hook(env):
    """Conditions of the shipped audiences from the default thresholds, then every customer's score,
    set-based (batches of 20,000 customers: one search per rule and one UPDATE each)."""
    env["customer.segment"]._refresh_audience_domains()
    run = env["customer.score.rule"]._score_recompute_all()
    _logger.info("Customer scores: %s partners, %s scored", run.processed, run.changed)
