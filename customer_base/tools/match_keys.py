# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The match keys of duplicate detection and the names of what holds them — no ORM.

One place for what the models of duplicate detection share (the key mixin, the finder, the banner, the blocking
rules, the scan, the groups, the import): the key columns, the partner fields the rules read, the table, triggers
and indexes of the keys, and the candidate row the probes read.
"""

from typing import NamedTuple

from . import scoring
from .normalize import fold, street_key

# Bump when the normalisation changes, so that the next update of the module recomputes every key.
KEYS_VERSION = "1"
KEYS_VERSION_PARAM = "customer_base.duplicate_keys_version"
KEY_FIELDS = (
    "customer_name_key",
    "customer_name_core_key",
    "customer_phone_key",
    "customer_mobile_key",
    "customer_email_key",
    "customer_vat_key",
)
# Partner fields the keys and the duplicate rules read: a change of any of them may change the duplicates.
DUPLICATE_INPUTS = (
    "name",
    "is_company",
    "customer_first_name",
    "customer_last_name",
    "phone",
    "mobile",
    "email",
    "vat",
    "country_id",
    "company_id",
    "city",
    "street",
    "zip",
    "customer_birthday",
    "parent_id",
    "type",
)
ALL_KINDS = frozenset({"name", "email", "phone", "vat"})
# The rules a changed field may newly satisfy. A write is only refused for a match it creates: a partner that
# already duplicates another (created before the rule, or by superuser code) stays editable.
INPUT_KINDS = {
    "name": {"name"},
    "is_company": {"name"},
    "customer_first_name": {"name"},
    "customer_last_name": {"name"},
    "city": {"name"},
    # evidence for or against a name match (tools.scoring)
    "street": {"name"},
    "zip": {"name"},
    "customer_birthday": {"name"},
    "email": {"email"},
    "phone": {"phone"},
    "mobile": {"phone"},
    "vat": {"vat"},
    "country_id": {"name", "phone", "vat"},
    "company_id": ALL_KINDS,
    "parent_id": ALL_KINDS,
    "type": ALL_KINDS,
}
# The partner fields each rule key compares: a user who may not read one of them is not told about matches
# on it (a match would tell what the hidden field holds).
KIND_FIELDS = {"name": ("name",), "email": ("email",), "phone": ("phone", "mobile"), "vat": ("vat",)}
# The other fields the score weighs (tools.scoring), with the partner fields they read: a user who may not
# read one is scored as if the value were unknown.
EVIDENCE_FIELDS = {
    "street": ("street",),
    "zip": ("zip",),
    "city": ("city",),
    "birthday": ("customer_birthday",),
}
# The match keys of each rule key.
KIND_KEYS = {
    "name": ("customer_name_key", "customer_name_core_key"),
    "email": ("customer_email_key",),
    "phone": ("customer_phone_key", "customer_mobile_key"),
    "vat": ("customer_vat_key",),
}
TRIGRAM_INDEX = "res_partner_customer_name_key_trgm_idx"
# GiST serves the nearest-neighbour probe (ORDER BY <-> LIMIT): at 1M partners it stops after the best matches
# where the GIN bitmap must recheck every name above the threshold (typo bench: p50 20 ms against 80 ms).
TRIGRAM_KNN_INDEX = "res_partner_customer_name_key_trgm_knn_idx"
# The distinct name keys, kept by triggers on res_partner: the probe for a similar name looks among them
# (a name is shared by many customers) before it fetches the customers with the nearest names by btree.
NAME_KEYS_TABLE = "customer_duplicate_name_key"
NAME_KEYS_FUNCTION = "customer_duplicate_name_key_add"
NAME_KEYS_TRIGGERS = ("customer_duplicate_name_key_on_insert", "customer_duplicate_name_key_on_update")
FILL_BATCH = 20000
# A partner whose email and phones cannot contradict another's (tools.evidence.contact_conflict): a company,
# or a person missing an email or every phone. The scan looks up equal names among these through partial
# indexes: a person with both is only a name duplicate of such a partner, or of one sharing a contact
# (which the email and phone passes find).
INCOMPLETE_CONTACT = (
    "(COALESCE({p}is_company, FALSE) OR {p}customer_email_key IS NULL"
    " OR ({p}customer_phone_key IS NULL AND {p}customer_mobile_key IS NULL))"
)
INCOMPLETE_INDEXES = {
    "customer_name_key": "res_partner_customer_name_key_incomplete_idx",
    "customer_name_core_key": "res_partner_customer_name_core_key_incomplete_idx",
}
# Similarity given to names equal once the legal form and a trailing country are dropped ("IBM Colombia").
CORE_NAME_SIMILARITY = scoring.CORE_NAME_SIMILARITY
# The columns of a candidate the probes read, in this order (see CandidateRow).
PROBE_COLUMNS = (
    "company_id",
    "country_id",
    "city",
    "customer_name_key",
    "customer_name_core_key",
    "is_company",
    "customer_email_key",
    "customer_phone_key",
    "customer_mobile_key",
    "customer_vat_key",
    "street",
    "zip",
    "customer_birthday",
)
# The neighbours on either side of a name, in the order of the key and of the key read backwards, that the
# finder and the whole-database scan compare it with (sorted neighbourhood blocking).
SORTED_WINDOW = 20


class CandidateRow(NamedTuple):
    """A candidate partner as the probes read it (``id`` then :data:`PROBE_COLUMNS`)."""

    id: int
    company_id: int | None
    country_id: int | None
    city: str | None
    name_key: str | None
    core_key: str | None
    is_company: bool | None
    email_key: str | None
    phone_key: str | None
    mobile_key: str | None
    vat_key: str | None
    street: str | None
    zip: str | None
    birthday: object

    def record(self):
        """The :class:`~odoo.addons.customer_base.tools.scoring.Record` the score compares."""
        return scoring.Record(
            is_company=bool(self.is_company),
            name_key=self.name_key,
            core_key=self.core_key,
            email=self.email_key,
            phones=frozenset(phone for phone in (self.phone_key, self.mobile_key) if phone),
            vat=self.vat_key,
            street=street_key(self.street),
            zip=zip_key(self.zip),
            city=fold(self.city or "").strip() or None,
            birthday=self.birthday or None,
            company_id=self.company_id or None,
            country_id=self.country_id or None,
        )


def zip_key(zip_code):
    """A zip code without spaces or case, ``None`` when empty."""
    return "".join(fold(zip_code or "").split()) or None
