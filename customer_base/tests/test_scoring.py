# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The duplicate score (tools.scoring): evidence for and against, field by field, without a database."""

import datetime

from odoo.tests.common import BaseCase

from odoo.addons.customer_base.tools import scoring
from odoo.addons.customer_base.tools.normalize import street_key
from odoo.addons.customer_base.tools.scoring import Record, Rule

NAME_RULE = Rule(1, "name", "similarity", 0.75, "all", False, True, "alert", True)
LOOSE_NAME_RULE = NAME_RULE._replace(exclude_conflicts=False)
PHONE_RULE = Rule(2, "phone", "exact", 1.0, "all", False, False, "alert", False)
VAT_RULE = Rule(3, "vat", "exact", 1.0, "all", False, False, "block", False)
RULES = (NAME_RULE, PHONE_RULE, VAT_RULE)


def person(name_key="garcia jose lopez", **values):
    return Record(is_company=False, name_key=name_key, **values)


def codes(result):
    return {item.code for item in result.evidence}


class TestScore(BaseCase):
    def test_missing_values_are_neither_for_nor_against(self):
        """A field missing on either side adds nothing; known values agree for and differ against."""
        bare = scoring.score(person(email="a@x.co"), person())
        self.assertEqual(bare.evidence, ())
        self.assertEqual(bare.total, 0)
        same = scoring.score(person(email="a@x.co"), person(email="a@x.co"))
        other = scoring.score(person(email="a@x.co"), person(email="b@x.co"))
        self.assertEqual(codes(same), {"same_email"})
        self.assertGreater(same.total, 0)
        self.assertEqual(codes(other), {"different_email"})
        self.assertLess(other.total, 0)

    def test_every_field_counts(self):
        """Street, zip, city, birthday, phones, emails and tax ids each say for or against."""
        birthday = datetime.date(1980, 5, 1)
        a = person(email="a@x.co", phones=frozenset({"+573001"}), vat="1", street="calle 1 2 3", zip="11",
                   city="cali", birthday=birthday)  # fmt: skip
        same = scoring.score(a, a)
        self.assertEqual(
            codes(same),
            {"same_email", "same_phone", "same_vat", "same_street", "same_zip", "same_city", "same_birthday"},
        )
        self.assertEqual(same.against, ())
        b = person(email="b@x.co", phones=frozenset({"+573002"}), vat="2", street="calle 9 9 9", zip="12",
                   city="pasto", birthday=birthday.replace(year=1990))  # fmt: skip
        other = scoring.score(a, b)
        self.assertEqual(len(other.against), 7)
        self.assertEqual(other.for_, ())
        self.assertLess(other.total, -20)

    def test_companies_weigh_other_emails_and_phones_less(self):
        """Companies use several emails and phones: another one says less against them than against a person."""
        people = scoring.score(person(email="a@x.co"), person(email="b@x.co"))
        firms = scoring.score(
            Record(is_company=True, email="a@x.co"), Record(is_company=True, email="b@x.co")
        )
        self.assertLess(people.total, firms.total)
        self.assertLess(firms.total, 0)

    def test_a_common_name_is_worth_less(self):
        """The same name says less the more customers hold it, never nothing."""
        weights = [scoring.same_name_weight(count) for count in (2, 4, 16, 80, 10**6)]
        self.assertEqual(weights, sorted(weights, reverse=True))
        self.assertEqual(weights[0], scoring.NAME_RARE)
        self.assertEqual(weights[-1], scoring.NAME_COMMON)
        self.assertEqual(
            scoring.same_name_weight(None), scoring.same_name_weight(scoring.NAME_UNKNOWN_FREQUENCY)
        )

    def test_name_levels(self):
        """Equal, similar, core, partial and different names; a person against a company says nothing."""
        a = person("garcia jose lopez")
        self.assertEqual(scoring.name_evidence(a, person("garcia jose lopez")).code, "same_name")
        similar = scoring.name_evidence(a, person("garcia jose lopes"))
        self.assertEqual(similar.code, "similar_name")
        self.assertGreater(similar.similarity, 0.75)
        for partial in ("garcia j lopez", "garcia jose"):
            with self.subTest(partial=partial):
                self.assertEqual(scoring.name_evidence(a, person(partial)).code, "partial_name")
        self.assertEqual(scoring.name_evidence(a, person("perez maria")).code, "different_name")
        self.assertLess(scoring.name_evidence(a, person("perez maria")).weight, 0)
        self.assertIsNone(scoring.name_evidence(a, Record(is_company=True, name_key="tienda sol")))
        self.assertEqual(scoring.name_evidence(a, a._replace(is_company=True)).code, "same_name")
        core = scoring.name_evidence(
            Record(is_company=True, name_key="ibm colombia", core_key="ibm"),
            Record(is_company=True, name_key="ibm", core_key="ibm"),
        )
        self.assertEqual(core.code, "core_name")
        self.assertEqual(
            scoring.name_evidence(a, person("garcia jose lopes"), exact_only=True).code, "different_name"
        )

    def test_partial_names(self):
        """A word left out or a first name abbreviated, with two real words shared; nothing else."""
        self.assertTrue(scoring.partial_name("garcia j lopez", "garcia jose lopez"))
        self.assertTrue(scoring.partial_name("garcia jose lopez", "garcia jose"))
        self.assertFalse(scoring.partial_name("garcia jose", "garcia maria lopez"))
        self.assertFalse(scoring.partial_name("garcia", "garcia jose"), "one word is not enough")
        self.assertFalse(scoring.partial_name("j lopez", "jose lopez perez"), "one real word is not enough")
        self.assertFalse(scoring.partial_name("garcia jose", "garcia jose"), "equal is not partial")

    def test_reasons_order_and_probability(self):
        """Evidence strongest first; the score shown rises with the total, 0.5 at the midpoint."""
        result = scoring.score(
            person(phones=frozenset({"1"}), city="cali"),
            person(phones=frozenset({"1"}), city="cali"),
            scoring.name_evidence(person(), person(), frequency=2),
        )
        self.assertEqual([item.code for item in result.evidence], ["same_phone", "same_name", "same_city"])
        self.assertEqual(scoring.Score(scoring.SCORE_MIDPOINT, ()).probability, 0.5)
        self.assertGreater(result.probability, 0.99)


class TestJudge(BaseCase):
    def test_namesakes_are_vetoed_unless_the_rule_says_otherwise(self):
        """Two people of one name with different emails and phones: no duplicate under a rule excluding
        conflicting details; with the option off, a duplicate linked by the evidence for alone."""
        a = person(email="a@x.co", phones=frozenset({"1"}))
        b = person(email="b@x.co", phones=frozenset({"2"}))
        self.assertIsNone(scoring.judge(a, b, RULES, frequency=2))
        loose = scoring.judge(a, b, (LOOSE_NAME_RULE,), frequency=2)
        self.assertEqual(loose.strength, loose.score.total_for)
        self.assertGreater(loose.strength, loose.score.total)

    def test_evidence_against_outweighing_the_name(self):
        """A common name and a different birthday and street: the evidence against wins, no duplicate."""
        a = person(birthday=datetime.date(1980, 1, 1), street="calle 1 2 3")
        b = person(birthday=datetime.date(1990, 1, 1), street="carrera 5 6 7")
        self.assertIsNone(scoring.judge(a, b, RULES, frequency=80))
        found = scoring.judge(a, b._replace(birthday=a.birthday, street=a.street), RULES, frequency=80)
        self.assertGreaterEqual(found.strength, scoring.LIKELY_WEIGHT)

    def test_key_rules_report_shared_keys_and_block(self):
        """A shared phone is reported whatever the names; a blocking rule on the tax id blocks."""
        found = scoring.judge(
            person(phones=frozenset({"1"})), person("perez ana", phones=frozenset({"1"})), RULES
        )
        self.assertIn("same_phone", codes(found.score))
        self.assertIn("different_name", codes(found.score))
        self.assertFalse(found.block)
        blocked = scoring.judge(person("x y", vat="9"), person("z w", vat="9"), RULES)
        self.assertTrue(blocked.block)
        self.assertIsNone(scoring.judge(person("x y"), person("z w"), RULES))

    def test_rule_conditions(self):
        """Another country, branch or city keeps a rule from comparing; an unknown one never does."""
        self.assertIsNone(
            scoring.judge(person(country_id=1), person(country_id=2), (NAME_RULE,), frequency=2)
        )
        self.assertTrue(scoring.judge(person(country_id=1), person(), (NAME_RULE,), frequency=2))
        branch = NAME_RULE._replace(scope="branch", same_country=False)
        self.assertFalse(scoring.rule_applies(branch, person(company_id=1), person(company_id=2)))
        self.assertTrue(scoring.rule_applies(branch, person(company_id=1), person()))
        city = NAME_RULE._replace(same_city=True)
        self.assertFalse(scoring.rule_applies(city, person(city="cali"), person(city="pasto")))

    def test_street_keys(self):
        """Streets written with or without abbreviations and signs are one street."""
        self.assertEqual(street_key("Cra. 7 # 12-30"), street_key("Carrera 7 No. 12 - 30"))
        self.assertEqual(street_key("KR 7 12 30"), "carrera 7 12 30")
        self.assertEqual(street_key("Cl. 74 # 105-13"), street_key("Calle 74 # 105-13"))
        self.assertIsNone(street_key("Av. Bolívar"), "no number: too vague to compare")
        self.assertIsNone(street_key(False))


class TestGroups(BaseCase):
    def test_groups_do_not_chain(self):
        """A group never holds two records the score tells apart, even when each is linked to a third."""
        shop = Record(is_company=True, name_key="tienda montana", phones=frozenset({"1", "2"}))
        maria = person("garcia maria nieto", phones=frozenset({"1"}), birthday=datetime.date(1988, 1, 1))
        johana = person("johana medina rivera", phones=frozenset({"2"}), birthday=datetime.date(1994, 1, 1))
        records = {1: shop, 2: maria, 3: johana}
        self.assertTrue(scoring.contradicts(maria, johana))
        self.assertFalse(scoring.contradicts(shop, maria))
        self.assertTrue(scoring.groups_contradict([1, 2], [3], records, pair=(1, 3)))
        self.assertFalse(scoring.groups_contradict([1], [2], records, pair=(1, 2)))
        copy = person("garcia m nieto", birthday=datetime.date(1988, 1, 1))
        self.assertFalse(scoring.groups_contradict([1, 2], [4], {**records, 4: copy}, pair=(2, 4)))

    def test_namesakes_with_conflicting_details_stay_apart(self):
        """Conflicting emails and phones keep two people apart when the rules exclude conflicts."""
        a = person(email="a@x.co", phones=frozenset({"1"}))
        b = person(email="b@x.co", phones=frozenset({"2"}))
        self.assertTrue(scoring.contradicts(a, b))
        self.assertFalse(scoring.contradicts(a, b, exclude_conflicts=False))
