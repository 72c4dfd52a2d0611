# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Whether two customer records are the same customer: evidence for and against, field by field (no ORM).

A Fellegi–Sunter score. Each field the two records both hold is compared; agreement adds the field's
*agreement weight*, disagreement adds its (negative) *disagreement weight*, and a value missing on either side
adds nothing. A weight is ``log2(m / u)``: ``m`` the share of true copies that agree (or disagree) on the
field, ``u`` the share of different customers that do. The weights below were set from those shares measured
on the labelled realistic bench base (``tests/bench/realistic_base.py``; ``tests/test_scoring_weights.py``
re-estimates them and checks them), rounded, and kept where the shipped tests of the suite need them.

Names weigh what they are worth: the same name shared by two customers out of a whole base says more than
the same name shared by eighty (``frequency``: how many customers hold it). A person's name that differs
from a company's says nothing (a shop entered under its owner's name).

The total decides: above :data:`POSSIBLE_WEIGHT` a candidate is shown as a possible duplicate (banner,
``customer_find_duplicates``); from :data:`LIKELY_WEIGHT` on it is a strong link, which the whole-database
scan needs between every two customers it groups. :func:`contact_conflict` (``tools.evidence``) stays a veto
of name rules that exclude conflicting details: the SQL of the probes and of the scan applies it too.
"""

import datetime
import math
from typing import NamedTuple

from .evidence import contact_conflict
from .normalize import similarity

# Above this total a candidate is a possible duplicate; from LIKELY_WEIGHT on, a strong link. Two records
# whose total is at most -CONTRADICTION_WEIGHT are told apart: a group never holds both.
POSSIBLE_WEIGHT = 0.0
LIKELY_WEIGHT = 5.0
CONTRADICTION_WEIGHT = 5.0
# The total at which the score shown is 0.5, and how fast it rises: score = 1 / (1 + 2 ** (MIDPOINT - total)).
SCORE_MIDPOINT = 4.0


class Weights(NamedTuple):
    """Agreement and disagreement weights of one field (bits of evidence, ``log2(m / u)``)."""

    agree: float
    disagree: float


# Between two people (or a person and a company), and between two companies: companies use several emails
# and phones, so that other ones say little against them.
PERSON_WEIGHTS = {
    "email": Weights(9.0, -2.5),
    "phone": Weights(8.5, -2.5),
    "vat": Weights(10.0, -12.0),
    "street": Weights(4.0, -2.0),
    "zip": Weights(1.5, -1.0),
    "city": Weights(0.5, -2.5),
    "birthday": Weights(7.0, -7.0),
}
COMPANY_WEIGHTS = {
    "email": Weights(8.0, -0.5),
    "phone": Weights(7.5, -0.5),
    "vat": Weights(10.0, -12.0),
    "street": Weights(4.0, -1.0),
    "zip": Weights(1.0, -0.5),
    "city": Weights(0.5, -1.5),
    "birthday": Weights(0.0, 0.0),
}
# Names. The same name, by how many customers hold it: NAME_RARE bits for a name two customers share, one
# bit less each time that number doubles, never below NAME_COMMON (a name everyone has still agrees).
NAME_RARE = 7.0
NAME_COMMON = 1.0
# When the number of holders is not known.
NAME_UNKNOWN_FREQUENCY = 8
# Similar names (trigram similarity at least the rule's threshold) earn the same-name weight times this
# factor of their similarity; the same name apart from legal form or country, and a person's name with a
# surname or first name left out or abbreviated ("J. García" for "José García López"), a share of it.
SIMILAR_FLOOR, SIMILAR_SPAN = 0.55, 0.35
CORE_NAME_SHARE = 0.8
PARTIAL_NAME_SHARE = 0.6
NAME_DISAGREE = {"person": -4.0, "company": -2.0}
# The similarity given to names equal once the legal form and a trailing country are dropped.
CORE_NAME_SIMILARITY = 0.9


class Record(NamedTuple):
    """What one customer record holds, as match keys (see ``tools.normalize``); ``None`` = unknown.
    ``company_id`` (its branch) and ``country_id`` serve the rules' scope and country conditions."""

    is_company: bool = False
    name_key: str | None = None
    core_key: str | None = None
    email: str | None = None
    phones: frozenset = frozenset()
    vat: str | None = None
    street: str | None = None
    zip: str | None = None
    city: str | None = None
    birthday: datetime.date | None = None
    company_id: int | None = None
    country_id: int | None = None


class Rule(NamedTuple):
    """An active duplicate rule (``customer.duplicate.rule``) as the scoring reads it."""

    id: int
    key: str  # "name", "email", "phone", "vat"
    match: str  # "exact", "similarity"
    threshold: float
    scope: str  # "all", "branch"
    same_city: bool
    same_country: bool
    action: str  # "alert", "block"
    exclude_conflicts: bool


class Judgement(NamedTuple):
    """What the rules and the score say of a candidate: its :class:`Score`, whether a blocking rule
    matched, and the weight linking the two (see :func:`link_strength`)."""

    score: "Score"
    block: bool
    strength: float


class Evidence(NamedTuple):
    """One field's say: ``code`` names it ("same_email", "different_birthday", "similar_name"…), ``weight``
    is positive for, negative against; ``similarity`` for similar names."""

    field: str
    code: str
    weight: float
    similarity: float | None = None


class Score(NamedTuple):
    """The evidence between two records, strongest first, and its total."""

    total: float
    evidence: tuple

    @property
    def for_(self):
        return tuple(item for item in self.evidence if item.weight > 0)

    @property
    def against(self):
        return tuple(item for item in self.evidence if item.weight < 0)

    @property
    def total_for(self):
        return sum(item.weight for item in self.for_)

    @property
    def probability(self):
        """The total as a number from 0 to 1 (0.5 at :data:`SCORE_MIDPOINT`), for people."""
        return 1 / (1 + 2 ** (SCORE_MIDPOINT - self.total))


def same_name_weight(frequency=None):
    """Agreement weight of one name held by ``frequency`` customers (both records included)."""
    frequency = NAME_UNKNOWN_FREQUENCY if not frequency else max(frequency, 2)
    return max(NAME_COMMON, NAME_RARE + 1 - math.log2(frequency))


def _initial_compatible(short, long_):
    """Whether the words ``short`` all appear in ``long_`` (a one-letter word standing for a word with
    that initial), with at least two real words shared: a surname or first name left out or abbreviated."""
    remaining = list(long_)
    shared = 0
    for word in sorted(short, key=len, reverse=True):
        if word in remaining:
            remaining.remove(word)
            shared += 1
            continue
        if len(word) == 1:
            match = next((other for other in remaining if other.startswith(word)), None)
            if match:
                remaining.remove(match)
                continue
        return False
    return shared >= 2


def partial_name(a_key, b_key):
    """Whether two person name keys are the same name with a word left out or abbreviated."""
    if not a_key or not b_key or a_key == b_key:
        return False
    a_words, b_words = a_key.split(), b_key.split()
    if len(a_words) != len(b_words):
        short, long_ = sorted((a_words, b_words), key=len)
        return _initial_compatible(short, long_)
    return _initial_compatible(a_words, b_words) or _initial_compatible(b_words, a_words)


def partial_name_variants(name_key):
    """The person name keys ``name_key`` gives with one word left out (two words at least remain) or cut
    to its initial: ``"garcia jose lopez"`` gives ``"garcia jose"``, ``"garcia j lopez"``… A copy whose
    key is one of them, or gives ``name_key`` this way, is a :func:`partial_name`.

    :rtype: set[str]
    """
    words = (name_key or "").split()
    variants = set()
    for i, word in enumerate(words):
        rest = words[:i] + words[i + 1 :]
        if len(rest) >= 2:
            variants.add(" ".join(rest))
        if len(word) > 1:
            variants.add(" ".join(sorted([*rest, word[0]])))
    return variants


def name_evidence(a, b, threshold=0.75, frequency=None, exact_only=False):
    """The names' say, or ``None`` when they neither agree nor count against (a missing name, or different
    names of a person and a company).

    :param float threshold: the least trigram similarity of similar names
    :param frequency: how many customers hold the rarer of the two names (see :func:`same_name_weight`)
    :param bool exact_only: only equal names agree (a rule matching exact names)
    """
    if not a.name_key or not b.name_key:
        return None
    kind = "company" if a.is_company else "person"
    rare = same_name_weight(frequency)
    if a.name_key == b.name_key:
        return Evidence("name", "same_name", round(rare, 2))
    if not exact_only:
        score = similarity(a.name_key, b.name_key)
        if score >= threshold - 1e-6:
            factor = min(1.0, (score - SIMILAR_FLOOR) / SIMILAR_SPAN)
            return Evidence("name", "similar_name", round(rare * factor, 2), round(score, 2))
        if a.core_key and a.core_key == b.core_key and threshold <= CORE_NAME_SIMILARITY + 1e-6:
            return Evidence("name", "core_name", round(rare * CORE_NAME_SHARE, 2))
        if not a.is_company and not b.is_company and partial_name(a.name_key, b.name_key):
            return Evidence("name", "partial_name", round(rare * PARTIAL_NAME_SHARE, 2))
    if a.is_company != b.is_company:
        return None  # a shop entered under its owner's name: different names say nothing
    return Evidence("name", "different_name", NAME_DISAGREE[kind])


def _compare(field, agree, weights):
    weight = weights[field]
    if agree:
        return Evidence(field, f"same_{field}", weight.agree) if weight.agree else None
    return Evidence(field, f"different_{field}", weight.disagree) if weight.disagree else None


def score(a, b, name=None):
    """The evidence for and against ``a`` and ``b`` being one customer.

    :param Record a: one record
    :param Record b: the other
    :param name: the names' :class:`Evidence` (from :func:`name_evidence`, with the rule's threshold and
      the names' frequency), ``None`` for none
    :rtype: Score
    """
    weights = COMPANY_WEIGHTS if a.is_company and b.is_company else PERSON_WEIGHTS
    evidence = [name] if name else []
    pairs = (
        ("email", a.email, b.email, None),
        ("phone", a.phones, b.phones, bool(set(a.phones) & set(b.phones))),
        ("vat", a.vat, b.vat, None),
        ("street", a.street, b.street, None),
        ("zip", a.zip, b.zip, None),
        ("city", a.city, b.city, None),
        ("birthday", a.birthday, b.birthday, None),
    )
    for field, left, right, agree in pairs:
        if not left or not right:
            continue
        found = _compare(field, left == right if agree is None else agree, weights)
        if found:
            evidence.append(found)
    evidence.sort(key=lambda item: (-abs(item.weight), item.field))
    return Score(round(sum(item.weight for item in evidence), 2), tuple(evidence))


def link_strength(result, exclude_conflicts=True):
    """The weight that links two records: the total, or, when contradicting details do not exclude
    (a rule's *Different Contact Details Exclude* off), the evidence for alone."""
    return result.total if exclude_conflicts else result.total_for


def conflict(a, b):
    """:func:`~.evidence.contact_conflict` of two :class:`Record`: the veto the SQL of the probes applies."""
    return contact_conflict(
        {"is_company": a.is_company, "email": a.email, "phones": a.phones, "vat": a.vat},
        {"is_company": b.is_company, "email": b.email, "phones": b.phones, "vat": b.vat},
    )


def rule_applies(rule, a, b):
    """Whether the scope, country and city conditions of ``rule`` let it compare ``a`` and ``b`` (an
    unknown value never excludes)."""
    if rule.scope == "branch" and a.company_id and b.company_id and a.company_id != b.company_id:
        return False
    if rule.same_country and a.country_id and b.country_id and a.country_id != b.country_id:
        return False
    return not (rule.same_city and a.city and b.city and a.city != b.city)


def keys_agree(key, a, b):
    """Whether ``a`` and ``b`` hold the same email, a common phone or the same tax id."""
    if key == "phone":
        return bool(set(a.phones) & set(b.phones))
    left, right = getattr(a, key), getattr(b, key)
    return bool(left and left == right)


def judge(a, b, rules, frequency=None):
    """Apply the duplicate ``rules`` to two records: ``None`` when none reports them, else a
    :class:`Judgement`.

    A key rule (email, phone, tax id) reports records sharing its key. A name rule reports names that
    agree under it, unless, when it excludes conflicting details, the emails and phones of two people (or
    the tax ids) contradict each other (:func:`conflict`) or the evidence against outweighs the evidence
    for. The score weighs every field either way.

    :param rules: :class:`Rule` tuples
    :param frequency: how many customers hold the more common of the two names (``None``: unknown)
    """
    name_rules = [rule for rule in rules if rule.key == "name"]
    name = None
    if name_rules:
        name = name_evidence(
            a,
            b,
            threshold=min(rule.threshold for rule in name_rules),
            frequency=frequency,
            exact_only=all(rule.match == "exact" for rule in name_rules),
        )
    result = score(a, b, name)
    accepted = block = loose = False
    vetoed = None
    for rule in rules:
        if not rule_applies(rule, a, b):
            continue
        if rule.key == "name":
            found = name_evidence(a, b, rule.threshold, frequency, exact_only=rule.match == "exact")
            if not found or found.weight <= 0:
                continue
            if rule.exclude_conflicts:
                if vetoed is None:
                    vetoed = conflict(a, b)
                if vetoed or score(a, b, found).total <= POSSIBLE_WEIGHT:
                    continue
            else:
                loose = True
        elif not keys_agree(rule.key, a, b):
            continue
        accepted = True
        block = block or rule.action == "block"
    if not accepted:
        return None
    return Judgement(result, block, link_strength(result, exclude_conflicts=not loose))


def contradicts(a, b, exclude_conflicts=True):
    """Whether two records may not be in one group of duplicates: the evidence against them being one
    customer clearly outweighs the evidence for (a different birthday, another name at another street), or,
    when the name rules exclude conflicting details, their contact details conflict (:func:`conflict`).
    Names are weighed as if their frequency were unknown."""
    if exclude_conflicts and conflict(a, b):
        return True
    return score(a, b, name_evidence(a, b)).total <= -CONTRADICTION_WEIGHT


def groups_contradict(left_ids, right_ids, records, pair=(), exclude_conflicts=True):
    """Whether joining two groups would put together two records that :func:`contradicts` keeps apart:
    each member of a group is compatible with every other, so groups do not chain through weak links.

    :param dict records: ``{id: Record}``; ids missing from it contradict nobody
    :param pair: the two records whose strong link joins the groups (already judged)
    """
    pair = set(pair)
    return any(
        contradicts(records[left], records[right], exclude_conflicts)
        for left in left_ids
        if left in records
        for right in right_ids
        if right in records and {left, right} != pair
    )
