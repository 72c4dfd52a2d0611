# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .common import TOUR_TIMEOUT


@tagged("post_install", "-at_install")
class TestImportTour(HttpCase):
    def test_karla_imports_the_template_with_a_test_first(self):
        """Karla uploads the template, tests it (row by row report), imports it: its report opens."""
        # each step waits on an element; the whole tour may take minutes on a loaded 2-core machine
        self.start_tour(
            "/odoo/customer-base", "customer_base_import_template", login="karla", timeout=TOUR_TIMEOUT
        )
        Partner = self.env["res.partner"]
        created = Partner.search(
            [("email", "in", ["mafe.rojas@example.com", "compras@detallesavila.example.com"])]
        )
        self.assertEqual(len(created), 2)
        log = self.env["customer.import.log"].search(
            [("user_id.login", "=", "karla"), ("preview", "=", False)], order="id desc", limit=1
        )
        self.assertEqual((log.created_count, log.match_key), (2, "email"))

    def test_template_download_route(self):
        """The template downloads as .xlsx for a logged-in user, not for the public."""
        response = self.url_open("/customer_base/import_template", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        self.authenticate("vendedor", "vendedor")
        response = self.url_open("/customer_base/import_template")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        self.assertIn("customer-import-template", response.headers["Content-Disposition"])
