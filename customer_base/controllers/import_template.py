# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.http import content_disposition, request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CustomerImportTemplateController(http.Controller):
    @http.route("/customer_base/import_template", type="http", auth="user", methods=["GET"])
    def import_template(self):
        """The customer import template of the current user (their columns, their language)."""
        request.env["res.partner"].check_access("create")
        content = request.env["customer.import.template"]._customer_template_xlsx()
        name = request.env._("customer-import-template.xlsx")
        return request.make_response(
            content, headers=[("Content-Type", XLSX), ("Content-Disposition", content_disposition(name))]
        )
