"""P3 (issue 5 §3): merging one pair of customers with references, ours against the stock wizard's _merge.

Both run on the same database in the same run, as the admin user, on pairs built the same way: each
partner has messages, a follower (the same one on both, so the followers collide), a child contact,
an attachment and tags (one tag shared, so a tag link collides). Ours moves every reference, resolves
the collisions, archives and logs for the undo; the stock wizard moves and deletes.
"""

import statistics
import time

from tests.bench.bench import measure


def _make_pairs(env, count, follower, tags):
    """``count`` pairs of customers with references; returned as a list of (kept, merged)."""
    Partner = env["res.partner"]
    pairs = []
    for i in range(count):
        kept, merged = Partner.create(
            [
                {
                    "name": f"Bench Merge {i}",
                    "is_company": True,
                    "email": f"merge{i}@example.com",
                    "city": "Cali",
                },
                {"name": f"Bench Merge {i} S.A.S.", "is_company": True, "phone": "+57 300 0000000"},
            ]
        )
        kept.category_id = tags[0]
        merged.category_id = tags
        Partner.create(
            [{"name": f"Contacto {i}", "parent_id": merged.id}, {"name": f"Otro {i}", "parent_id": kept.id}]
        )
        for partner in (kept, merged):
            partner.message_subscribe(partner_ids=follower.ids)
            for n in range(3):
                partner.message_post(body=f"Nota {n}")
        env["ir.attachment"].create(
            {"name": "contrato.txt", "res_model": "res.partner", "res_id": merged.id, "raw": b"x"}
        )
        pairs.append((kept, merged))
    env.flush_all()
    return pairs


def _sample(env, func):
    start = time.perf_counter()
    func()
    env.flush_all()
    return (time.perf_counter() - start) * 1000


def _stats(samples):
    samples = sorted(samples)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
    }


@measure("merge_pair_with_references")
def _measure_merge_pair(env, ctx):
    """P3: one pair merged by customer.merge.log._customer_merge (references moved, collisions resolved,
    archived, logged for undo) vs base.partner.merge.automatic.wizard._merge (moves, deletes); ratio = ours / stock."""
    admin_env = env(user=env.ref("base.user_admin"))
    repeat = max(3, min(ctx["repeat"], 15))
    follower = admin_env["res.partner"].create({"name": "Bench Follower"})
    tags = admin_env["res.partner.category"].create(
        [{"name": "Bench Merge VIP"}, {"name": "Bench Merge Shared"}]
    )
    ours_pairs = _make_pairs(admin_env, repeat + 1, follower, tags)
    stock_pairs = _make_pairs(admin_env, repeat + 1, follower, tags)
    Log = admin_env["customer.merge.log"]
    Stock = admin_env["base.partner.merge.automatic.wizard"]

    def ours(pair):
        return lambda: Log._customer_merge(pair[0], pair[1])

    def stock(pair):
        return lambda: Stock._merge((pair[0] | pair[1]).ids, pair[0])

    # one warm-up each (registry caches, prepared plans), then alternate so neither gets a warmer cache
    _sample(admin_env, ours(ours_pairs.pop()))
    _sample(admin_env, stock(stock_pairs.pop()))
    ours_ms, stock_ms = [], []
    for ours_pair, stock_pair in zip(ours_pairs, stock_pairs, strict=True):
        ours_ms.append(_sample(admin_env, ours(ours_pair)))
        stock_ms.append(_sample(admin_env, stock(stock_pair)))
    undo_ms = _sample(
        admin_env, lambda: Log.search([("dst_partner_id", "=", ours_pairs[-1][0].id)]).action_undo()
    )
    merged_ok = all(
        not merged.active and merged.customer_merged_into_id == kept for kept, merged in ours_pairs[:-1]
    )
    logs = Log.search([("dst_partner_id", "in", [kept.id for kept, _m in ours_pairs])])
    result = _stats(ours_ms)
    stock_stats = _stats(stock_ms)
    result.update(
        stock_p50_ms=stock_stats["p50_ms"],
        stock_p95_ms=stock_stats["p95_ms"],
        ratio=round(result["p50_ms"] / stock_stats["p50_ms"], 3),
        samples=len(ours_ms),
        undo_ms=round(undo_ms, 2),
        rows_logged_per_merge=round(sum(logs.mapped("line_count")) / max(len(logs), 1), 1),
        all_archived_and_linked=merged_ok,
    )
    return result
