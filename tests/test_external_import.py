"""External-client test of the customer import, run over HTTP exactly as the web client runs it: a session,
``base_import.import`` create, the file posted to /base_import/set_file, ``parse_preview``, ``execute_import``
as a test, then for real — and the same file again, which changes nothing."""

import csv
import io
import uuid

import requests


class WebClient:
    """The JSON-RPC calls of Odoo's web client, with its session cookie and CSRF token."""

    def __init__(self, url, db, login, password):
        self.url, self.session = url, requests.Session()
        result = self.rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})
        assert result["uid"], result

    def rpc(self, path, params):
        response = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=120,
        )
        body = response.json()
        assert "error" not in body, body.get("error")
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def csrf_token(self):
        page = self.session.get(f"{self.url}/odoo", timeout=60).text
        return page.split('csrf_token: "', 1)[1].split('"', 1)[0]

    def upload(self, import_id, name, content):
        response = self.session.post(
            f"{self.url}/base_import/set_file",
            data={"id": str(import_id), "csrf_token": self.csrf_token()},
            files={"ufile": (name, content, "text/csv")},
            timeout=60,
        )
        assert response.status_code == 200, response.text[:500]


OPTIONS = {
    "has_headers": True, "quoting": '"', "separator": "", "encoding": "", "date_format": "", "datetime_format": "",
    "float_thousand_separator": ",", "float_decimal_separator": ".", "advanced": False, "keep_matches": False,
    "limit": 2000, "skip": 0, "sheets": [], "sheet": "", "tracking_disable": True, "import_skip_records": [],
    "import_set_empty_fields": [], "fallback_values": {}, "name_create_enabled_fields": {},
}  # fmt: skip


def run(client, content, dryrun, **customer):
    import_id = client.call("base_import.import", "create", {"res_model": "res.partner"})
    client.upload(import_id, "clientes.csv", content)
    preview = client.call("base_import.import", "parse_preview", import_id, dict(OPTIONS))
    assert not preview.get("error"), preview.get("error")
    fields = [
        "/".join(preview["matches"][str(i)]) if preview["matches"].get(str(i)) else False
        for i in range(len(preview["headers"]))
    ]
    columns = [header.strip().lower() for header in preview["headers"]]
    options = dict(OPTIONS, **preview["options"], **customer)
    return client.call(
        "base_import.import", "execute_import", import_id, fields, columns, options, dryrun=dryrun,
        context={"tracking_disable": True},
    )  # fmt: skip


def test_import_over_http_as_the_web_client(odoo_server, db_name):
    """Karla's file: the test says 1 update (the demo customer found by a phone written otherwise) and 1
    create; the import does it; the same file again leaves everything unchanged."""
    karla = WebClient(odoo_server, db_name, "karla", "karla")
    email = f"rpc-{uuid.uuid4().hex[:8]}@example.com"
    [demo] = karla.call(
        "res.partner", "search_read", [["name", "=", "Floristería Las Orquídeas"]], ["id", "phone", "city"]
    )
    stream = io.StringIO()
    csv.writer(stream).writerows(
        [
            ["Name", "Phone", "City", "Email", "Country"],
            ["Floristería Las Orquídeas", "+57 310 456 7890", "Envigado", "", "Colombia"],
            ["Cliente RPC Nuevo", "", "Cali", email, "Colombia"],
        ]
    )
    content = stream.getvalue().encode()
    try:
        test = run(karla, content, True, customer_match_key="phone", customer_valid_rows=True)
        assert test["customer_import"]["counts"] == {
            "create": 1,
            "update": 1,
            "unchanged": 0,
            "skip": 0,
            "error": 0,
        }
        assert test["customer_import"]["preview"] is True
        assert not karla.call("res.partner", "search", [["email", "=", email]]), "a test writes nothing"
        done = run(karla, content, False, customer_match_key="phone", customer_valid_rows=True)
        assert done["customer_import"]["counts"]["update"] == 1
        assert demo["id"] in done["ids"]
        [after] = karla.call("res.partner", "read", [demo["id"]], ["city"])
        assert after["city"] == "Envigado"
        again = run(karla, content, False, customer_match_key="phone", customer_valid_rows=True)
        # the new customer has no phone: its email finds it
        assert again["customer_import"]["counts"]["unchanged"] == 2, again["customer_import"]
        [log] = karla.call(
            "customer.import.log", "read", [done["customer_import"]["log_id"]], ["created_count", "user_id"]
        )
        assert log["created_count"] == 1 and log["user_id"][1]
    finally:  # leave the shared test database as it was
        karla.call("res.partner", "write", [demo["id"]], {"city": demo["city"]})
        manager = WebClient(odoo_server, db_name, "responsable", "responsable")
        manager.call("res.partner", "unlink", manager.call("res.partner", "search", [["email", "=", email]]))
