"""External-client tests: a real Odoo server driven over XML-RPC and JSON-RPC by real client code."""

import json
import urllib.request
import uuid
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


def test_branch_private_customer_does_not_leak_over_rpc(odoo_server, db_name):
    """A user of branch A cannot read, search, count, group or export a private customer of branch B."""
    admin = xmlrpc_login(odoo_server, db_name, "admin", "admin")
    token = uuid.uuid4().hex[:8]  # the server's database outlives a run: names and logins are unique

    def as_admin(model, method, *args, **kwargs):
        return execute(odoo_server, db_name, admin, "admin", model, method, *args, **kwargs)

    main_company = as_admin("res.users", "read", [admin], fields=["company_id"])[0]["company_id"][0]
    branch_a = as_admin(
        "res.company", "create", {"name": f"RPC Sucursal A {token}", "parent_id": main_company}
    )
    branch_b = as_admin(
        "res.company", "create", {"name": f"RPC Sucursal B {token}", "parent_id": main_company}
    )
    groups = [
        as_admin("ir.model.data", "check_object_reference", module, name)[1]
        for module, name in (("customer_base", "group_customer_salesperson"), ("base", "group_allow_export"))
    ]
    as_admin("res.users", "create", {
        "name": "Vendedora A", "login": f"rpc_branch_a_{token}", "password": "rpc_branch_a",
        "company_id": branch_a, "company_ids": [(6, 0, [branch_a])], "groups_id": [(4, g) for g in groups],
    })  # fmt: skip
    private_b = as_admin(
        "res.partner", "create", {"name": f"Privado RPC de B {token}", "company_id": branch_b}
    )
    shared = as_admin("res.partner", "create", {"name": "Compartido RPC", "company_id": False})

    uid = xmlrpc_login(odoo_server, db_name, f"rpc_branch_a_{token}", "rpc_branch_a")

    def as_a(model, method, *args, **kwargs):
        return execute(odoo_server, db_name, uid, "rpc_branch_a", model, method, *args, **kwargs)

    assert as_a("res.partner", "search", [["id", "in", [private_b, shared]]]) == [shared]
    assert as_a("res.partner", "search_count", [["id", "=", private_b]]) == 0
    assert as_a("res.partner", "name_search", f"Privado RPC de B {token}") == []
    groups_seen = as_a(
        "res.partner", "read_group", [["name", "ilike", f"Privado RPC de B {token}"]], ["name"], ["name"]
    )
    assert groups_seen == []
    with pytest.raises(xmlrpc.client.Fault, match="'read' access"):
        as_a("res.partner", "read", [private_b], fields=["name"])
    with pytest.raises(xmlrpc.client.Fault, match="'read' access"):
        as_a("res.partner", "export_data", [private_b], ["name"])
    assert as_a("res.partner", "export_data", [shared], ["name"])["datas"] == [["Compartido RPC"]]


def test_context_cannot_switch_off_a_duplicate_block(odoo_server, db_name):
    """A vendedor sending the context key the merge once used still cannot save a customer with another
    customer's tax id over XML-RPC: the block holds."""
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    taken = execute(
        odoo_server, db_name, uid, "vendedor", "res.partner", "search_read",
        [["vat", "!=", False], ["is_company", "=", True]], fields=["vat"], limit=1,
    )[0]  # fmt: skip
    context = {"customer_duplicate_ignore_ids": [taken["id"]]}
    with pytest.raises(xmlrpc.client.Fault, match="duplicates an existing customer"):
        execute(
            odoo_server, db_name, uid, "vendedor", "res.partner", "create",
            {"name": f"Copia {uuid.uuid4().hex[:6]}", "is_company": True, "vat": taken["vat"]}, context=context,
        )  # fmt: skip
