"""The duplicate score's weights (customer_base/tools/scoring.py) checked on the labelled realistic bench base.

No database: the realistic generator (tests/bench/realistic_base.py) makes a base with its truth; for each
field the share of true copies that agree (m) and of different customers with similar names that agree (u)
give the Fellegi–Sunter weights ``log2(m/u)`` and ``log2((1-m)/(1-u))``. The shipped weights must point the
same way and claim no more evidence than the data holds.
"""

import math
import random

from tests.bench import realistic_base

from odoo.addons.customer_base.tools import scoring
from odoo.addons.customer_base.tools.normalize import email_key, name_key, phone_key, street_key, vat_key

FIELDS = ("email", "phone", "vat", "street", "zip", "city", "birthday")


def _record(partner):
    phones = frozenset(
        key
        for key in (phone_key(partner.phone, partner.country), phone_key(partner.mobile, partner.country))
        if key
    )
    return scoring.Record(
        is_company=partner.is_company,
        name_key=name_key(partner.name, is_company=partner.is_company),
        email=email_key(partner.email),
        phones=phones,
        vat=vat_key(partner.vat, partner.country) if partner.vat else None,
        street=street_key(partner.street),
        zip=partner.zip,
        city=partner.city.lower(),
        birthday=partner.birthday,
    )


def estimate(count=12000, seed=7):
    """``{field: (m_agree, u_agree, agree weight, disagree weight)}`` over people, with counts smoothed."""
    partners = realistic_base.generate(count, seed=seed)
    records = [_record(partner) for partner in partners]
    entity = [partner.entity for partner in partners]
    matched = realistic_base.true_pairs(dict(enumerate(entity)))
    rng = random.Random(seed)
    by_block = {}
    for index, record in enumerate(records):
        if record.name_key and not record.is_company:
            by_block.setdefault(record.name_key.split()[0], []).append(index)
    unmatched = set()
    blocks = [members for members in by_block.values() if len(members) > 1]
    while len(unmatched) < 20 * len(matched):
        members = rng.choice(blocks)
        a, b = rng.sample(members, 2)
        if entity[a] != entity[b]:
            unmatched.add((min(a, b), max(a, b)))
    result = {}
    for field in FIELDS:
        rates = []
        for pairs in (matched, unmatched):
            agree = total = 0
            for a, b in pairs:
                attr = "phones" if field == "phone" else field
                left, right = getattr(records[a], attr), getattr(records[b], attr)
                if records[a].is_company or records[b].is_company or not left or not right:
                    continue
                total += 1
                agree += bool(left & right) if field == "phone" else left == right
            rates.append(((agree + 0.5) / (total + 1), total))
        (m, _m_total), (u, _u_total) = rates
        result[field] = (m, u, math.log2(m / u), math.log2((1 - m) / (1 - u)))
    return result


def test_weights_agree_with_the_labelled_base():
    """Each field's shipped agreement weight is positive and at most what the labelled data shows, each
    disagreement weight negative and no stronger than the data shows (a missing value is neither)."""
    estimated = estimate()
    lines = [
        f"{'field':<10}{'m':>8}{'u':>8}{'est. agree':>12}{'shipped':>9}{'est. disagree':>15}{'shipped':>9}"
    ]
    for field, (m, u, agree, disagree) in estimated.items():
        shipped = scoring.PERSON_WEIGHTS[field]
        lines.append(
            f"{field:<10}{m:>8.3f}{u:>8.4f}{agree:>12.1f}{shipped.agree:>9.1f}{disagree:>15.1f}{shipped.disagree:>9.1f}"
        )
    print("\n".join(lines))  # noqa: T201 - the table behind the README's weights
    for field, (_m, _u, agree, disagree) in estimated.items():
        shipped = scoring.PERSON_WEIGHTS[field]
        assert 0 < shipped.agree <= agree + 1.0, (field, shipped, agree)
        assert shipped.disagree < 0, (field, shipped)
        # a different tax id is a veto (tools.evidence.contact_conflict): its weight is the rule, not a rate
        assert field == "vat" or disagree - 1.0 <= shipped.disagree, (field, shipped, disagree)
