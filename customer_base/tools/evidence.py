# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What two customers' keys say against their being the same customer (no ORM)."""


def contact_conflict(a, b):
    """Whether the keys of two customers contradict a match on their names.

    Different tax ids are different legal persons. Two people (not companies) whose emails are both known
    and different, and whose phones are both known and share no number, are different people who happen to
    share a name — the usual case of common names in a large base. Companies may use several emails and
    phones, so only their tax ids count. A value missing on either side contradicts nothing.

    :param a: mapping with ``is_company``, ``email`` (key), ``phones`` (set of keys), ``vat`` (key)
    :param b: the same for the other customer
    :rtype: bool
    """
    if a["vat"] and b["vat"] and a["vat"] != b["vat"]:
        return True
    if a["is_company"] or b["is_company"]:
        return False
    return bool(
        a["email"] and b["email"] and a["email"] != b["email"]
        and a["phones"] and b["phones"] and not set(a["phones"]) & set(b["phones"])
    )  # fmt: skip


def groups_conflict(left_ids, right_ids, sides, pair=()):
    """Whether joining two groups of customers would put together two whose keys contradict each other
    (see :func:`contact_conflict`): a customer without contact details may be a duplicate of either of two
    namesakes, but the namesakes are not duplicates of each other.

    :param left_ids: the customers of one group
    :param right_ids: the customers of the other
    :param dict sides: ``{id: side}`` as :func:`contact_conflict` reads them; customers missing from it
      contradict nobody
    :param pair: the two customers whose match joins the groups: their own contradiction was already weighed
    :rtype: bool
    """
    pair = set(pair)
    return any(
        contact_conflict(sides[left], sides[right])
        for left in left_ids
        if left in sides
        for right in right_ids
        if right in sides and {left, right} != pair
    )
