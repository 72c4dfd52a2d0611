# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Match keys of names, phones, emails and tax ids, as customers of CO/MX/VE/ES businesses write them."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import BaseCase

from odoo.addons.customer_base.tools import contact_conflict, groups_conflict, normalize
from odoo.addons.phone_validation.tools import phone_validation

# Company names that are one company: every spelling of a group gives the group's key.
SAME_COMPANY = {
    "ibm": [
        "IBM",
        "I.B.M",
        "I.B.M.",
        "I-B-M",
        "I BM",
        "i b m",
        "ibm s.a.s.",
        "IBM S.A.",
        "IBM SAS",
        "IBM, S.A. de C.V.",
        "I.B.M. S.A.S. BIC",
    ],
    "panaderia unica": [
        "Panadería La Única",
        "PANADERIA LA UNICA",
        "panaderia  la  unica ltda",
        "Panadería “La Única”",
    ],
    "perez": ["Pérez & Cía. Ltda.", "Perez y Cia Ltda", "PÉREZ & CÍA", "Pérez y Cía. S. en C."],
    "grupo bimbo": ["Grupo Bimbo S.A.B. de C.V.", "GRUPO BIMBO SAB DE CV", "Grupo Bimbo, S.A.B. de C.V."],
    "distribuidora sol": [
        "Distribuidora El Sol S. de R.L. de C.V.",
        "Distribuidora el Sol, S de RL de CV",
        "DISTRIBUIDORA EL SOL SRL DE CV",
    ],
    "empresas polar": [
        "Empresas Polar C.A.",
        "EMPRESAS POLAR, C.A.",
        "Empresas Polar CA",
        "Empresas Polar, Compañía Anónima",
    ],
    "talleres gomez": [
        "Talleres Gómez S.L.U.",
        "TALLERES GOMEZ SLU",
        "Talleres Gómez, S.L.",
        "Talleres Gómez Sociedad Limitada",
    ],
    "mercadona": ["Mercadona, S.A.", "MERCADONA SA", "Mercadona Sociedad Anónima"],
    "epm": ["E.P.M.", "EPM E.S.P.", "E.P.M. S.A. E.S.P."],
    "compania nacional chocolates": [
        "Compañía Nacional de Chocolates S.A.S.",
        "Cia. Nacional de Chocolates",
        "COMPANIA NACIONAL DE CHOCOLATES",
    ],
    "chocolates dona mia": [
        "Chocolates Doña Mía",
        "CHOCOLATES DONA MIA E.U.",
        "Chocolates Doña Mía - Empresa Unipersonal",
    ],
    "mcdonalds": ["McDonald's", "MCDONALDS", "McDonald’s Inc."],
    "coca cola": ["The Coca-Cola Company", "Coca Cola", "COCA-COLA CORP."],
    "ypf": ["Y.P.F.", "YPF S.A."],  # the "Y" of an acronym is no stop word
    "hermanos lopez": ["Hermanos López", "Hnos. López", "HNOS LOPEZ LTDA."],
}

# Names that must stay apart.
DIFFERENT_COMPANIES = [
    ("IBM", "IBN"),
    ("Casa Blanca", "Casa Negra"),
    ("Panadería La Única", "Panadería La Unión"),
    ("Empresas Polar C.A.", "Empresas Polares C.A."),
    ("I.B.M. de Colombia", "IBMDE Colombia"),
    ("Mi Casa S.A.", "Micasa S.A."),
    ("IBM Colombia S.A.S.", "IBM México S.A. de C.V."),
    ("Distribuidora A y B", "Distribuidora A y C"),
]

# Company names whose key keeps their country, and the core key without it.
CORE_KEYS = [
    ("IBM Colombia S.A.S.", "ibm colombia", "ibm"),
    ("I.B.M. de Colombia S.A.S. BIC", "ibm colombia", "ibm"),
    ("Siemens de México S.A. de C.V.", "siemens mexico", "siemens"),
    ("Telefónica España, S.A.U.", "telefonica espana", "telefonica"),
    ("Cervecería Polar Venezuela C.A.", "cerveceria polar venezuela", "cerveceria polar"),
    ("3M Colombia S.A.", "3m colombia", "3m"),
    ("Colombia", "colombia", "colombia"),
]

# People: spellings of one person, first and last names in any order.
SAME_PERSON = {
    "garcia juan perez": [
        "Juan Pérez García",
        "Pérez García, Juan",
        "PEREZ GARCIA JUAN",
        "Sr. Juan Pérez García",
    ],
    "angeles maria rodriguez": [
        "María de los Ángeles Rodríguez",
        "Rodríguez, María de los Angeles",
        "Dra. María de los Ángeles Rodríguez",
    ],
    "jose nunez": ["José Núñez", "NUÑEZ JOSE", "Ing. José Nuñez"],
    "gonzalez luisa martinez": ["Luisa Martínez González", "Martínez-González Luisa"],
}

DIFFERENT_PEOPLE = [
    ("Juan Pérez", "Pedro Pérez"),  # two people sharing a surname
    ("María Rodríguez", "María Rodríguez Gómez"),
    ("Andrés Pérez", "Andrea Pérez"),
    ("José Luis Martínez", "Luis José Martín"),
]

# (number as written, country of the partner, E.164 key)
PHONES = [
    # Colombia: mobiles 3xx + 7 digits, fixed lines 60X + 7 digits since 2021
    ("(+57) 310 555 1234", "CO", "+573105551234"),
    ("310-555-1234", "CO", "+573105551234"),
    ("3105551234", "CO", "+573105551234"),
    ("310 555 12 34", "co", "+573105551234"),
    ("+57 310 555 1234", None, "+573105551234"),
    ("57 310 555 1234", "CO", "+573105551234"),
    ("0057 310 555 1234", "CO", "+573105551234"),
    ("0057 310 555 1234", None, "+573105551234"),
    ("Cel. 310 555 1234", "CO", "+573105551234"),
    ("310 555 1234 ext. 12", "CO", "+573105551234"),
    ("310 555 1234 Ext 12", "CO", "+573105551234"),
    ("310 555 1234 / 311 555 9876", "CO", "+573105551234"),
    ("(601) 555 1234", "CO", "+576015551234"),
    ("601 5551234 extensión 204", "CO", "+576015551234"),
    ("(1) 555 1234", "CO", "+576015551234"),
    ("+57 4 444 5555", None, "+576044445555"),
    ("555 1234", "CO", None),  # local number without its area
    ("310 555 1234", None, None),  # no country to read it in
    ("300 000 0000", "CO", None),  # placeholder
    ("3995551234", "CO", None),
    # Venezuela: mobiles 0412/0414/0416/0424/0426, Caracas 0212
    ("0414-555.12.34", "VE", "+584145551234"),
    ("+58 414 5551234", None, "+584145551234"),
    ("0412 555 1234", "VE", "+584125551234"),
    ("0416.555.12.34", "VE", "+584165551234"),
    ("0424-5551234", "VE", "+584245551234"),
    ("0426 555 12 34", "VE", "+584265551234"),
    ("(0212) 555-1234", "VE", "+582125551234"),
    ("+58 0414 5551234", None, "+584145551234"),
    ("58 414 5551234", "CO", "+584145551234"),  # a Venezuelan number on a Colombian partner
    ("0414-555", "VE", None),
    # Mexico: 10 digits; "1" after 52 and 044/045/01 retired in 2019
    ("+52 55 1234 5678", None, "+525512345678"),
    ("55 1234 5678", "MX", "+525512345678"),
    ("+52 1 55 1234 5678", None, "+525512345678"),
    ("52 1 55 1234 5678", "MX", "+525512345678"),
    ("044 55 1234 5678", "MX", "+525512345678"),
    ("045 33 1234 5678", "MX", "+523312345678"),
    ("01 55 1234 5678", "MX", "+525512345678"),
    ("(81) 8123-4567", "MX", "+528181234567"),
    ("+52 (33) 1234-5678 x 105", None, "+523312345678"),
    ("N/A", "MX", None),
    # Spain: 9 digits
    ("+34 612 34 56 78", None, "+34612345678"),
    ("612 34 56 78", "ES", "+34612345678"),
    ("91 123 45 67", "ES", "+34911234567"),
    ("0034 912 345 678", "ES", "+34912345678"),
    ("+34 (0) 612345678", None, "+34612345678"),
    ("34 612345678", "ES", "+34612345678"),
    ("912-34-56", "ES", None),
    # garbage and foreign numbers
    ("abc", "CO", None),
    ("123", "CO", None),
    ("sin teléfono", "VE", None),
    ("0000000000", "CO", None),
    ("", "CO", None),
    (None, "CO", None),
    ("+1 (305) 555-0123", "CO", "+13055550123"),
]

# (email as written, key)
EMAILS = [
    ("  Juan.Perez@Gmail.COM ", "juan.perez@gmail.com"),
    ("Juan Pérez <JUAN@empresa.com.co>", "juan@empresa.com.co"),
    ("mailto:ventas@lacasita.co", "ventas@lacasita.co"),
    ("ventas@lacasita.com.mx ", "ventas@lacasita.com.mx"),
    ("compras@empresa.es.", "compras@empresa.es"),
    ("juan@gmail.com; otro@gmail.com", "juan@gmail.com"),
    ("FACTURACION@POLAR.COM.VE", "facturacion@polar.com.ve"),
    ("juan+tienda@gmail.com", "juan+tienda@gmail.com"),
    ("juan@gmail", None),
    ("juan@@gmail.com", None),
    ("@gmail.com", None),
    ("no tiene", None),
    ("", None),
    (None, None),
]

# (tax id as written, country of the partner, key)
VATS = [
    # Colombia: NIT with check digit (DV) = NIT without it; a person's NIT = their cédula
    ("900.123.456-7", "CO", "900123456"),
    ("900123456-7", "CO", "900123456"),
    ("900123456", "CO", "900123456"),
    ("9001234567", "CO", "900123456"),
    ("NIT 900.123.456-7", "CO", "900123456"),
    ("Nit No. 900.123.456 - 7", "CO", "900123456"),
    ("CO900123456-7", "CO", "900123456"),
    ("CO 900.123.456-7", None, "900123456"),
    ("C.C. 1.020.304.050", "CO", "1020304050"),
    ("1020304050-1", "CO", "1020304050"),
    ("222222222222", "CO", None),  # "consumidor final"
    # Mexico: RFC
    ("GODE561231GR8", "MX", "GODE561231GR8"),
    ("gode-561231-gr8", "MX", "GODE561231GR8"),
    ("RFC: GODE 561231 GR8", "MX", "GODE561231GR8"),
    ("MX GODE561231GR8", None, "GODE561231GR8"),
    ("COM850101AB1", None, "COM850101AB1"),  # starts with "CO" but is no Colombian number
    ("XAXX010101000", "MX", None),  # "público en general"
    # Venezuela: RIF letter + 8 digits + check digit; a bare cédula is a V
    ("J-12345678-9", "VE", "J12345678"),
    ("J123456789", "VE", "J12345678"),
    ("RIF: J-12345678-9", "VE", "J12345678"),
    ("VEJ123456789", None, "J12345678"),
    ("V-12.345.678", "VE", "V12345678"),
    ("C.I. 12.345.678", "VE", "V12345678"),
    ("V-12345678-9", "VE", "V12345678"),
    ("V-5.123.456", "VE", "V05123456"),
    # Spain: NIF, CIF, NIE, with or without the ES prefix
    ("B-12345678", "ES", "B12345678"),
    ("ES B12345678", None, "B12345678"),
    ("ESB12345678", "ES", "B12345678"),
    ("CIF: B12345678", "ES", "B12345678"),
    ("12345678-Z", "ES", "12345678Z"),
    ("x-1234567-l", "ES", "X1234567L"),
    # elsewhere, and garbage
    ("FR 40 303 265 045", "FR", "40303265045"),
    ("N/A", "CO", None),
    ("0", "CO", None),
    ("", None, None),
]

# (a, b, pg_trgm similarity(a, b)) — values read from PostgreSQL 15's pg_trgm.
SIMILARITIES = [
    ("ibm colombia", "ibm", 0.30769232),
    ("panaderia unica", "panaderia la unica", 0.84210527),
    ("ibm", "ibm", 1.0),
    ("", "", 0.0),
    ("a_b", "a b", 1.0),
]

# Pairs compared with PostgreSQL's similarity() in the database.
PG_PAIRS = [
    ("ibm", "ibn"),
    ("casa blanca", "casa negra"),
    ("panaderia unica", "panaderia union"),
    ("garcia juan perez", "juan perez"),
    ("distribuidora sol", "distribuidora del sol"),
    ("mc donalds", "mcdonalds"),
    ("compania nacional chocolates", "nacional chocolates"),
    ("3m colombia", "3m"),
    ("Casa-Blanca 2", "casa blanca II"),
    ("a", "a"),
    ("", "abc"),
    ("x y z", "xyz"),
    ("empresas polar", "cerveceria polar venezuela"),
]


@tagged("post_install", "-at_install")
class TestNameKey(BaseCase):
    def test_company_spellings_share_a_key(self):
        """Case, accents, punctuation, spacing, spelled-out acronyms and legal forms do not change the key."""
        for key, spellings in SAME_COMPANY.items():
            for name in spellings:
                with self.subTest(name=name):
                    self.assertEqual(normalize.name_key(name), key)

    def test_different_companies_keep_different_keys(self):
        """Names that differ by a letter or a word do not meet."""
        for a, b in DIFFERENT_COMPANIES:
            with self.subTest(a=a, b=b):
                self.assertNotEqual(normalize.name_key(a), normalize.name_key(b))

    def test_core_key_drops_the_country(self):
        """A trailing country is kept in name_key and dropped in name_core_key, unless nothing else is left."""
        for name, key, core in CORE_KEYS:
            with self.subTest(name=name):
                self.assertEqual(normalize.name_key(name), key)
                self.assertEqual(normalize.name_core_key(name), core)

    def test_name_tokens(self):
        """name_tokens gives the key's words: in order for companies, sorted for people."""
        self.assertEqual(normalize.name_tokens("Panadería La Única S.A.S."), ("panaderia", "unica"))
        self.assertEqual(
            normalize.name_tokens("Pérez García, Juan", is_company=False), ("garcia", "juan", "perez")
        )

    def test_person_spellings_share_a_key(self):
        """People match with names swapped, accents, commas and titles."""
        for key, spellings in SAME_PERSON.items():
            for name in spellings:
                with self.subTest(name=name):
                    self.assertEqual(normalize.name_key(name, is_company=False), key)

    def test_person_key_from_first_and_last_names(self):
        """person_key(first, last) does not depend on which field holds which name."""
        expected = normalize.name_key("Juan Pérez García", is_company=False)
        self.assertEqual(normalize.person_key("Juan", "Pérez García"), expected)
        self.assertEqual(normalize.person_key("Pérez García", "Juan"), expected)
        self.assertEqual(normalize.person_key("Juan Pérez García"), expected)
        self.assertIsNone(normalize.person_key(None, None))

    def test_different_people_keep_different_keys(self):
        """Two people sharing a surname are not one person."""
        for a, b in DIFFERENT_PEOPLE:
            with self.subTest(a=a, b=b):
                self.assertNotEqual(
                    normalize.name_key(a, is_company=False), normalize.name_key(b, is_company=False)
                )

    def test_no_letters_no_key(self):
        """A name without letters or digits has no key, so it never matches another empty name."""
        for name in (None, False, "", "   ", "---", "(.)"):
            with self.subTest(name=name):
                self.assertIsNone(normalize.name_key(name))
        self.assertEqual(normalize.name_key("S.A.S."), "sas", "a name made only of a legal form is kept")

    def test_fold(self):
        """fold() lower-cases and strips accents, keeps other scripts."""
        self.assertEqual(normalize.fold("Ñandú ÆØ Straße"), "nandu aeo strasse")
        self.assertEqual(normalize.fold("Москва"), "москва")


@tagged("post_install", "-at_install")
class TestPhoneKey(BaseCase):
    def test_phone_formats(self):
        """Numbers as people write them in CO, VE, MX and ES give their E.164 form; garbage gives None."""
        for number, country, expected in PHONES:
            with self.subTest(number=number, country=country):
                self.assertEqual(normalize.phone_key(number, country), expected)

    def test_agrees_with_odoo(self):
        """Where Odoo's phone_validation formats a number, phone_key gives the same E.164 number."""
        for number, country, expected in PHONES:
            if not (number and country and expected):
                continue
            with self.subTest(number=number, country=country):
                try:
                    odoo_e164 = phone_validation.phone_format(
                        number, country.upper(), None, force_format="E164"
                    )
                except UserError:  # a legacy format Odoo refuses: nothing to compare
                    continue
                self.assertEqual(normalize.phone_key(number, country), odoo_e164)


@tagged("post_install", "-at_install")
class TestEmailAndVatKey(BaseCase):
    def test_emails(self):
        """Emails are trimmed and lower-cased as Odoo's email_normalized; addresses without a domain give None."""
        for email, expected in EMAILS:
            with self.subTest(email=email):
                self.assertEqual(normalize.email_key(email), expected)

    def test_vats(self):
        """Tax ids are compacted; country prefix, label and CO/VE check digit do not change the key."""
        for vat, country, expected in VATS:
            with self.subTest(vat=vat, country=country):
                self.assertEqual(normalize.vat_key(vat, country), expected)

    def test_different_vats_keep_different_keys(self):
        """Ids that differ by a digit, or a company and a person with the same digits, do not meet."""
        self.assertNotEqual(
            normalize.vat_key("900.123.456-7", "CO"), normalize.vat_key("900.123.457-7", "CO")
        )
        self.assertNotEqual(normalize.vat_key("J-12345678-9", "VE"), normalize.vat_key("V-12345678-9", "VE"))
        self.assertNotEqual(normalize.vat_key("B12345678", "ES"), normalize.vat_key("A12345678", "ES"))


@tagged("post_install", "-at_install")
class TestSimilarity(BaseCase):
    def test_trigrams_like_pg_trgm(self):
        """Words padded with two spaces in front and one behind, lower-cased, non-alphanumerics split words."""
        self.assertEqual(normalize.trigrams("IBM"), {"  i", " ib", "ibm", "bm "})
        self.assertEqual(
            normalize.trigrams("Casa-Blanca 2"),
            {
                "  2",
                "  b",
                "  c",
                " 2 ",
                " bl",
                " ca",
                "anc",
                "asa",
                "bla",
                "ca ",
                "cas",
                "lan",
                "nca",
                "sa ",
            },
        )

    def test_known_values(self):
        """similarity() gives the values pg_trgm gives."""
        for a, b, expected in SIMILARITIES:
            with self.subTest(a=a, b=b):
                self.assertAlmostEqual(normalize.similarity(a, b), expected, places=6)
                self.assertAlmostEqual(normalize.similarity(b, a), expected, places=6)


@tagged("post_install", "-at_install")
class TestSimilarityInDatabase(TransactionCase):
    def test_agrees_with_pg_trgm(self):
        """similarity() agrees with PostgreSQL pg_trgm's similarity() on match keys and on raw text."""
        pairs = PG_PAIRS + [
            (normalize.name_key(a), normalize.name_key(b)) for a, b in DIFFERENT_COMPANIES + DIFFERENT_PEOPLE
        ]
        for a, b in pairs:
            with self.subTest(a=a, b=b):
                self.env.cr.execute("SELECT similarity(%s, %s)", (a, b))
                self.assertAlmostEqual(normalize.similarity(a, b), self.env.cr.fetchone()[0], places=6)


def _side(is_company=False, email=None, phones=(), vat=None):
    return {"is_company": is_company, "email": email, "phones": set(phones), "vat": vat}


# (a, b, conflict): what two customers' keys say against a match on their names.
CONFLICTS = [
    (_side(email="a@x.co", phones={"+573105550001"}), _side(email="b@x.co", phones={"+573105550002"}), True),
    (_side(email="a@x.co", phones={"+573105550001"}), _side(email="a@x.co", phones={"+573105550002"}), False),
    (_side(email="a@x.co", phones={"+573105550001"}), _side(email="b@x.co", phones={"+573105550001"}), False),
    (
        _side(email="a@x.co", phones={"+573105550001", "+5716000000"}),
        _side(email="b@x.co", phones={"+5716000000"}),
        False,
    ),
    (_side(email="a@x.co"), _side(email="b@x.co", phones={"+573105550002"}), False),
    (_side(phones={"+573105550001"}), _side(email="b@x.co", phones={"+573105550002"}), False),
    (_side(), _side(email="b@x.co", phones={"+573105550002"}), False),
    (_side(True, "a@x.co", {"+573105550001"}), _side(True, "b@x.co", {"+573105550002"}), False),
    (_side(True, "a@x.co", {"+573105550001"}), _side(False, "b@x.co", {"+573105550002"}), False),
    (_side(True, vat="CO8001"), _side(True, vat="CO8002"), True),
    (_side(vat="CO1020"), _side(vat="CO1021"), True),
    (_side(True, vat="CO8001"), _side(True, vat="CO8001"), False),
    (_side(True, vat="CO8001"), _side(True), False),
]


@tagged("post_install", "-at_install")
class TestContactConflict(BaseCase):
    def test_conflicts(self):
        """Different tax ids, or two people with different emails and different phones, contradict a name;
        companies' emails and phones, and unknown values, do not."""
        for a, b, expected in CONFLICTS:
            with self.subTest(a=a, b=b):
                self.assertIs(contact_conflict(a, b), expected)
                self.assertIs(contact_conflict(b, a), expected)

    def test_groups_conflict(self):
        """Two groups conflict when some customer of one contradicts some customer of the other, apart from
        the pair whose match joins them; customers without known keys contradict nobody."""
        sides = {
            1: _side(email="a@x.co", phones={"+573105550001"}),
            2: _side(email="b@x.co", phones={"+573105550002"}),
            3: _side(),
            4: _side(email="a@x.co", phones={"+573105550009"}),
        }
        self.assertTrue(groups_conflict([1, 3], [2], sides))
        self.assertFalse(groups_conflict([1], [2], sides, (1, 2)), "the joining pair was weighed already")
        self.assertTrue(groups_conflict([1, 3], [2], sides, (3, 2)))
        self.assertFalse(groups_conflict([1, 4], [3], sides))
        self.assertFalse(groups_conflict([1], [5], sides), "unknown customers contradict nobody")
