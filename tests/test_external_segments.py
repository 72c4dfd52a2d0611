"""External-client tests of segments: partners searched, counted and exported "in segment" over XML-RPC."""

import xmlrpc.client

from .test_external_rpc import execute, xmlrpc_login

RECURRENT_OVER_7_BOGOTA = [
    ["customer_type_id.code", "=", "recurrent"],
    ["customer_rating", ">", 7],
    ["city", "=", "Bogotá"],
]


def test_director_builds_a_segment_and_searches_by_it(odoo_server, db_name):
    """The director creates "Recurrentes con calificación > 7 en Bogotá" over XML-RPC; searching, counting,
    reading and exporting partners in that segment give exactly the customers of its conditions."""
    uid = xmlrpc_login(odoo_server, db_name, "director", "director")
    call = lambda *args, **kw: execute(odoo_server, db_name, uid, "director", *args, **kw)  # noqa: E731
    segment_id = call(
        "customer.segment", "create",
        {"name": "Recurrentes con calificación > 7 en Bogotá", "kind": "dynamic", "domain": repr(
            [tuple(leaf) for leaf in RECURRENT_OVER_7_BOGOTA])},
    )  # fmt: skip
    try:
        plain = call("res.partner", "search", [*RECURRENT_OVER_7_BOGOTA, ["is_customer", "=", True]])
        in_segment = call("res.partner", "search", [["segment_ids", "in", [segment_id]]])
        assert sorted(in_segment) == sorted(plain)
        assert call("res.partner", "search_count", [["segment_ids", "in", [segment_id]]]) == len(plain)
        [segment] = call("customer.segment", "read", [segment_id], ["member_count"])
        assert segment["member_count"] == len(plain)
        # a customer of the segment says so when read
        if plain:
            [row] = call("res.partner", "read", plain[:1], ["segment_ids"])
            assert segment_id in row["segment_ids"]
        # "not in": no customer is in both
        outside = call(
            "res.partner", "search", [["segment_ids", "not in", [segment_id]], ["id", "in", plain]]
        )
        assert outside == []
    finally:
        call("customer.segment", "unlink", [segment_id])


def test_salesperson_counts_a_shipped_view(odoo_server, db_name):
    """A vendedor counts V1 (recurrent customers) by segment: the same as by customer type."""
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    call = lambda *args, **kw: execute(odoo_server, db_name, uid, "vendedor", *args, **kw)  # noqa: E731
    [v1] = call("customer.segment", "search_read", [["name", "=", "V1. Recurrent Customers"]], fields=["id"],
                context={"lang": "en_US"})  # fmt: skip
    by_segment = call("res.partner", "search_count", [["segment_ids", "in", [v1["id"]]]])
    by_type = call(
        "res.partner",
        "search_count",
        [["customer_type_id.code", "=", "recurrent"], ["is_customer", "=", True]],
    )
    assert by_segment == by_type > 0


def test_salesperson_cannot_change_score_rules(odoo_server, db_name):
    """Score rules are configuration: a vendedor's write is refused by the server."""
    uid = xmlrpc_login(odoo_server, db_name, "vendedor", "vendedor")
    call = lambda *args, **kw: execute(odoo_server, db_name, uid, "vendedor", *args, **kw)  # noqa: E731
    rule_ids = call("customer.score.rule", "search", [], limit=1)
    try:
        call("customer.score.rule", "write", rule_ids, {"points": 99})
    except xmlrpc.client.Fault as fault:
        assert "AccessError" in fault.faultString or "not allowed" in fault.faultString
    else:
        raise AssertionError("a vendedor changed a score rule")
