# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Match keys for customer data: names, phones, emails and tax ids.

Pure functions — no ORM, no database — so they can be unit-tested and run over a million rows when keys are
(re)built. Every ``*_key`` function returns ``None`` when the input carries nothing to match on, so a stored
key is NULL and never matches another empty value.

- :func:`name_key` / :func:`name_tokens` / :func:`name_core_key` / :func:`person_key` — names folded for case,
  accents, punctuation and spacing; legal forms (S.A.S., Ltda., S.A. de C.V., C.A., S.L., Inc…) dropped for
  companies; word order ignored for people.
- :func:`phone_key` — E.164 through Odoo's ``phone_validation`` (python-phonenumbers), with the legacy
  formats people still write in Colombia and Mexico.
- :func:`email_key` — Odoo's ``email_normalize`` plus a sanity check of the domain.
- :func:`vat_key` — the compact tax id (python-stdnum), country prefix and check digit handled consistently.
- :func:`similarity` — pg_trgm's ``similarity()`` in Python, so Python and SQL scores agree.
"""

import re
import unicodedata
from functools import lru_cache

from stdnum.util import get_cc_module

from odoo.exceptions import UserError
from odoo.tools.mail import email_normalize

from odoo.addons.phone_validation.tools.phone_validation import phone_parse

try:
    import phonenumbers
except ImportError:  # phone_parse() then returns False and phone_key() None, as Odoo degrades without it
    phonenumbers = None

__all__ = [
    "email_key",
    "fold",
    "name_core_key",
    "name_key",
    "name_tokens",
    "person_key",
    "phone_key",
    "similarity",
    "trigrams",
    "vat_key",
]

# ---------------------------------------------------------------------------------------------------------
# Text folding
# ---------------------------------------------------------------------------------------------------------

# Letters NFKD does not decompose, and apostrophes, which join what they separate ("McDonald's", "D'Onofrio").
_FOLD_TABLE = str.maketrans(
    {
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ı": "i",
        "'": None,
        "’": None,
        "‘": None,
        "`": None,
        "´": None,
    }
)
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]+")
# Words of a name: runs of letters or digits; "&" is a word of its own ("Pérez & Cía").
_WORD = re.compile(r"[^\W_]+|&")
# A word as pg_trgm sees it (its KEEPONLYALNUM build): letters and digits only.
_WORD_ALNUM = re.compile(r"[^\W_]+")

# Words that carry no identity in a name; dropped as long as another word remains.
_STOPWORDS = frozenset({"de", "del", "la", "las", "el", "los", "lo", "y", "en", "the", "of", "and"})
_RUN_BREAKERS = frozenset(word for word in _STOPWORDS if len(word) > 1)


def fold(text):
    """Lower-case ``text`` and strip accents: ``"Panadería La Única"`` → ``"panaderia la unica"``.

    ``casefold()`` then NFKD without combining marks; ß becomes "ss", ligatures and a few letters NFKD keeps
    (æ, ø, ł…) are spelled out, apostrophes vanish. Letters of other scripts are kept as they are.

    :param str text: any text (``None`` or ``False`` give ``""``)
    :rtype: str
    """
    if not text:
        return ""
    text = text.casefold().translate(_FOLD_TABLE)
    if not text.isascii():
        text = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return text


def _words(text):
    """The folded words of ``text``, "&" spelled "y"."""
    return ["y" if word == "&" else word for word in _WORD.findall(fold(text))]


def _join_initials(words, short=2):
    """Run together the letters of a spelled-out acronym: "i b m" → "ibm", "i bm" → "ibm".

    A run of two or more consecutive words of at most ``short`` characters is joined when one of them is a
    single character, so "I BM" and "I.B.M." meet "IBM" while "Mi Casa" or "Tu Yo" stay apart. Two-letter
    stop words end a run: "I.B.M. de Colombia" is "ibm de colombia", not "ibmde colombia".
    """
    joined, run = [], []
    for word in words:
        if len(word) <= short and word not in _RUN_BREAKERS:
            run.append(word)
            continue
        _flush_initials(run, joined)
        run = []
        joined.append(word)
    _flush_initials(run, joined)
    return joined


def _flush_initials(run, joined):
    if len(run) > 1 and min(len(word) for word in run) == 1:
        joined.append("".join(run))
    else:
        joined.extend(run)


def _phrases(*texts):
    """Word tuples for ``texts`` with their usual abbreviated spellings.

    For "S. de R.L." that is ("s", "de", "r", "l"), ("s", "de", "rl") and ("sderl",): the dotted letters, the
    letters run together between the words, and everything run together.
    """
    phrases = set()
    for text in texts:
        words = _words(text)
        phrases.add(tuple(words))
        phrases.add(tuple(_join_initials(words, short=1)))
        phrases.add(("".join(words),))
    return phrases


# ---------------------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------------------

# Legal forms of the countries we serve (CO, MX, VE, ES) and the common English/European ones, removed from
# the end of company names. Short words that are also ordinary words at the end of a name ("Spa") are left
# out on purpose.
_LEGAL_FORMS = _phrases(
    # Colombia
    "S.A.S.",
    "S.A.S. BIC",
    "BIC",
    "Ltda.",
    "Limitada",
    "E.U.",
    "S. en C.",
    "S. en C.S.",
    "S. en C.A.",
    "S.C.A.",
    "E.S.P.",
    "S.A. E.S.P.",
    "E.I.C.E.",
    "Cía.",
    "y Cía.",
    "& Cía.",
    "Cía. Ltda.",
    "y Cía. Ltda.",
    "Sociedad por Acciones Simplificada",
    "Empresa Unipersonal",
    # Mexico
    "S.A. de C.V.",
    "S.A.B. de C.V.",
    "S.A.P.I. de C.V.",
    "S.A.P.I.",
    "S.A.B.",
    "S. de R.L.",
    "S. de R.L. de C.V.",
    "S.R.L. de C.V.",
    "de C.V.",
    "S.C.",
    "A.C.",
    "I.A.P.",
    "S. de S.S.",
    "Sociedad Anónima de Capital Variable",
    "Sociedad Civil",
    "Asociación Civil",
    # Venezuela
    "C.A.",
    "Compañía Anónima",
    "S.R.L.",
    "S.C.S.",
    # Spain
    "S.A.",
    "S.A.U.",
    "S.A.L.",
    "S.L.",
    "S.L.U.",
    "S.L.L.",
    "S.L.N.E.",
    "S. Coop.",
    "S. Coop. And.",
    "Sociedad Cooperativa",
    "C.B.",
    "S.C.P.",
    "Sociedad Anónima",
    "Sociedad Limitada",
    "Sociedad Limitada Unipersonal",
    "Sociedad de Responsabilidad Limitada",
    # Peru, Ecuador, Chile (customers and suppliers of our users)
    "S.A.C.",
    "S.A.A.",
    "E.I.R.L.",
    # English and European
    "Inc.",
    "Incorporated",
    "LLC",
    "L.L.C.",
    "Ltd.",
    "Limited",
    "Pty. Ltd.",
    "PLC",
    "LLP",
    "L.P.",
    "Corp.",
    "Corporation",
    "Co.",
    "& Co.",
    "and Co.",
    "Co. Ltd.",
    "Company",
    "GmbH",
    "GmbH & Co. KG",
    "KG",
    "AG",
    "B.V.",
    "N.V.",
    "SARL",
    "S.à r.l.",
)
_LEGAL_FORM_MAX_WORDS = max(len(phrase) for phrase in _LEGAL_FORMS)

# Country names that companies put after their own name ("IBM Colombia S.A.S.", "Siemens de México").
_COUNTRY_WORDS = _phrases(
    "Colombia",
    "México",
    "Mexico",
    "Venezuela",
    "España",
    "Spain",
    "Perú",
    "Chile",
    "Ecuador",
    "Argentina",
    "Panamá",
    "Bolivia",
    "Paraguay",
    "Uruguay",
    "Guatemala",
    "Honduras",
    "El Salvador",
    "Nicaragua",
    "Costa Rica",
    "República Dominicana",
    "Puerto Rico",
    "Cuba",
    "Brasil",
    "Brazil",
    "Estados Unidos",
    "USA",
    "EEUU",
    "EE.UU.",
    "Latam",
    "Latinoamérica",
    "Latin America",
)
_COUNTRY_MAX_WORDS = max(len(phrase) for phrase in _COUNTRY_WORDS)


# The usual abbreviations inside company names, spelled out.
_ABBREVIATIONS = {
    "cia": "compania",
    "hnos": "hermanos",
    "hno": "hermano",
    "intl": "internacional",
    "nal": "nacional",
    "gral": "general",
    "corp": "corporacion",
    "sto": "santo",
    "sta": "santa",
}

# Courtesy and academic titles written in front of people's names.
_TITLES = frozenset(
    {
        "sr",
        "sra",
        "srta",
        "senor",
        "senora",
        "senorita",
        "don",
        "dona",
        "dr",
        "dra",
        "doctor",
        "doctora",
        "ing",
        "lic",
        "licda",
        "licdo",
        "arq",
        "abog",
        "prof",
        "mr",
        "mrs",
        "ms",
        "miss",
    }
)


def _strip_suffixes(words, phrases, max_words):
    """Remove the longest trailing phrase of ``phrases`` from ``words`` as long as one does, keeping a word."""
    stripped = True
    while stripped:
        stripped = False
        for size in range(min(max_words, len(words) - 1), 0, -1):
            if tuple(words[-size:]) in phrases:
                del words[-size:]
                stripped = True
                break
    return words


def _drop_stopwords(words):
    kept = [word for word in words if word not in _STOPWORDS]
    return kept or words


def _company_words(name, drop_country=False):
    words = _strip_suffixes(_words(name), _LEGAL_FORMS, _LEGAL_FORM_MAX_WORDS)
    if drop_country:
        before = len(words)
        _strip_suffixes(words, _COUNTRY_WORDS, _COUNTRY_MAX_WORDS)
        if len(words) < before:
            # "IBM S.A. Colombia": the legal form came before the country.
            _strip_suffixes(words, _LEGAL_FORMS, _LEGAL_FORM_MAX_WORDS)
    # Initials first, so that the "Y" of "Y.P.F." is not taken for the stop word "y".
    return [_ABBREVIATIONS.get(word, word) for word in _drop_stopwords(_join_initials(words))]


def _person_words(name):
    words = _words(name)
    while len(words) > 1 and words[0] in _TITLES:
        del words[0]
    words = _drop_stopwords(_join_initials(words))
    words.sort()
    return words


def name_tokens(name, is_company=True):
    """The words a name is matched on, for scoring partial matches.

    Companies: folded words in their order, legal forms removed from the end, stop words ("de", "la", "y"…)
    dropped, common abbreviations spelled out ("Cía" → "compania", "Hnos" → "hermanos"), spelled-out
    acronyms joined ("I.B.M." → "ibm"). People: titles ("Sr.", "Dra.", "Ing.") removed, words sorted, so the
    order of first and last names does not matter.

    :param str name: the name as written
    :param bool is_company: whether ``name`` names a company (else a person)
    :rtype: tuple[str]
    """
    return tuple(_company_words(name) if is_company else _person_words(name))


def name_key(name, is_company=True):
    """Match key of a name: equal keys mean the same name written differently.

    ``"IBM"``, ``"I.B.M"``, ``"I-B-M"``, ``"I BM"``, ``"ibm s.a.s."`` and ``"IBM S.A."`` all give ``"ibm"``;
    ``"Panadería La Única"`` and ``"PANADERIA LA UNICA"`` give ``"panaderia unica"``; for people
    ``"Pérez García, Juan"`` and ``"Juan Pérez García"`` give ``"garcia juan perez"``. The key keeps single
    spaces between words, so it suits pg_trgm's word-based similarity; ``key.replace(" ", "")`` is the key
    with spacing folded too ("Coca Cola" = "CocaCola").

    :param str name: the name as written
    :param bool is_company: whether ``name`` names a company (legal forms removed, word order kept) or a
      person (titles removed, word order ignored)
    :return: the key, or ``None`` when the name has no letter or digit
    :rtype: str or None
    """
    return " ".join(name_tokens(name, is_company)) or None


def name_core_key(name):
    """Company key without a trailing country: ``"IBM Colombia S.A.S."`` and ``"IBM de México"`` → ``"ibm"``.

    Equal core keys with different :func:`name_key` are a strong candidate, not proof: subsidiaries in
    several countries share it, and so do "Banco de Colombia" and "Banco de Venezuela" (core "banco").
    Score it below an equal :func:`name_key` and let other evidence (phone, email, tax id) decide.

    :param str name: a company name as written
    :return: the key, or ``None`` when the name has no letter or digit
    :rtype: str or None
    """
    return " ".join(_company_words(name, drop_country=True)) or None


def person_key(first_name, last_name=None):
    """Match key of a person from separate first and last names, in any order.

    ``person_key("Juan", "Pérez García") == person_key("Pérez García", "Juan") ==
    name_key("Juan Pérez García", is_company=False)``.

    :param str first_name: first name(s), or the whole name
    :param str last_name: last name(s), optional
    :rtype: str or None
    """
    return name_key(" ".join(part for part in (first_name, last_name) if part), is_company=False)


# ---------------------------------------------------------------------------------------------------------
# Streets
# ---------------------------------------------------------------------------------------------------------

# Street types as Colombian, Venezuelan and Mexican addresses abbreviate them.
_STREET_TYPES = {
    "calle": ("cl", "cll", "calle", "c"),
    "carrera": ("cra", "kr", "kra", "cr", "carrera", "k"),
    "avenida": ("av", "avda", "avenida", "ave"),
    "transversal": ("tv", "tr", "trans", "transv", "transversal"),
    "diagonal": ("dg", "diag", "diagonal"),
    "autopista": ("aut", "autop", "autopista"),
}
_STREET_WORDS = {alias: kind for kind, aliases in _STREET_TYPES.items() for alias in aliases}
_STREET_NOISE = frozenset({"no", "nro", "num", "numero", "n", "n°", "#"})


def street_key(street):
    """Match key of a street address: folded words and numbers, street types spelled out, "#" and "No."
    dropped: ``"Cra. 7 # 12-30"``, ``"Carrera 7 No. 12 - 30"`` and ``"KR 7 12 30"`` give ``"carrera 7 12 30"``.

    :param str street: the street line as written
    :return: the key, or ``None`` when it holds no number (a street without number says little)
    :rtype: str or None
    """
    words = [word for word in _WORD_ALNUM.findall(fold(street)) if word not in _STREET_NOISE]
    if not words or not any(word.isdigit() for word in words):
        return None
    words[0] = _STREET_WORDS.get(words[0], words[0])
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------------------------------------

# Several numbers in one field: "310 555 1234 / 311 555 9876", "… ; …", "… o …".
# The keys of the last values seen are kept: an imported row's email and phones are normalised for its
# checks, its lookup, its duplicate alerts and then its stored keys (a phone parse costs 0.2 ms).
KEY_CACHE_SIZE = 16384
_PHONE_SEPARATORS = re.compile(r"\s*[/;,|]\s*|\s+(?:y|o|or|and)\s+", re.IGNORECASE)
_PHONE_EXTENSION = re.compile(
    r"\s*(?:ext(?:ensi[oó]n|n)?|x|anexo|int(?:erno)?|#)\s*[.:]?\s*\d{1,6}\s*$", re.IGNORECASE
)
# "+34 (0) 612 34 56 78": the national trunk prefix some write after the country code.
_PHONE_TRUNK_ZERO = re.compile(r"\(\s*0\s*\)")
_NON_DIGITS = re.compile(r"\D+")
# Colombian fixed lines before 2021: one area digit + 7 digits, now "60" + area digit + 7 digits.
_CO_OLD_AREA_DIGITS = frozenset("1245678")


@lru_cache(maxsize=KEY_CACHE_SIZE)
def phone_key(number, country_code=None):
    """E.164 form of a phone number, e.g. ``"(+57) 310 555 1234"`` → ``"+573105551234"``.

    Parsing and validation are Odoo's ``phone_validation.phone_parse`` (python-phonenumbers); its
    ``UserError`` on bad input becomes ``None`` so that bulk use never raises. On top of it:

    - extensions ("ext. 12", "Ext 3", "extensión 4") and "(0)" after the country code are ignored; of
      several numbers in one field ("… / …", "… ; …", "… o …") the first valid one is used;
    - "00" instead of "+", and a country code without "+" ("57 310…", "58 414…") are understood;
    - Mexico: the mobile "1" after +52 and the retired "044", "045" and "01" prefixes are dropped;
    - Colombia: pre-2021 fixed lines ("(1) 555 1234", "+57 4 444 5555") get their "60" prefix;
    - numbers whose last seven digits are one repeated digit ("300 000 0000") are placeholders: ``None``.

    :param str number: the number as written
    :param str country_code: ISO code of the country the number is dialled from (the partner's country,
      else the company's); without it only international numbers ("+…", "00…") are understood
    :return: the E.164 number, or ``None`` when it is not a valid number
    :rtype: str or None
    """
    if not number or phonenumbers is None:
        return None
    region = country_code.upper() if country_code else None
    for part in _PHONE_SEPARATORS.split(number):
        key = _phone_key_single(part, region)
        if key:
            return key
    return None


def _phone_key_single(text, region):
    text = _PHONE_EXTENSION.sub("", _PHONE_TRUNK_ZERO.sub("", text)).strip()
    digits = _NON_DIGITS.sub("", text)
    if not 7 <= len(digits) <= 17:
        return None
    if text.startswith("+"):
        candidates = (text,)
    elif digits.startswith("00"):
        candidates = ("+" + digits[2:], text)
    elif region and len(digits) > 10:  # national numbers have at most 10 digits here: "57 310…", "34 612…"
        candidates = (text, "+" + digits)
    elif region:
        candidates = (text,)
    else:
        candidates = ("+" + digits,)
    for candidate in candidates:
        parsed = _phone_parse(candidate, region)
        if parsed:
            nsn = phonenumbers.national_significant_number(parsed)
            if len(set(nsn[-7:])) == 1:
                return None
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def _phone_parse(text, region):
    """A valid ``PhoneNumber`` for ``text``, else for its legacy national form rewritten; or ``None``."""
    parsed = _odoo_phone_parse(text, region)
    if parsed:
        return parsed
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    nsn = _modern_national_number(parsed.country_code, phonenumbers.national_significant_number(parsed))
    return _odoo_phone_parse(f"+{parsed.country_code}{nsn}", region) if nsn else None


def _odoo_phone_parse(text, region):
    """Odoo's ``phone_parse`` without its ``UserError``: a valid ``PhoneNumber`` or ``None``."""
    try:
        return phone_parse(text, region) or None
    except UserError:
        return None


def _modern_national_number(country_code, nsn):
    """Today's national number for a legacy one people still write, or ``None`` when there is no rewrite."""
    if country_code == 52:
        if len(nsn) == 11 and nsn.startswith("1"):  # mobiles: +52 1 55 1234 5678 (until 2019)
            return nsn[1:]
        if len(nsn) == 13 and nsn[:3] in ("044", "045"):  # mobiles dialled nationally (until 2019)
            return nsn[3:]
        if len(nsn) == 12 and nsn.startswith("01"):  # national long distance (until 2019)
            return nsn[2:]
    elif country_code == 57 and len(nsn) == 8 and nsn[0] in _CO_OLD_AREA_DIGITS:
        return "60" + nsn  # fixed lines: (1) 555 1234 → 601 555 1234 (since 2021)
    return None


# ---------------------------------------------------------------------------------------------------------
# Emails
# ---------------------------------------------------------------------------------------------------------

_EMAIL_SHAPE = re.compile(r"[^@\s]+@(?:[^@\s.]+\.)+[^@\s.]{2,}")


@lru_cache(maxsize=KEY_CACHE_SIZE)
def email_key(email):
    """Normalised email: ``"  Juan.Perez@Gmail.COM "`` → ``"juan.perez@gmail.com"``.

    Odoo's ``email_normalize(…, strict=False)`` — as Odoo's stored ``email_normalized`` — so "Name <addr>"
    and "mailto:" forms and the first of several addresses are understood; then a trailing dot of the
    domain is dropped and an address without a dotted domain ("juan@gmail", "@gmail.com") is refused.
    Mailbox aliases are not folded ("juan+shop@…", Gmail dots): they may be different people.

    :param str email: the address as written
    :return: the address, or ``None`` when there is no valid one
    :rtype: str or None
    """
    if not email:
        return None
    normalized = email_normalize(email, strict=False)
    if not normalized:
        return None
    normalized = normalized.rstrip(".")
    return normalized if _EMAIL_SHAPE.fullmatch(normalized) else None


# ---------------------------------------------------------------------------------------------------------
# Tax ids
# ---------------------------------------------------------------------------------------------------------

_VAT_NOISE = re.compile(r"[^0-9A-ZÑ&]+")
# The name of the id written in front of it: "NIT 900.123.456-7", "C.C. 1.020.304.050", "RIF: J-…", "RFC …".
_VAT_LABEL = re.compile(
    r"^\W*(?:n\.?\s?i\.?\s?t|r\.?\s?u\.?\s?t|r\.?\s?i\.?\s?f|r\.?\s?f\.?\s?c|c\.?\s?[ci]|n\.?\s?i\.?\s?[fe]"
    r"|c\.?\s?i\.?\s?f|d\.?\s?n\.?\s?i|vat|tva|tax\s?id)\b[\s.:#º°-]*(?:n[oº°]?\.?\s)?",
    re.IGNORECASE,
)
# What the number itself looks like per country, to tell a country prefix ("CO", "ES") from the number.
_VAT_SHAPES = {
    "CO": re.compile(r"\d{5,15}"),
    "MX": re.compile(r"[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}"),
    "VE": re.compile(r"[VEJPGC]?\d{5,10}"),
    "ES": re.compile(r"[A-Z\d]\d{7}[A-Z\d]"),
}
# A dash before a single last digit: the Colombian/Venezuelan check digit ("900.123.456-7", "J-12345678-9").
_VAT_CHECK_DIGIT = re.compile(r"\d\s*[-‐–]\s*\d\s*$")
# Generic ids that stand for "no id" and are shared by thousands of unrelated partners: Colombia's
# "consumidor final" 222222222222, Mexico's RFC for the general public and for foreigners.
_VAT_PLACEHOLDERS = frozenset({"XAXX010101000", "XEXX010101000"})


@lru_cache(maxsize=64)
def _vat_module(country_code):
    """python-stdnum's VAT module of a country (``stdnum.co.nit``, ``stdnum.es.nif``…), or ``None``."""
    return get_cc_module(country_code.lower(), "vat") if country_code.isalpha() else None


def vat_key(vat, country_code=None):
    """Compact tax id: ``"900.123.456-7"`` (CO) → ``"900123456"``, ``"ES B-12345678"`` → ``"B12345678"``.

    A leading label ("NIT", "C.C.", "RIF:", "RFC", "NIF"…) is ignored, spaces, dots and dashes are removed
    and letters upper-cased; a leading country prefix ("CO", "ES", "MX",
    "VE", or ``country_code``) is dropped when what follows looks like that country's number, so "ESB12345678"
    and "B12345678" meet. python-stdnum's ``compact`` is applied where it knows the country (NIT, RFC, RIF,
    NIF/CIF/NIE, EU VAT numbers…). The check digit is dropped where people write the number both with and
    without it: Colombia (NIT "900123456-7" = "900123456"; a cédula equals the person's NIT) and Venezuela
    (RIF "J-12345678-9" = "J12345678"; a bare cédula "12.345.678" becomes "V12345678"). The check digit is
    not verified: a mistyped one must not hide a duplicate. Generic "no id" numbers (222222222222,
    XAXX010101000, one repeated digit) give ``None``.

    :param str vat: the tax id as written
    :param str country_code: ISO code of the partner's country; without it a prefix "CO", "MX", "VE" or "ES"
      decides, else the number is only compacted. Pass it always: the check-digit rules depend on it.
    :return: the compact id, or ``None`` when it holds no digit or is a placeholder
    :rtype: str or None
    """
    if not vat:
        return None
    vat = _VAT_LABEL.sub("", vat)
    had_check_digit = bool(_VAT_CHECK_DIGIT.search(vat))
    value = _VAT_NOISE.sub("", vat.upper())
    country = country_code.upper() if country_code else None
    prefix, rest = value[:2], value[2:]
    if country and prefix == country:
        shape = _VAT_SHAPES.get(country)
        if (shape.fullmatch(rest) if shape else rest[:1].isdigit()) and rest:
            value = rest
    elif not country and prefix in _VAT_SHAPES and _VAT_SHAPES[prefix].fullmatch(rest):
        country, value = prefix, rest
    module = _vat_module(country) if country else None
    if module is not None:
        value = _VAT_NOISE.sub("", module.compact(value).upper())
    if country == "CO":
        value = _co_nit_body(value, had_check_digit)
    elif country == "VE":
        value = _ve_rif_body(value, had_check_digit)
    if not value or not any(char.isdigit() for char in value) or value in _VAT_PLACEHOLDERS:
        return None
    if len(set(_NON_DIGITS.sub("", value))) == 1:
        return None  # 222222222222, 0, 1111111111…: a placeholder, not an id
    return value


def _co_nit_body(value, had_check_digit):
    """A Colombian NIT or cédula without its check digit."""
    if not value.isdigit():
        return value
    # Company NITs have 9 digits starting with 8 or 9; 10 such digits are a NIT with its check digit, even
    # written without the dash. Cédulas (up to 10 digits, starting with 1 since 2003) have none.
    if had_check_digit or (len(value) == 10 and value[0] in "89"):
        return value[:-1]
    return value


def _ve_rif_body(value, had_check_digit):
    """A Venezuelan RIF as letter + 8 digits, without its check digit; a bare cédula takes the letter V."""
    letter, digits = (value[0], value[1:]) if value[:1].isalpha() else ("V", value)
    if not digits.isdigit():
        return value
    if had_check_digit or len(digits) == 9:
        digits = digits[:-1]
    return letter + digits.zfill(8)


# ---------------------------------------------------------------------------------------------------------
# Trigram similarity
# ---------------------------------------------------------------------------------------------------------


def trigrams(text):
    """The set of trigrams pg_trgm extracts from ``text`` (``show_trgm()``).

    Each word — a run of letters or digits — is lower-cased and padded with two spaces in front and one
    behind, and every three-character window of it is a trigram: "ibm" → "  i", " ib", "ibm", "bm ".

    :param str text: any text
    :rtype: set[str]
    """
    grams = set()
    for word in _WORD_ALNUM.findall(text.lower() if text else ""):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a_key, b_key):
    """Trigram similarity of two strings, mirroring PostgreSQL pg_trgm's ``similarity(a, b)``.

    Shared trigrams divided by all distinct trigrams of both (see :func:`trigrams`); 1.0 for the same words,
    0.0 when nothing is shared or either side has no word. Computed like pg_trgm, so a threshold chosen in
    Python means the same in SQL (``%`` operator, ``pg_trgm.similarity_threshold``, GIN ``gin_trgm_ops``
    index). PostgreSQL returns a ``real``: compare with a tolerance of 1e-6. On match keys (ASCII
    lower-case) the two agree exactly; on other text pg_trgm's idea of a letter depends on the database
    locale.

    :param str a_key: a match key (or any text)
    :param str b_key: another one
    :rtype: float
    """
    a_grams, b_grams = trigrams(a_key), trigrams(b_key)
    if not a_grams or not b_grams:
        return 0.0
    shared = len(a_grams & b_grams)
    return shared / (len(a_grams) + len(b_grams) - shared)
