# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The shared names of duplicate detection (tools.match_keys): the candidate row and its record, the zip key,
the rule fields, without a database."""

import datetime

from odoo.tests.common import BaseCase

from odoo.addons.customer_base.tools import match_keys
from odoo.addons.customer_base.tools.match_keys import (
    ALL_KINDS,
    INPUT_KINDS,
    KEY_FIELDS,
    KIND_KEYS,
    PROBE_COLUMNS,
    CandidateRow,
    zip_key,
)
from odoo.addons.customer_base.tools.scoring import Record


def candidate(**values):
    """A candidate row as a probe reads it: ``id`` then the PROBE_COLUMNS, empty unless given."""
    row = dict.fromkeys(CandidateRow._fields)
    row.update(id=7, **values)
    return CandidateRow(**row)


class TestMatchKeys(BaseCase):
    def test_candidate_row_reads_the_probe_columns_in_order(self):
        """A row ``(id, *PROBE_COLUMNS)`` lands in the field of the same column."""
        self.assertEqual(len(CandidateRow._fields), 1 + len(PROBE_COLUMNS))
        columns = {fname: fname.removeprefix("customer_") for fname in PROBE_COLUMNS}
        columns.update(customer_name_core_key="core_key")
        row = CandidateRow._make((1, *PROBE_COLUMNS))
        for fname in PROBE_COLUMNS:
            with self.subTest(column=fname):
                self.assertEqual(getattr(row, columns.get(fname, fname)), fname)

    def test_record_normalises_what_the_score_compares(self):
        """The record folds the city, keys the street and zip, gathers both phones and drops empty values."""
        record = candidate(
            company_id=1,
            city="  Bogotá ",
            name_key="garcia jose",
            is_company=None,
            email_key="jose@x.co",
            phone_key="+5713001234",
            mobile_key="+573001234567",
            street="Cra. 7 # 12-30",
            zip=" 11 0111 ",
            birthday=datetime.date(1980, 5, 1),
        ).record()
        self.assertEqual(
            record,
            Record(
                is_company=False,
                name_key="garcia jose",
                core_key=None,
                email="jose@x.co",
                phones=frozenset({"+5713001234", "+573001234567"}),
                vat=None,
                street="carrera 7 12 30",
                zip="110111",
                city="bogota",
                birthday=datetime.date(1980, 5, 1),
                company_id=1,
                country_id=None,
            ),
        )

    def test_record_of_empty_values_knows_nothing(self):
        """Empty strings and missing ids are unknown (``None``), never evidence."""
        record = candidate(city="", street="", zip="", company_id=False, country_id=0).record()
        self.assertEqual(
            (record.city, record.street, record.zip, record.company_id, record.country_id, record.phones),
            (None, None, None, None, None, frozenset()),
        )

    def test_zip_key(self):
        """A zip code compares without spaces or case; an empty one is unknown."""
        self.assertEqual(zip_key("sw1a 1aa"), zip_key("SW1A1AA"))
        self.assertIsNone(zip_key("  "))
        self.assertIsNone(zip_key(False))

    def test_every_kind_has_its_keys_and_inputs(self):
        """Each rule key names stored key columns; a change of company, parent or type may match on any."""
        self.assertEqual(set(KIND_KEYS), set(ALL_KINDS))
        self.assertTrue({key for keys in KIND_KEYS.values() for key in keys} <= set(KEY_FIELDS))
        for fname in ("company_id", "parent_id", "type"):
            with self.subTest(field=fname):
                self.assertEqual(INPUT_KINDS[fname], ALL_KINDS)
        self.assertEqual(set(match_keys.DUPLICATE_INPUTS), set(INPUT_KINDS) | {"parent_id", "type"})
