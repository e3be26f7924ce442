"""lowcode.web.desk.refresh.refresh: live state computed on the server, never written."""

from __future__ import annotations

import json

import pytest

import lowcode
from lowcode.exceptions import PermissionError, ValidationError
from lowcode.web.desk.refresh import refresh


def _doc(**values):
    return json.dumps({"customer": "Acme", **values})


def test_live_total_and_fetch_from_without_writing(as_user) -> None:
    def run():
        before = lowcode.get_count("Test Order")
        state = refresh("Test Order", _doc(items=[{"item_name": "A", "qty": 3, "rate": "12.5"}, {"item_name": "B", "qty": 1, "rate": 100}]))
        assert lowcode.get_count("Test Order") == before
        return state

    state = as_user("Administrator", run)
    assert state["values"]["total"] == 137.5
    assert [r["amount"] for r in state["values"]["items"]] == [37.5, 100]
    assert state["formatted"]["total"] == "€137.50"
    assert state["values"]["customer_email"] == "info@acme.example"
    assert state["errors"] == [] and state["message"] is None


def test_mandatory_depends_on_follows_the_values(as_user) -> None:
    with_discount = as_user("Administrator", lambda: refresh("Test Order", _doc(discount=5)))
    without = as_user("Administrator", lambda: refresh("Test Order", _doc(discount=0)))
    assert "discount_reason" in with_discount["mandatory"]
    assert "discount_reason" not in without["mandatory"]
    assert "customer" in without["mandatory"]


def test_depends_on_hides_live_and_unsafe_expressions_are_refused(desk_site, as_user) -> None:
    with lowcode.site_context(desk_site) as ctx:
        lowcode.new_doc("Property Setter", doctype_or_field="DocField", doc_type="Test Order", field_name="notes",
                        property="depends_on", value="eval:doc.status == 'Closed'").insert()  # fmt: skip
        ctx.db.commit()
        with pytest.raises(ValidationError):
            lowcode.new_doc("Property Setter", doctype_or_field="DocField", doc_type="Test Order", field_name="remarks",
                            property="depends_on", value="__import__('os').system('true')").insert()  # fmt: skip
    open_state = as_user("Administrator", lambda: refresh("Test Order", _doc(status="Open")))
    closed_state = as_user("Administrator", lambda: refresh("Test Order", _doc(status="Closed")))
    assert "notes" in open_state["hidden"] and "notes" not in closed_state["hidden"]
    assert "remarks" not in open_state["hidden"] and "remarks" not in closed_state["hidden"]


def test_coercion_problems_are_reported_not_raised(as_user) -> None:
    state = as_user("Administrator", lambda: refresh("Test Order", _doc(discount="lots")))
    assert state["errors"] and state["errors"][0]["fieldname"] == "discount"


def test_submitted_document_is_read_only_except_allow_on_submit(desk_site, as_user) -> None:
    with lowcode.site_context(desk_site) as ctx:
        name = lowcode.get_all("Test Order", filters={"status": "Closed"}, pluck="name")[0]
        lowcode.get_doc("Test Order", name).submit()
        ctx.db.commit()
    state = as_user("Administrator", lambda: refresh("Test Order", json.dumps({"name": name})))
    assert "status" in state["read_only"] and "remarks" not in state["read_only"]
    assert "note" not in state["rows"]["items"][0]["read_only"] and "qty" in state["rows"]["items"][0]["read_only"]


def test_a_user_cannot_refresh_a_document_they_may_not_read(desk_site, as_user) -> None:
    with lowcode.site_context(desk_site):
        foreign = lowcode.get_all("Test Order", filters={"owner": "clerk@example.com"}, pluck="name")[0]
    with pytest.raises(PermissionError):
        as_user("clerk2@example.com", lambda: refresh("Test Order", json.dumps({"name": foreign})))
    state = as_user("clerk@example.com", lambda: refresh("Test Order", json.dumps({"name": foreign})))
    assert "secret_note" not in state["values"]
