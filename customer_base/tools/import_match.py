# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pure helpers of the customer import: its options, the match keys of a row, how a batch of rows resolves
against the customers found for those keys, and the cells of the spreadsheets we write. No ORM here: the
models feed these functions with values and with the result of one query per batch."""

from typing import NamedTuple

from .normalize import email_key, fold, name_key, person_key, phone_key, vat_key

# The keys a user may match existing customers by ("Update existing customers, looking them up by").
MATCH_KEYS = ("email", "phone", "vat", "ref", "name_city")
# The partner fields each key reads from a row.
MATCH_KEY_FIELDS = {
    "email": ("email",),
    "phone": ("phone", "mobile"),
    "vat": ("vat",),
    "ref": ("ref",),
    "name_city": ("name", "customer_first_name", "customer_last_name", "city"),
}
# Looked up, in this order, for a row without a value for the chosen key.
FALLBACK_KEYS = ("email", "phone", "vat")
# A spreadsheet program evaluates a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
SKIP = "skip"
ERROR = "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, SKIP, ERROR)


class ImportOptions(NamedTuple):
    """The customer import's own options, as the import screen sends them (validated)."""

    match_key: str | None  # one of MATCH_KEYS, None: create every row (stock behaviour)
    only_update: bool  # rows matching no customer are skipped rather than created
    clear_empty: bool  # an empty cell empties the customer's field (otherwise it leaves it alone)
    valid_rows: bool  # import the valid rows and report the others; False: all or nothing


OPTION_NAMES = {
    "customer_match_key": "match_key",
    "customer_only_update": "only_update",
    "customer_clear_empty": "clear_empty",
    "customer_valid_rows": "valid_rows",
}


def parse_options(raw):
    """The :class:`ImportOptions` in ``raw`` (the import options dict, or the context value), or ``None``
    when none of them is set. Unknown match keys are ignored (no matching) rather than trusted.

    :param dict raw: values by their option names (``customer_match_key``…)
    :rtype: ImportOptions or None
    """
    if not isinstance(raw, dict) or not any(raw.get(name) for name in OPTION_NAMES):
        return None
    match_key = raw.get("customer_match_key")
    return ImportOptions(
        match_key=match_key if match_key in MATCH_KEYS else None,
        only_update=bool(raw.get("customer_only_update")) and match_key in MATCH_KEYS,
        clear_empty=bool(raw.get("customer_clear_empty")),
        valid_rows=bool(raw.get("customer_valid_rows")),
    )


def options_dict(options):
    """The options back as the import screen names them (for logs and for the context)."""
    return {name: getattr(options, attr) for name, attr in OPTION_NAMES.items()}


def row_keys(match_key, values, country_code=None):
    """The normalised keys a row is looked up by, with ``match_key``; empty when the row has none.

    The same normalisers as the stored match keys of the duplicate detection (tools.normalize), so that a
    row meets the customer whatever the way each writes an email, a phone or a tax id.

    :param str match_key: one of MATCH_KEYS
    :param dict values: the row's cells by partner field name (strings; missing = empty)
    :param str country_code: the row's country, else the company's, for phones and tax ids
    :return: the keys (a phone row: its phone's and its mobile's)
    :rtype: tuple[str, ...]
    """

    def cell(fname):
        value = values.get(fname)
        return value.strip() if isinstance(value, str) else value

    if match_key == "email":
        keys = (email_key(cell("email")),)
    elif match_key == "phone":
        keys = (phone_key(cell("phone"), country_code), phone_key(cell("mobile"), country_code))
    elif match_key == "vat":
        keys = (vat_key(cell("vat"), country_code),)
    elif match_key == "ref":
        keys = (cell("ref") or None,)
    elif match_key == "name_city":
        keys = (name_city_key(values),)
    else:
        keys = ()
    return tuple(dict.fromkeys(key for key in keys if key))


def row_match_keys(match_key, values, country_code=None):
    """The ``(kind, key)`` pairs a row is looked up by: its ``match_key`` keys, or — a row without a value
    for it — its email's, else its phones', else its tax id's (FALLBACK_KEYS), so that a row missing the
    chosen column still meets its customer rather than duplicating it on every import.

    :rtype: tuple[tuple[str, str], ...]
    """
    for kind in (match_key, *(key for key in FALLBACK_KEYS if key != match_key)):
        keys = row_keys(kind, values, country_code)
        if keys:
            return tuple((kind, key) for key in keys)
    return ()


def row_name_key(values):
    """The name match key of a row: a person's from their first and last names when given, else the name's."""
    first, last = values.get("customer_first_name"), values.get("customer_last_name")
    if first or last:
        return person_key(first, last)
    return name_key(values.get("name"), is_company=is_truthy(values.get("is_company")))


def name_city_key(values):
    """``"<name key>|<folded city>"`` of a row, ``None`` unless it has both a name and a city."""
    key, city = row_name_key(values), fold(values.get("city") or "").strip()
    return f"{key}|{city}" if key and city else None


def is_truthy(value):
    """A spreadsheet cell read as a yes/no (``"1"``, ``"true"``, ``"sí"``, ``"yes"``, ``"x"``…)."""
    if isinstance(value, str):
        return fold(value).strip() in {"1", "true", "si", "yes", "x", "verdadero", "y", "s"}
    return bool(value)


class Resolution(NamedTuple):
    """What happens to one row of a batch."""

    action: str  # CREATE, UPDATE, SKIP or ERROR (UNCHANGED is known only once values are converted)
    partner_id: int | None  # the customer updated
    reason: str | None  # for ERROR: a code, see REASONS
    other: tuple = ()  # the customers matched (ambiguous) or the earlier row (same customer)


AMBIGUOUS = "ambiguous"
SAME_AS_ROW = "same_as_row"
NO_MATCH = "no_match"


def resolve(rows, found, only_update=False):
    """Resolve each row of a batch against the customers its keys found.

    - one customer → update it; several → error (never pick one silently);
    - none → create, or skip with ``only_update``;
    - a row that is the same customer as an earlier row of the file (same key, or same customer
      matched) → error pointing at that row: two rows must not fight over one customer's values.

    :param list rows: per row, its keys (``row_keys``), or ``None`` for a row not to match (it carries
      its own id, or is a continuation line)
    :param dict found: ``{key: set of partner ids}`` the user may read
    :param bool only_update: skip rows matching no customer
    :rtype: list[Resolution]
    """
    result = []
    first_row_of_key, first_row_of_partner = {}, {}
    for index, keys in enumerate(rows):
        if keys is None:
            result.append(Resolution(CREATE, None, None))
            continue
        ids = set()
        for key in keys:
            ids |= found.get(key, set())
        earlier = [first_row_of_key[key] for key in keys if key in first_row_of_key]
        if len(ids) == 1:
            (partner_id,) = ids
            earlier.append(first_row_of_partner.get(partner_id))
        earlier = sorted(row for row in set(earlier) if row is not None)
        for key in keys:
            first_row_of_key.setdefault(key, index)
        if earlier:
            result.append(Resolution(ERROR, None, SAME_AS_ROW, (earlier[0],)))
        elif len(ids) > 1:
            result.append(Resolution(ERROR, None, AMBIGUOUS, tuple(sorted(ids))))
        elif ids:
            (partner_id,) = ids
            first_row_of_partner[partner_id] = index
            result.append(Resolution(UPDATE, partner_id, None))
        elif only_update:
            result.append(Resolution(SKIP, None, NO_MATCH))
        else:
            result.append(Resolution(CREATE, None, None))
    return result


def is_formula_like(value):
    """Whether a spreadsheet program would take the text for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def row_number(index, skip=0, has_headers=True):
    """The line of the file a row of a batch comes from (1-based, as the spreadsheet shows it)."""
    return index + skip + (2 if has_headers else 1)
