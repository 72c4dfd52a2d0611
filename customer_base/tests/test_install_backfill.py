# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the install fills for existing partners by SQL equals what the ORM computes (issue 11 §2)."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from ..tools.completeness import completeness_score, completeness_score_sql, parse_completeness_spec

# Key field lists exercising every kind of field the SQL form reads: text, many2one, date, integer,
# selection, boolean, a many2many without archiving, entries with alternatives and person-only entries.
SPECS = (
    None,  # the shipped list
    "email,phone|mobile,customer_children,customer_marital_status,customer_profession_id|customer_birthday,"
    "customer_rating,is_company,customer_first_name|customer_last_name,comment",
    "customer_birthday,customer_marital_status",  # a company counts nothing: 100
)
LOG = "odoo.addons.customer_base.models.customer_interaction_mixin"


def _orm_scores(partners):
    """The scores the ORM computes from the stored values, without storing them."""
    scores = {}
    for partner in partners:
        new = partner.new(origin=partner)
        new._compute_customer_completeness()
        scores[partner.id] = new.customer_completeness
    return scores


@tagged("post_install", "-at_install")
class TestInstallBackfill(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        country = cls.env.ref("base.co")
        tag = cls.env["res.partner.category"].create({"name": "Backfill"})
        company = Partner.create(
            {"name": "Empresa Completa S.A.S.", "is_company": True, "email": "e@example.com", "vat": "900123456",
             "street": "Calle 1", "city": "Cali", "country_id": country.id, "phone": "+57 300 1234567",
             "category_id": [(6, 0, tag.ids)], "comment": "<p>Cliente antiguo</p>"}
        )  # fmt: skip
        cls.sample = (
            company
            | Partner.create({"name": "Empresa Vacía", "is_company": True})
            | Partner.create({"name": "Contacto", "parent_id": company.id, "email": "c@example.com"})
            | Partner.create(
                {"name": "Entrega", "parent_id": company.id, "type": "delivery", "street": "Cra 2"}
            )
            | Partner.create(
                {
                    "name": "Persona Completa",
                    "email": "p@example.com",
                    "mobile": "+57 310 1234567",
                    "customer_birthday": "1980-02-03",
                    "customer_children": 2,
                    "customer_marital_status": "married",
                    "customer_first_name": "Persona",
                    "customer_rating": 9,
                    "city": "Bogotá",
                    "customer_profession_id": cls.env["customer.profession"].create({"name": "Backfill"}).id,
                }
            )  # fmt: skip
            | Partner.create({"name": "Persona Archivada", "active": False, "email": "a@example.com"})
            | Partner.create({"name": "Sin Nada"})
            | Partner.create({"name": "Textos Vacíos"})
        )
        cls.env.flush_all()
        # what only SQL can leave: empty strings, NULL numbers and booleans
        cls.env.cr.execute(
            "UPDATE res_partner SET email = '', street = '', comment = '', customer_children = NULL,"
            " customer_rating = NULL, is_company = NULL WHERE id = %s",
            [cls.sample[-1].id],
        )
        cls.env.invalidate_all()

    def _set_spec(self, spec):
        if spec:
            self.env["ir.config_parameter"].set_param("customer_base.completeness_fields", spec)

    def _fill_by_sql(self):
        """Empty the stored scores and fill them as the install does."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET customer_completeness = NULL WHERE id = ANY(%s)", [self.sample.ids]
        )
        with mute_logger(LOG):
            self.env["res.partner"]._customer_recompute_completeness(batch_size=7)
        return {
            partner.id: partner.customer_completeness
            for partner in self.sample.with_context(active_test=False)
        }

    def test_sql_fill_of_the_completeness_equals_the_orm_compute(self):
        """For every kind of partner and several key field lists, the SQL fill stores the ORM's score."""
        for spec in SPECS:
            with self.subTest(spec=spec):
                self._set_spec(spec)
                self.assertIsNotNone(self.env["res.partner"]._customer_completeness_sql())
                stored = self._fill_by_sql()
                self.assertEqual(stored, _orm_scores(self.sample.with_context(active_test=False)))
                self.assertNotIn(None, stored.values())
        self.assertEqual(stored[self.sample[0].id], 100)  # a company: the person fields are left out
        self.assertEqual(len(set(stored.values())), 2)

    def test_shipped_scores_of_the_sample(self):
        """The shipped list scores the sample as the rule says: 9 entries for a person, 8 for a company."""
        stored = self._fill_by_sql()
        company, empty_company, person, blank = (self.sample[i].id for i in (0, 1, 4, 7))
        self.assertEqual(
            stored[company], completeness_score(6, 8)
        )  # email, phone, street, city, country, vat
        self.assertEqual(stored[company], 75)
        self.assertEqual(stored[empty_company], 0)
        self.assertEqual(stored[person], 44)  # email, mobile, city, birthday: 4 of 9
        self.assertEqual(stored[blank], 0)

    def test_a_key_field_without_column_is_computed_by_the_orm(self):
        """A key field the SQL form cannot read (a many2many, a field without column) makes the fill use the ORM, with the same result."""
        self._set_spec("email,category_id,customer_interaction_count")
        self.assertIsNone(self.env["res.partner"]._customer_completeness_sql())
        stored = self._fill_by_sql()
        self.assertEqual(stored, _orm_scores(self.sample.with_context(active_test=False)))

    def test_fill_keeps_write_date(self):
        """Filling the scores does not make customers look updated to the data review."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = '2020-01-01' WHERE id = ANY(%s)", [self.sample.ids]
        )
        self._fill_by_sql()
        self.sample.invalidate_recordset(["write_date"])
        self.assertEqual({str(d) for d in self.sample.mapped("write_date")}, {"2020-01-01 00:00:00"})

    def test_sql_form_of_the_score_rounds_as_python(self):
        """The SQL score rounds halves to even like Python's round (1 of 8 is 12, 3 of 8 is 38)."""
        cr = self.env.cr
        for total in range(1, 12):
            for filled in range(total + 1):
                conditions = [SQL("%s", i < filled) for i in range(total)]
                cr.execute(SQL("SELECT %s", completeness_score_sql(conditions)))
                self.assertEqual(cr.fetchone()[0], completeness_score(filled, total), (filled, total))
        self.assertEqual(
            parse_completeness_spec(" email , phone|mobile,,"), [("email",), ("phone", "mobile")]
        )

    def test_existing_partners_get_the_default_stage_and_its_history(self):
        """At install, partners older than the stages are put in the default stage by SQL with one open stay
        in the history, as the ORM records a new partner's (stage, user, no previous stage, 0 days)."""
        Partner = self.env["res.partner"]
        prospect = self.env.ref("customer_base.stage_prospect")
        partners = self.sample.with_context(active_test=False)
        with_stay = Partner.create({"name": "Ya en la historia"})
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM customer_stage_history WHERE partner_id = ANY(%s);"
            " UPDATE res_partner SET lifecycle_stage_id = NULL, lifecycle_stage_date = NULL,"
            " create_date = '2021-03-04 05:06:07' WHERE id = ANY(%s);"
            " UPDATE res_partner SET lifecycle_stage_id = NULL WHERE id = %s",
            [partners.ids, partners.ids, with_stay.id],
        )
        self.env.invalidate_all()
        with mute_logger("odoo.addons.customer_base.models.customer_lifecycle_mixin"):
            opened = Partner._lifecycle_assign_default_stage(batch_size=3)
        self.assertEqual(opened, len(partners))  # the partner with an open stay keeps the one it has
        self.assertEqual(len(with_stay.lifecycle_history_ids), 1)
        self.assertEqual(with_stay.lifecycle_stage_id, prospect)
        by_orm = Partner.create({"name": "Nuevo"}).lifecycle_history_ids
        for partner in partners:
            stay = partner.lifecycle_history_ids
            self.assertEqual(partner.lifecycle_stage_id, prospect)
            self.assertEqual(str(partner.lifecycle_stage_date), "2021-03-04 05:06:07")
            self.assertEqual(len(stay), 1)
            self.assertEqual(str(stay.date_start), "2021-03-04 05:06:07")
            self.assertEqual(
                (stay.stage_id, stay.previous_stage_id, stay.user_id, stay.date_end, stay.duration_days,
                 stay.rule_id, stay.company_id),
                (by_orm.stage_id, by_orm.previous_stage_id, by_orm.user_id, by_orm.date_end,
                 by_orm.duration_days, by_orm.rule_id, partner.company_id),
            )  # fmt: skip
        self.assertEqual(Partner._lifecycle_assign_default_stage(), 0)  # a second run finds nobody
