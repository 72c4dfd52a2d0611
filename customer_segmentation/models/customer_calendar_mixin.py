# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from typing import NamedTuple

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import campaign_dates


class UpcomingDate(NamedTuple):
    partner_id: int
    date: object
    occasion: str
    label: str
    years: int


class CustomerCalendarMixin(models.AbstractModel):
    """The campaign calendar of the customers (Próximas fechas), on res.partner."""

    _name = "customer.calendar.mixin"
    _description = "Customer Campaign Calendar"

    @api.model
    def _customer_calendar_domain(self, channel=None, countries=None):
        """The customers a campaign calendar may list: customers, reachable on ``channel`` (consent,
        through customer_base's ``_customer_consent_domain`` hook), of ``countries`` (ISO codes)."""
        domain = self._customer_domain()
        if channel:
            domain = expression.AND([domain, self._customer_consent_domain(channel)])
        if countries:
            domain = expression.AND([domain, [("country_id.code", "in", list(countries))]])
        return domain

    @api.model
    def _customer_upcoming_dates(self, occasions, date_from, date_to, channel=None, countries=None):
        """The dates of ``occasions`` (codes of customer.upcoming.date) between two dates, as UpcomingDate
        rows sorted by date. Record rules apply: a user lists the customers they may read."""
        base = self._customer_calendar_domain(channel, countries)
        found = []
        if "birthday" in occasions:
            found += self._customer_yearly_dates("customer_birthday", "birthday", base, date_from, date_to)
        if "anniversary" in occasions:
            found += [
                row
                for row in self._customer_yearly_dates(
                    "customer_since", "anniversary", base, date_from, date_to
                )
                if row.years > 0
            ]
        for occasion in ("mothers_day", "fathers_day"):
            if occasion in occasions:
                found += self._customer_family_dates(occasion, base, date_from, date_to)
        if "profession" in occasions:
            found += self._customer_profession_dates(base, date_from, date_to)
        return sorted(found, key=lambda row: (row.date, row.occasion, row.partner_id))

    @api.model
    def _customer_yearly_dates(self, fname, occasion, base, date_from, date_to):
        """Customers whose date ``fname`` (birthday, customer since) comes back in the period: one query
        filtering on month and day."""
        ranges = campaign_dates.month_day_ranges(date_from, date_to)
        if not ranges:
            return []
        query = self._search(expression.AND([base, [(fname, "!=", False)]]))
        column = SQL.identifier(query.table, fname)
        month_day = SQL("(EXTRACT(MONTH FROM %s) * 100 + EXTRACT(DAY FROM %s))::int", column, column)
        query.add_where(
            SQL(
                "(%s)",
                SQL(" OR ").join(SQL("%s BETWEEN %s AND %s", month_day, r.start, r.end) for r in ranges),
            )
        )
        self.env.cr.execute(query.select(SQL.identifier(query.table, "id"), column))
        label = dict(self.env["customer.upcoming.date"]._fields["occasion"]._description_selection(self.env))[
            occasion
        ]
        rows = []
        for partner_id, start in self.env.cr.fetchall():
            when = campaign_dates.next_occurrence(start.month, start.day, date_from, date_to)
            if when:
                rows.append(
                    UpcomingDate(partner_id, when, occasion, label, campaign_dates.years_since(start, when))
                )
        return rows

    @api.model
    def _customer_family_dates(self, occasion, base, date_from, date_to):
        """Customers with children, on their country's Mother's or Father's Day in the period."""
        rows = []
        label = dict(self.env["customer.upcoming.date"]._fields["occasion"]._description_selection(self.env))[
            occasion
        ]
        for code, dates in campaign_dates.family_days(occasion, date_from, date_to).items():
            domain = expression.AND([base, [("country_id.code", "=", code), ("customer_children", ">", 0)]])
            country = self.env["res.country"].search([("code", "=", code)], limit=1)
            text = f"{label} ({country.name})" if country else label
            for partner_id in self._search(domain):
                rows.append(UpcomingDate(partner_id, dates[0], occasion, text, 0))
        return rows

    @api.model
    def _customer_profession_dates(self, base, date_from, date_to):
        """Customers whose profession is celebrated in the period (e.g. Día del Médico)."""
        rows = []
        professions = self.env["customer.profession"].search(
            [("celebration_month", "!=", False), ("celebration_day", ">", 0)]
        )
        for profession in professions:
            when = campaign_dates.next_occurrence(
                int(profession.celebration_month), profession.celebration_day, date_from, date_to
            )
            if not when:
                continue
            label = profession.celebration_name or profession.name
            domain = expression.AND([base, [("customer_profession_id", "=", profession.id)]])
            for partner_id in self._search(domain):
                rows.append(UpcomingDate(partner_id, when, "profession", label, 0))
        return rows
