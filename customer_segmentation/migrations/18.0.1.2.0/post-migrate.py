# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Inactive and Lost leave the conversion funnel on databases installed before it existed (a fresh install
reads data/customer_lifecycle_stage_data.xml; an update does not write customer_base's noupdate stages)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in ("customer_base.stage_inactive", "customer_base.stage_lost"):
        stage = env.ref(xmlid, raise_if_not_found=False)
        if stage:
            stage.customer_funnel = False
