"""Every write path on a document the user may not change → 401/403, and the stored rows unchanged.

The rows are read back with SQLAlchemy directly, before and after each attempt.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.world import GUEST, MANAGER, A, B, World, raw_count, raw_rows

ORDER = "/api/resource/Test Order/{name}"
METHOD = "/api/method/"


def _stored(world: World, name: str) -> dict[str, Any]:
    """The order's row and its item rows, as the database holds them."""
    return {"row": raw_rows(world, "tabTest Order", name=name), "items": raw_rows(world, "tabTest Order Item", parent=name)}


def _attempts(name: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    """(HTTP method, path, JSON body) of every way to change or remove a Test Order."""
    doc = {"doctype": "Test Order", "name": name}
    return [
        ("PUT", ORDER.format(name=name), {"status": "Closed"}),
        ("PUT", ORDER.format(name=name), {"docstatus": 1}),
        ("DELETE", ORDER.format(name=name), None),
        ("POST", METHOD + "frappe.client.set_value", {"doctype": "Test Order", "name": name, "fieldname": "status", "value": "Closed"}),
        ("POST", METHOD + "frappe.client.save", {"doc": {**doc, "status": "Closed"}}),
        ("POST", METHOD + "frappe.client.submit", {"doc": doc}),
        ("POST", METHOD + "frappe.client.cancel", {"doctype": "Test Order", "name": name}),
        ("POST", METHOD + "frappe.client.delete", {"doctype": "Test Order", "name": name}),
        ("POST", METHOD + "lowcode.share.add", {"doctype": "Test Order", "name": name, "user": A, "read": 1, "write": 1}),
        ("POST", METHOD + "lowcode.share.remove", {"doctype": "Test Order", "name": name, "user": B}),
    ]


#: (actor, the order they try to change): someone else's, or one shared with them read-only
TARGETS = [
    (GUEST, "order_a"),
    (A, "order_b"),
    (A, "order_b_submitted"),
    (A, "order_admin"),
    (B, "order_a"),
    (B, "order_shared"),
]


@pytest.mark.parametrize(("actor", "target"), TARGETS)
def test_refused_and_unchanged(world, as_user, actor, target):
    w, _ = world
    name = w.orders[target]
    client = as_user(actor)
    for method, path, body in _attempts(name):
        before = _stored(w, name)
        response = client.request(method, path, json=body)
        if name in w.visible_orders(actor) and response.json().get("exc_type") == "DocstatusTransitionError":
            continue  # cancelling a draft one may read: the state is refused before the right, nothing leaks
        assert response.status_code == (401 if actor == GUEST else 403), f"{method} {path} {body}: {response.text}"
        assert response.json()["message"]
        assert _stored(w, name) == before, f"{method} {path} changed the row"


@pytest.mark.parametrize("actor", [A, B, MANAGER])
def test_level_1_value_refused_on_insert_and_update(world, as_user, actor):
    """Nobody below the level-1 write right sets secret_note: not on a new order, not on one they may edit."""
    w, _ = world
    client = as_user(actor)
    count = raw_count(w, "tabTest Order")
    response = client.post("/api/resource/Test Order", json={"customer": "Acme", "secret_note": "mine"})
    assert response.status_code == 403
    assert "Secret Note" in response.json()["message"]
    assert raw_count(w, "tabTest Order") == count
    own = w.orders["order_b" if actor == B else "order_a"]
    before = _stored(w, own)
    for method, path, body in [
        ("PUT", ORDER.format(name=own), {"secret_note": "changed"}),
        (
            "POST",
            METHOD + "frappe.client.set_value",
            {"doctype": "Test Order", "name": own, "fieldname": "secret_note", "value": "changed"},
        ),
    ]:
        response = client.request(method, path, json=body)
        assert response.status_code == 403, response.text
        assert response.json()["fields"] == ["Secret Note"]
    assert _stored(w, own) == before


def test_notes_of_others_refused(world, as_user):
    w, _ = world
    note = w.notes["note_b"]
    client = as_user(A)
    for method, body in [("PUT", {"title": "mine now"}), ("DELETE", None)]:
        response = client.request(method, f"/api/resource/Test Note/{note}", json=body)
        assert response.status_code == 403
    assert client.post(METHOD + "lowcode.share.add", json={"doctype": "Test Note", "name": note, "user": A}).status_code == 403
    assert raw_count(w, "tabTest Note") == 2


def test_row_of_another_document_cannot_be_taken(world, as_user):
    """Naming B's item row in A's own order neither moves nor changes it (409)."""
    w, _ = world
    theirs, mine = w.orders["order_b"], w.orders["order_a"]
    before_theirs, before_mine = _stored(w, theirs), _stored(w, mine)
    row = before_theirs["items"][0]["name"]
    response = as_user(A).put(ORDER.format(name=mine), json={"items": [{"name": row, "item_name": "taken", "qty": 1, "rate": 1}]})
    assert response.status_code == 409, response.text
    assert (_stored(w, theirs), _stored(w, mine)) == (before_theirs, before_mine)


def test_privileged_records_refused(world, as_user):
    """A clerk cannot create users, give themselves roles, write permission rules or shares directly."""
    w, _ = world
    client = as_user(A)
    counts = {t: raw_count(w, t) for t in ("tabUser", "tabHas Role", "tabCustom DocPerm", "tabDocShare")}
    for doc in [
        {"doctype": "User", "email": "evil@sec.test", "first_name": "Evil", "roles": [{"role": "System Manager"}]},
        {"doctype": "Has Role", "parent": A, "parenttype": "User", "parentfield": "roles", "role": "System Manager"},
        {"doctype": "Custom DocPerm", "doc_type": "Test Order", "role": "Test Clerk", "read": 1},
        {"doctype": "DocShare", "share_doctype": "Test Order", "share_name": w.orders["order_b"], "user": A, "read": 1},
    ]:
        response = client.post(METHOD + "frappe.client.insert", json={"doc": doc})
        assert response.status_code in (403, 417), response.text
    assert client.put(f"/api/resource/User/{A}", json={"roles": [{"role": "System Manager"}]}).status_code == 403
    assert {t: raw_count(w, t) for t in counts} == counts
