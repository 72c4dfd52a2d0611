"""External-client tests: a real Odoo server driven over XML-RPC and JSON-RPC by real client code."""

import json
import urllib.request
import xmlrpc.client

import pytest


def xmlrpc_login(url, db, login, password):
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    return common.authenticate(db, login, password, {})


def execute(url, db, uid, password, model, method, *args, **kwargs):
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
    return models.execute_kw(db, uid, password, model, method, list(args), kwargs)


def test_salesperson_reads_customers_over_xmlrpc(odoo_server, db_name):
    """A vendedor authenticates with the demo password and reads the demo customers."""
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    assert isinstance(uid, int) and uid > 0
    customers = execute(
        odoo_server, db_name, uid, "vendedor", "res.partner", "search_read",
        [["country_id.code", "in", ["CO", "VE", "MX"]]], fields=["name", "phone", "mobile"],
    )  # fmt: skip
    names = {c["name"] for c in customers}
    assert len(customers) >= 40
    assert "Chocolatería El Cacao de Oro" in names


def test_wrong_password_is_refused(odoo_server, db_name):
    """A wrong password does not authenticate, and calls made with it are refused."""
    assert xmlrpc_login(odoo_server, db_name, "vendedor", "not-the-password") is False
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    with pytest.raises(xmlrpc.client.Fault, match="AccessDenied|Access Denied"):
        execute(odoo_server, db_name, uid, "wrong", "res.partner", "search_count", [])


def test_salesperson_cannot_delete_over_rpc(odoo_server, db_name):
    """The server refuses a vendedor's unlink; a responsable may delete."""
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    partner_id = execute(
        odoo_server, db_name, uid, "vendedor", "res.partner", "create", {"name": "Cliente RPC"}
    )
    with pytest.raises(xmlrpc.client.Fault, match="AccessError|not allowed"):
        execute(odoo_server, db_name, uid, "vendedor", "res.partner", "unlink", [partner_id])
    manager = xmlrpc_login(odoo_server, db_name, "responsable", "responsable")
    assert (
        execute(odoo_server, db_name, manager, "responsable", "res.partner", "unlink", [partner_id]) is True
    )
    assert (
        execute(odoo_server, db_name, uid, "vendedor", "res.partner", "search", [["id", "=", partner_id]])
        == []
    )


def test_director_over_jsonrpc(odoo_server, db_name):
    """The JSON-RPC endpoint answers the director the same data as XML-RPC."""

    def call(service, method, *args):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1,
                   "params": {"service": service, "method": method, "args": list(args)}}  # fmt: skip
        request = urllib.request.Request(
            f"{odoo_server}/jsonrpc", json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.load(response)
        assert "error" not in body, body.get("error")
        return body["result"]

    uid = call("common", "login", db_name, "director", "director")
    assert uid
    count = call("object", "execute_kw", db_name, uid, "director", "res.partner", "search_count",
                 [[["country_id.code", "=", "VE"]]])  # fmt: skip
    assert count >= 10


def test_rating_policy_over_xmlrpc(odoo_server, db_name):
    """Seed 004 over the external API: a vendedor cannot change the rating, the director can."""
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    partner_id = execute(
        odoo_server, db_name, uid, "vendedor", "res.partner", "create", {"name": "Cliente nota"}
    )
    with pytest.raises(xmlrpc.client.Fault, match="Customer Rating"):
        execute(
            odoo_server,
            db_name,
            uid,
            "vendedor",
            "res.partner",
            "write",
            [partner_id],
            {"customer_rating": 9},
        )
    with pytest.raises(xmlrpc.client.Fault, match="Customer Rating"):
        execute(
            odoo_server,
            db_name,
            uid,
            "vendedor",
            "res.partner",
            "create",
            {"name": "X", "customer_rating": 2},
        )
    director = xmlrpc_login(odoo_server, db_name, "director", "director")
    assert execute(
        odoo_server,
        db_name,
        director,
        "director",
        "res.partner",
        "write",
        [partner_id],
        {"customer_rating": 9},
    )
    [record] = execute(
        odoo_server, db_name, uid, "vendedor", "res.partner", "read", [partner_id], fields=["customer_rating"]
    )
    assert record["customer_rating"] == 9
