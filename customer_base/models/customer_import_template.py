# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

from odoo import api, models

# The customer fields of the template, in this order; then the fields an administrator added (x_…).
TEMPLATE_FIELDS = (
    "name",
    "company_type",
    "customer_first_name",
    "customer_last_name",
    "email",
    "phone",
    "mobile",
    "vat",
    "ref",
    "street",
    "city",
    "state_id",
    "zip",
    "country_id",
    "customer_office_address",
    "customer_home_address",
    "customer_type_id",
    "customer_channel_id",
    "category_id",
    "company_id",
    "customer_marital_status",
    "customer_birthday",
    "customer_children",
    "customer_profession_id",
    "customer_hobby_ids",
    "customer_preferred_product",
    "last_survey_date",
    "customer_rating",
    "customer_interest_level",
    "customer_trust_level",
    "customer_negotiation_state",
    "customer_purchase_count",
    "customer_since",
    "customer_payment_method",
    "comment",
)
# Two customers of the demo (La Casita de Mía, seed 004), by field; relations by xmlid, resolved at download.
EXAMPLES = (
    {
        "name": "María Fernanda Rojas Díaz",
        "company_type": "person",
        "customer_first_name": "María Fernanda",
        "customer_last_name": "Rojas Díaz",
        "email": "mafe.rojas@example.com",
        "mobile": "+57 310 555 0147",
        "city": "Bogotá",
        "country_id": "base.co",
        "customer_office_address": "Calle 93 # 11-27, oficina 502",
        "customer_home_address": "Carrera 7 # 120-45, apto 301",
        "customer_type_id": "customer_base.customer_type_recurrent",
        "customer_channel_id": "customer_base.customer_channel_social",
        "customer_marital_status": "married",
        "customer_birthday": "1986-04-12",
        "customer_children": "2",
        "customer_profession_id": "customer_base.customer_profession_doctor",
        "customer_preferred_product": "Trufas de chocolate amargo 70 %",
        "last_survey_date": "2024-11-20",
        "customer_rating": "8",
        "customer_payment_method": "card",
        "comment": "Prefiere que la llamen por la tarde. Regalos corporativos en diciembre.",
    },
    {
        "name": "Chocolates y Detalles El Ávila C.A.",
        "company_type": "company",
        "email": "compras@detallesavila.example.com",
        "phone": "+58 212 555 0199",
        "vat": "J-40123456-7",
        "city": "Caracas",
        "country_id": "base.ve",
        "customer_office_address": "Av. Francisco de Miranda, Torre Europa, piso 4",
        "customer_type_id": "customer_base.customer_type_special",
        "customer_channel_id": "customer_base.customer_channel_referral",
        "customer_preferred_product": "Bombones surtidos (caja de 24)",
        "last_survey_date": "2024-10-05",
        "customer_rating": "9",
        "customer_payment_method": "transfer",
        "comment": "Pedido grande para Navidad; facturar a nombre de la empresa.",
    },
)
LIST_VALUES = 30


class CustomerImportTemplate(models.AbstractModel):
    """The customer import template: an .xlsx whose columns are the customer fields the user may write,
    headed by their labels in the user's language (the import screen maps them by itself), with an
    instructions sheet and two example customers."""

    _name = "customer.import.template"
    _description = "Customer Import Template"

    @api.model
    def _template_fields(self):
        """``[(field name, fields_get description)]`` of the template's columns for the current user: fields
        they may read (``fields_get`` drops hidden ones) and write (the field policy)."""
        Partner = self.env["res.partner"]
        described = Partner.fields_get(
            attributes=["string", "type", "selection", "relation", "readonly", "help"]
        )
        names = [*TEMPLATE_FIELDS, *sorted(f for f in described if f.startswith("x_"))]
        result = []
        for fname in names:
            info = described.get(fname)
            field = Partner._fields.get(fname)
            if not info or field is None or (info.get("readonly") and fname != "company_type"):
                continue
            if (field.compute and not field.inverse and fname != "company_type") or (
                fname != "company_type" and not field.store
            ):
                continue
            if Partner._customer_field_access(fname) != "edit":
                continue
            result.append((fname, info))
        return result

    @api.model
    def _describe(self, fname, info):
        """What a column takes, and its allowed values (for the instructions sheet)."""
        kind = info["type"]
        values = ""
        if kind == "selection":
            what = self.env._("One of the values listed")
            values = ", ".join(label for _value, label in info.get("selection") or [])
        elif kind == "many2one":
            what = self.env._("The name of an existing record")
            values = self._names(info["relation"])
        elif kind == "many2many":
            what = self.env._("Names of existing records, separated by commas")
            values = self._names(info["relation"])
        elif kind == "date":
            what = self.env._("A date, as YYYY-MM-DD (for example 2024-03-15)")
        elif kind == "datetime":
            what = self.env._("A date and time, as YYYY-MM-DD HH:MM:SS")
        elif kind == "boolean":
            what = self.env._("Yes or no (1 / 0)")
        elif kind in ("integer", "float", "monetary"):
            what = self.env._("A number")
            if fname == "customer_rating":
                what = self.env._("A whole number from 1 to 10")
        else:
            what = self.env._("Text")
        if fname == "email":
            what = self.env._("An email address; customers are looked up by it when you ask so")
        elif fname in ("phone", "mobile"):
            what = self.env._("A phone number, with its country code or in the customer's country")
        return what, values

    @api.model
    def _names(self, model):
        Model = self.env[model]
        if not Model.has_access("read"):
            return ""
        records = Model.search([], limit=LIST_VALUES + 1)
        names = [record.display_name for record in records[:LIST_VALUES]]
        return ", ".join(names) + (", …" if len(records) > LIST_VALUES else "")

    @api.model
    def _example_value(self, fname, info, value):
        """An example cell as the import reads it: choice labels and record names in the user's language."""
        if info["type"] == "selection":
            return dict(info.get("selection") or []).get(value, value)
        if info["type"] in ("many2one", "many2many"):
            record = self.env.ref(value, raise_if_not_found=False)
            return record.display_name if record and record.has_access("read") else ""
        return value

    @api.model
    def _customer_template_xlsx(self):
        """The template as .xlsx bytes."""
        import xlsxwriter  # noqa: PLC0415 - in Odoo's requirements, only needed here

        columns = self._template_fields()
        stream = io.BytesIO()
        book = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_formulas": False})
        bold = book.add_format({"bold": True, "bg_color": "#E9ECEF"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        sheet = book.add_worksheet(self.env._("Customers"))
        for col, (fname, info) in enumerate(columns):
            write_text(sheet, 0, col, column_header(fname, info["string"]), bold)
            sheet.set_column(col, col, max(14, len(info["string"]) + 2))
        for row, example in enumerate(EXAMPLES, 1):
            for col, (fname, info) in enumerate(columns):
                if fname in example:
                    write_text(sheet, row, col, self._example_value(fname, info, example[fname]))
        sheet.freeze_panes(1, 0)
        help_sheet = book.add_worksheet(self.env._("Instructions"))
        headers = (self.env._("Column"), self.env._("What it takes"), self.env._("Allowed values"))
        for col, label in enumerate(headers):
            write_text(help_sheet, 0, col, label, bold)
        help_sheet.set_column(0, 0, 30)
        help_sheet.set_column(1, 1, 50, wrap)
        help_sheet.set_column(2, 2, 70, wrap)
        for row, (fname, info) in enumerate(columns, 1):
            what, values = self._describe(fname, info)
            write_text(help_sheet, row, 0, column_header(fname, info["string"]))
            write_text(help_sheet, row, 1, what)
            write_text(help_sheet, row, 2, values)
        notes = (
            self.env._("Keep the first line: the import recognises the columns by these names."),
            self.env._("Delete the two example customers before importing."),
            self.env._(
                "To update customers instead of duplicating them, choose in the import screen "
                '"Update existing customers, looking them up by" (email, phone, tax ID…).'
            ),
            self.env._("An empty cell leaves the customer's value as it is."),
        )
        for offset, note in enumerate(notes, len(columns) + 2):
            write_text(help_sheet, offset, 0, note)
        book.close()
        return stream.getvalue()


def column_header(fname, label):
    """The header of a field's column: its label, which the import screen maps back to the field — or its
    technical name when the label holds a "/", which the import would read as a path to a sub-field."""
    return fname if "/" in label else label


def write_text(sheet, row, col, value, cell_format=None):
    """Write a cell as text, always: a value starting with = + - @ stays text (no formula injection)."""
    sheet.write_string(row, col, "" if value in (None, False) else str(value), cell_format)
