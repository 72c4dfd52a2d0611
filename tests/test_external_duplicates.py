"""External-client tests of duplicate detection: customer_find_duplicates and blocking rules over XML-RPC."""

import xmlrpc.client

import pytest

from .test_external_rpc import execute, xmlrpc_login


def test_find_duplicates_over_xmlrpc(odoo_server, db_name):
    """The demo vendedor asks for the duplicates of a new customer and gets the demo customer behind a phone
    and a name written differently, with score and reasons."""
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    [country_id] = execute(
        odoo_server, db_name, uid, "vendedor", "res.country", "search", [["code", "=", "CO"]]
    )
    values = {
        "name": "CHOCOLATERIA EL CACAO DE ORO S.A.S.",
        "is_company": True,
        "phone": "(601) 345-6789",
        "country_id": country_id,
    }
    matches = execute(
        odoo_server, db_name, uid, "vendedor", "res.partner", "customer_find_duplicates", values, limit=5
    )
    assert matches, "the demo customer is found"
    best = matches[0]
    assert best["display_name"] == "Chocolatería El Cacao de Oro"
    assert set(best) == {"id", "display_name", "score", "reasons"}
    assert "Same phone" in best["reasons"] and "Same name" in best["reasons"]
    assert 0 < best["score"] <= 1
    assert len(matches) <= 5


def test_blocking_rule_refuses_create_over_xmlrpc(odoo_server, db_name):
    """The shipped "same tax id" rule refuses a vendedor's create of a duplicate, naming the existing
    customer; a customer with another tax id is created."""
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    [country_id] = execute(
        odoo_server, db_name, uid, "vendedor", "res.country", "search", [["code", "=", "CO"]]
    )
    with pytest.raises(xmlrpc.client.Fault, match=r"Chocolatería El Cacao de Oro \(#\d+\): Same tax ID"):
        execute(
            odoo_server, db_name, uid, "vendedor", "res.partner", "create",
            {"name": "Cacao Copia", "vat": "NIT 900.123.456-7", "country_id": country_id},
        )  # fmt: skip
    assert not execute(
        odoo_server, db_name, uid, "vendedor", "res.partner", "search", [["name", "=", "Cacao Copia"]]
    )
    partner_id = execute(
        odoo_server, db_name, uid, "vendedor", "res.partner", "create",
        {"name": "Cacao Nuevo RPC", "vat": "901.777.888-1", "country_id": country_id},
    )  # fmt: skip
    assert isinstance(partner_id, int)
    manager = xmlrpc_login(odoo_server, db_name, "responsable", "responsable")
    execute(odoo_server, db_name, manager, "responsable", "res.partner", "unlink", [partner_id])
