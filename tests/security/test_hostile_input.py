"""Hostile input over HTTP: injection attempts, wrong types, unknown names, bad JSON, traversal.

Every answer is a 4xx with a JSON message, never a 500, and the stored orders are the
same afterwards.
"""

from __future__ import annotations

import json

import pytest

from tests.security.world import A, raw_rows

ORDERS = "/api/resource/Test Order"
LIST = "/api/method/frappe.client.get_list"
INJECTIONS = [
    "name; DROP TABLE `tabTest Order`",
    "name) UNION SELECT secret_note FROM `tabTest Order` --",
    "1=1 OR",
    "(SELECT 1)",
    "name` , `secret_note",
]
LIST_PARAMS = [
    *({"fields": f'["{text}"]'} for text in INJECTIONS),
    *({"order_by": text} for text in INJECTIONS),
    *({"group_by": text, "fields": '["count(*) as n"]'} for text in INJECTIONS),
    *({"filters": f'[["{text}", "=", 1]]'} for text in INJECTIONS),
    {"filters": '[["name", "= 1 OR 1=1 --", "x"]]'},
    {"filters": '{"name": ["in", [["nested"]]]}'},
    {"filters": '[["priority", ">", "not a number"]]'},
    {"filters": '[["order_date", "between", ["2024-01-01"]]]'},
    {"filters": '[["name", "is", "maybe"]]'},
    {"filters": '[["unknown_field", "=", 1]]'},
    {"filters": '[["tabUser", "name", "=", "x"]]'},
    {"filters": "{not json"},
    {"filters": '"just text"'},
    {"filters": "[" * 2000 + "]" * 2000},
    {"fields": "[1, 2]"},
    {"fields": '["count(secret_note)"]'},
    {"fields": '["tabUser.name"]'},
    {"fields": '["items.secret"]'},
    {"order_by": "secret_note desc"},
    {"limit": "abc"},
    {"limit": "-5"},
    {"limit_start": "x"},
    {"limit_page_length": "1e9999"},
]
METHOD_CALLS = [
    ("GET", "/api/method/frappe.client.get_value", {"doctype": "Test Order", "fieldname": "name; DROP TABLE x", "filters": "x"}),
    ("GET", "/api/method/frappe.client.get_value", {"doctype": "Test Order", "fieldname": "name", "filters": '{"name": {"$ne": 1}}'}),
    ("GET", "/api/method/frappe.client.get", {"doctype": "Test Order", "name": "' OR 1=1 --"}),
    ("GET", "/api/method/frappe.client.get", {"doctype": "`tabUser`", "name": "Administrator"}),
    ("GET", "/api/method/lowcode.client.search_link", {"doctype": "Test Order", "txt": "%' OR 1=1 --", "page_length": "x"}),
    ("GET", "/api/method/lowcode.client.get_meta", {"doctype": "../../etc/passwd"}),
    ("GET", "/api/method/lowcode.client.export", {"doctype": "Test Order", "file_format": "../../x"}),
    ("GET", "/api/method/lowcode.client.get_timeline", {"doctype": "Test Order", "name": "../../etc/passwd"}),
    ("GET", "/api/method/os.system", {"command": "id"}),
    ("GET", "/api/method/lowcode.client.get_list.__globals__", {}),
    ("GET", "/api/method/..%2F..%2Fetc", {}),
    ("POST", "/api/method/frappe.client.set_value", {"doctype": "Test Order", "name": ["x"], "fieldname": {"a": 1}}),
    ("POST", "/api/method/frappe.client.insert", {"doc": "not an object"}),
    ("POST", "/api/method/frappe.client.insert", {"doc": {"doctype": ["Test Order"]}}),
    ("POST", "/api/method/frappe.client.get_list", {"doctype": {"$gt": ""}}),
    ("GET", "/api/method/frappe.client.get_list", {}),
]
NAMES = [
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..\\..\\windows",
    "x%00y",
    "' OR '1'='1",
    "a" * 5000,
]
BODIES = [
    (b"{not json", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b'"a string"', "application/json"),
    (b'{"customer": ["Acme"]}', "application/json"),
    (b'{"customer": "Acme", "priority": "lots"}', "application/json"),
    (b'{"customer": "Acme", "discount": 1e999}', "application/json"),
    (b'{"customer": "Acme", "discount": NaN}', "application/json"),
    (b'{"customer": "Acme", "order_date": "31/31/2024"}', "application/json"),
    (b'{"customer": "Acme", "items": "not a list"}', "application/json"),
    (b'{"customer": "Acme", "items": [1]}', "application/json"),
    (b'{"customer": "Acme", "no_such_field": 1}', "application/json"),
    (b'{"customer": "Acme", "docstatus": "x"}', "application/json"),
    (b'{"customer": "Acme", "owner": "Administrator", "secret_note": "x"}', "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    (b"customer=Acme", "text/plain"),
    (b"{" * 100_000, "application/json"),
    (b'{"doc": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "application/json"),
    (b'{"customer": "Ac\\u0000me"}', "application/json"),
]


def _orders_as_stored(world):
    return raw_rows(world, "tabTest Order"), raw_rows(world, "tabTest Order Item")


def _assert_client_error(response, what):
    assert 400 <= response.status_code < 500, f"{what}: {response.status_code} {response.text[:300]}"
    if response.status_code != 404 or response.headers.get("content-type", "").startswith("application/json"):
        assert response.json()["message"], what


@pytest.fixture
def stored(world):
    w, _ = world
    before = _orders_as_stored(w)
    yield
    assert _orders_as_stored(w) == before


@pytest.mark.parametrize("params", LIST_PARAMS, ids=lambda p: str(p)[:60])
def test_list_parameters(world, as_user, stored, params):
    for path in (ORDERS, LIST):
        query = {**params, "doctype": "Test Order"} if path == LIST else params
        _assert_client_error(as_user(A).get(path, params=query), f"{path} {params}")


@pytest.mark.parametrize(("method", "path", "args"), METHOD_CALLS, ids=lambda v: str(v)[:50])
def test_method_arguments(world, as_user, stored, method, path, args):
    client = as_user(A)
    response = client.get(path, params=args) if method == "GET" else client.post(path, json=args)
    _assert_client_error(response, f"{path} {args}")


def test_values_are_only_values(world, as_user, stored):
    """Injection text as a filter value or a search text is compared as text: 200, no rows."""
    client = as_user(A)
    for text in ("' OR '1'='1", "%' OR 1=1 --", 'x" OR "1"="1', "1; DELETE FROM `tabTest Order`"):
        response = client.get(ORDERS, params={"filters": json.dumps([["name", "like", text]])})
        assert response.json() == {"data": []}
        count = client.get(
            "/api/method/frappe.client.get_count", params={"doctype": "Test Order", "filters": json.dumps({"customer": text})}
        )
        assert count.json() == {"message": 0}
        found = client.get("/api/method/lowcode.client.search_link", params={"doctype": "Test Order", "txt": text})
        assert found.json() == {"message": []}


@pytest.mark.parametrize("name", NAMES, ids=lambda n: n[:30])
def test_names(world, as_user, stored, name):
    client = as_user(A)
    for method in ("GET", "PUT", "DELETE"):
        response = client.request(method, f"{ORDERS}/{name}", json={"status": "Closed"} if method == "PUT" else None)
        _assert_client_error(response, f"{method} {name}")
    _assert_client_error(client.get(f"/api/resource/{name}"), f"doctype {name}")


@pytest.mark.parametrize(("body", "content_type"), BODIES, ids=lambda v: str(v)[:30])
def test_bodies(world, as_user, stored, body, content_type):
    client = as_user(A)
    order = world[0].orders["order_a"]
    for method, path in (("POST", ORDERS), ("PUT", f"{ORDERS}/{order}"), ("POST", "/api/method/frappe.client.insert")):
        response = client.request(method, path, content=body, headers={"content-type": content_type})
        _assert_client_error(response, f"{method} {path} {body[:40]!r}")


def test_oversized_body(world, as_user, stored):
    limit = int(world[0].site.get("max_request_size"))
    response = as_user(A).post(ORDERS, content=b" " * (limit + 1), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["exc_type"] == "RequestTooLarge"


def test_unknown_doctype_and_host(world, as_user, stored):
    client = as_user(A)
    response = client.get("/api/resource/No Such Type")
    assert response.status_code == 404 and "does not exist" in response.json()["message"]
    assert client.get("/api/resource/Test Order", params={"fields": '["no_such_field"]'}).status_code == 417
