"""Lifecycle measures (issue 4): the nightly inactivity cron and one stage change."""

import time

from tests.bench.bench import measure, timed


@measure("lifecycle_inactivity_cron")
def _measure_inactivity_cron(env, ctx):
    """The nightly cron moving every partner without activity for 180 days to Inactive (rows/s)."""
    stage = env.ref("customer_base.stage_customer")
    env.flush_all()
    env.cr.execute(
        "UPDATE res_partner SET lifecycle_stage_id = %s, create_date = now() - interval '200 days' "
        "WHERE partner_share IS NOT FALSE AND parent_id IS NULL",
        [stage.id],
    )
    env.invalidate_all()
    start = time.perf_counter()
    moved = batches = 0
    while True:
        done = env["res.partner"]._cron_lifecycle_inactivity(batch_size=1000)
        if not done:
            break
        moved += done
        batches += 1
    seconds = time.perf_counter() - start
    return {
        "moved": moved,
        "batches": batches,
        "seconds": round(seconds, 2),
        "rows_per_s": round(moved / seconds, 1),
    }


@measure("lifecycle_stage_change_write")
def _measure_stage_write(env, ctx):
    """One customer moved between two stages by a manager (history + tracking), against a stock write of
    a plain tracked field on the same partner; ratio = stage move / stock write."""
    user = env["res.users"].create(
        {"name": "Bench Responsable", "login": "bench_responsable",
         "groups_id": [(6, 0, [env.ref("customer_base.group_customer_manager").id])]}
    )  # fmt: skip
    partner = env["res.partner"].with_user(user).search([], limit=1, order="id desc")
    stages = [env.ref("customer_base.stage_opportunity").id, env.ref("customer_base.stage_customer").id]
    state = {"i": 0}

    def move():
        state["i"] += 1
        partner.write({"lifecycle_stage_id": stages[state["i"] % 2]})
        env.flush_all()

    def stock():
        state["i"] += 1
        partner.write({"phone": f"+57 300 000 {state['i']:04d}"})
        env.flush_all()

    result = timed(move, ctx["repeat"])
    baseline = timed(stock, ctx["repeat"])
    result["stock_p50_ms"] = baseline["p50_ms"]
    result["ratio"] = round(result["p50_ms"] / baseline["p50_ms"], 3)
    return result
