"""Every read path for five users, over HTTP: the exact documents and fields each one sees.

Guest gets 401 everywhere; clerks see their own orders (owner, assignee, share) without
the level-1 `secret_note`; the manager and Administrator see every order, with it.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.security.world import ADMIN, GUEST, LEVEL_1_READERS, MANAGER, USERS, A, B

ORDER = "/api/resource/Test Order"
METHOD = "/api/method/"
pytestmark = pytest.mark.parametrize("user", USERS)


def _message(response):
    assert response.status_code == 200, response.text
    return response.json()["message"]


def _refused(response, user):
    """Guest is asked to log in (401); a logged-in user is refused (403). Always JSON."""
    assert response.status_code == (401 if user == GUEST else 403), response.text
    assert response.json()["message"]


def test_list(world, as_user, user):
    w, _ = world
    response = as_user(user).get(ORDER, params={"fields": '["name", "customer", "secret_note"]', "limit": 100})
    if user == GUEST:
        _refused(response, user)
        return
    rows = response.json()["data"]
    assert {r["name"] for r in rows} == w.visible_orders(user)
    expected = {"name", "customer", "secret_note"} if user in LEVEL_1_READERS else {"name", "customer"}
    assert all(set(r) == expected for r in rows)


def test_list_star_and_child_rows(world, as_user, user):
    w, _ = world
    client = as_user(user)
    star = client.get(ORDER, params={"fields": '["*"]', "limit": 100})
    items = client.get(
        METHOD + "frappe.client.get_list",
        params={"doctype": "Test Order Item", "parent": "Test Order", "fields": '["parent", "item_name"]', "limit": 100},
    )
    if user == GUEST:
        _refused(star, user)
        _refused(items, user)
        return
    assert {r["name"] for r in star.json()["data"]} == w.visible_orders(user)
    assert all(("secret_note" in r) == (user in LEVEL_1_READERS) for r in star.json()["data"])
    assert {r["parent"] for r in _message(items)} == w.visible_orders(user)


def test_get_each_document(world, as_user, user):
    w, _ = world
    client = as_user(user)
    for name in w.orders.values():
        response = client.get(f"{ORDER}/{name}")
        if name not in w.visible_orders(user):
            _refused(response, user)
            continue
        data = response.json()["data"]
        assert data["name"] == name
        assert ("secret_note" in data) == (user in LEVEL_1_READERS)
        via_method = _message(client.get(METHOD + "frappe.client.get", params={"doctype": "Test Order", "name": name}))
        assert ("secret_note" in via_method) == (user in LEVEL_1_READERS)


def test_count(world, as_user, user):
    w, _ = world
    response = as_user(user).get(METHOD + "frappe.client.get_count", params={"doctype": "Test Order"})
    if user == GUEST:
        _refused(response, user)
        return
    assert _message(response) == len(w.visible_orders(user))


def test_get_value(world, as_user, user):
    w, _ = world
    client = as_user(user)
    for name in w.orders.values():
        response = client.get(
            METHOD + "frappe.client.get_value", params={"doctype": "Test Order", "fieldname": "customer", "filters": name}
        )
        if user == GUEST:
            _refused(response, user)
            return
        assert _message(response) == ({"customer": "Acme"} if name in w.visible_orders(user) else None)
        secret = client.get(
            METHOD + "frappe.client.get_value", params={"doctype": "Test Order", "fieldname": '["secret_note"]', "filters": name}
        )
        if user in LEVEL_1_READERS:
            assert _message(secret)["secret_note"].endswith("(revised)")
        else:
            _refused(secret, user)


def test_filters_cannot_reach_other_rows(world, as_user, user):
    w, _ = world
    client = as_user(user)
    for name in w.orders.values():
        response = client.get(ORDER, params={"filters": f'[["name", "=", "{name}"]]', "or_filters": '[["owner", "is", "set"]]'})
        if user == GUEST:
            _refused(response, user)
            return
        assert [r["name"] for r in response.json()["data"]] == ([name] if name in w.visible_orders(user) else [])
    by_secret = client.get(ORDER, params={"filters": '[["secret_note", "like", "%alpha%"]]'})
    if user in LEVEL_1_READERS:
        assert [r["name"] for r in by_secret.json()["data"]] == [w.orders["order_a"]]
    else:
        _refused(by_secret, user)


def test_search_link(world, as_user, user):
    w, _ = world
    response = as_user(user).get(METHOD + "lowcode.client.search_link", params={"doctype": "Test Order", "txt": "", "page_length": 50})
    if user == GUEST:
        _refused(response, user)
        return
    assert {r["value"] for r in _message(response)} == w.visible_orders(user)


def test_group_by_aggregates(world, as_user, user):
    w, _ = world
    client = as_user(user)
    response = client.get(
        ORDER, params={"fields": '["status", "docstatus", "count(name) as n", "sum(total) as amount"]', "group_by": "status, docstatus"}
    )
    secret_groups = client.get(ORDER, params={"fields": '["count(*) as n"]', "group_by": "secret_note"})
    if user == GUEST:
        _refused(response, user)
        _refused(secret_groups, user)
        return
    groups = {(r["status"], r["docstatus"]): (r["n"], float(r["amount"])) for r in response.json()["data"]}
    visible = w.visible_orders(user)
    submitted = int(w.orders["order_b_submitted"] in visible)
    expected = {("Open", 0): (len(visible) - submitted, 10.0 * (len(visible) - submitted))}
    if submitted:
        expected[("Open", 1)] = (1, 10.0)
    assert groups == expected
    if user in LEVEL_1_READERS:
        assert sum(r["n"] for r in secret_groups.json()["data"]) == len(visible)
    else:
        _refused(secret_groups, user)


def test_export(world, as_user, user):
    w, _ = world
    response = as_user(user).get(METHOD + "lowcode.client.export", params={"doctype": "Test Order", "fields": '["name", "secret_note"]'})
    if user in (GUEST, A, B):  # clerks have no export right
        _refused(response, user)
        return
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["name"] for r in rows} == w.visible_orders(user)
    assert all(r["secret_note"].endswith("(revised)") for r in rows)


def test_export_own_only_right(world, as_user, user):
    """With export granted on own documents only, the file holds only those rows."""
    w, _ = world
    response = as_user(user).get(METHOD + "lowcode.client.export", params={"doctype": "Test Note", "file_format": "Excel"})
    if user in (GUEST, A, B):
        _refused(response, user)
        return
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == w.visible_notes(user)


def test_timeline(world, as_user, user):
    w, _ = world
    client = as_user(user)
    for name in w.orders.values():
        response = client.get(METHOD + "lowcode.client.get_timeline", params={"doctype": "Test Order", "name": name})
        if name not in w.visible_orders(user):
            _refused(response, user)
            continue
        entries = _message(response)
        assert {e["type"] for e in entries} == {"Version", "Comment"}
        assert [e["content"] for e in entries if e["type"] == "Comment"] == [f"comment on {name}"]
        changed = {c[0] for e in entries if e["type"] == "Version" for c in e["data"]["changed"]}
        assert changed == ({"status", "secret_note"} if user in LEVEL_1_READERS else {"status"})


def test_attachments(world, as_user, user):
    w, _ = world
    client = as_user(user)
    for key in ("order_a", "order_b", "order_admin"):
        name = w.orders[key]
        response = client.get(METHOD + "lowcode.client.get_attachments", params={"doctype": "Test Order", "name": name})
        if name not in w.visible_orders(user):
            _refused(response, user)
            continue
        expected = {w.files[key]} if key in w.files else set()
        assert {f["name"] for f in _message(response)} == expected


def test_get_meta_fields(world, as_user, user):
    response = as_user(user).get(METHOD + "lowcode.client.get_meta", params={"doctype": "Test Order"})
    if user == GUEST:
        _refused(response, user)
        return
    fields = {f["fieldname"] for f in _message(response)["fields"]}
    assert "customer" in fields
    assert ("secret_note" in fields) == (user in LEVEL_1_READERS)


def test_openapi_schema_fields(world, as_user, user):
    response = as_user(user).get("/api/openapi.json")
    assert response.status_code == 200
    schemas = response.json()["components"]["schemas"]
    if user == GUEST:
        assert "Test_Order" not in schemas
        assert "/api/resource/Test Order" not in response.json()["paths"]
        return
    properties = set(schemas["Test_Order"]["properties"])
    assert "customer" in properties
    assert ("secret_note" in properties) == (user in LEVEL_1_READERS)


def test_notes_own_only(world, as_user, user):
    w, _ = world
    response = as_user(user).get("/api/resource/Test Note", params={"limit": 100})
    if user == GUEST:
        _refused(response, user)
        return
    assert {r["name"] for r in response.json()["data"]} == w.visible_notes(user)


def test_docshare_records_stay_private(world, as_user, user):
    """The share list itself is System Manager data: clerks cannot list who sees what."""
    response = as_user(user).get("/api/resource/DocShare", params={"fields": '["share_name", "user"]'})
    if user == ADMIN:
        assert len(response.json()["data"]) == 1
    else:
        _refused(response, user)


def test_users_see_no_secrets_of_others(world, as_user, user):
    response = as_user(user).get(
        METHOD + "frappe.client.get_list", params={"doctype": "User", "fields": '["name", "api_key"]', "limit": 100}
    )
    if user == GUEST:
        _refused(response, user)
        return
    rows = _message(response)
    if user == ADMIN:
        assert {r["name"] for r in rows} >= {A, B, MANAGER} and all("api_key" in r for r in rows)
    else:
        assert all("api_key" not in r for r in rows)
