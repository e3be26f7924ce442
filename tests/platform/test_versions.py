"""Version records: field-level diffs of tracked doctypes, child rows included."""

from __future__ import annotations

import json
from typing import Any

import lowcode


def versions(doctype: str, name: str) -> list[dict[str, Any]]:
    rows = lowcode.get_all("Version", filters={"ref_doctype": doctype, "docname": name}, fields=["data"], order_by="creation asc")
    return [json.loads(row["data"]) for row in rows]


def test_field_and_row_changes_are_recorded(sctx) -> None:
    lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    doc = lowcode.new_doc("Test Order", customer="Acme", items=[{"item_name": "A", "qty": 1, "rate": 2}, {"item_name": "B", "qty": 1}])
    doc.insert()
    assert versions("Test Order", doc.name) == []
    doc.remarks = "urgent"
    doc.items[0].qty = 3  # row changed
    row_b = doc.items.pop(1)  # row removed
    doc.append("items", {"item_name": "C", "qty": 2, "rate": 1})  # row added
    doc.save()
    [data] = versions("Test Order", doc.name)
    assert ["remarks", None, "urgent"] in data["changed"]
    assert ["total", 2.0, 8.0] in data["changed"]
    [(table, idx, row_name, changes)] = data["row_changed"]
    assert (table, idx, row_name) == ("items", 1, doc.items[0].name)
    assert ["qty", 1.0, 3.0] in changes
    assert ["amount", 2.0, 6.0] in changes
    [(table, added)] = data["added"]
    assert table == "items" and added["item_name"] == "C"
    [(table, removed)] = data["removed"]
    assert table == "items" and removed["item_name"] == "B" and removed["name"] == row_b.name


def test_a_save_without_changes_writes_no_version(sctx) -> None:
    note = lowcode.new_doc("Test Note", title="Hello").insert()
    note.save()
    assert versions("Test Note", note.name) == []
    note.title = "Hello again"
    note.save()
    assert versions("Test Note", note.name) == [
        {"changed": [["title", "Hello", "Hello again"]], "added": [], "removed": [], "row_changed": []}
    ]


def test_untracked_doctypes_have_no_versions(sctx) -> None:
    doc = lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    doc.territory = "Spain"
    doc.save()
    assert versions("Test Customer", "Acme") == []


def test_versions_go_when_the_document_is_deleted(sctx) -> None:
    note = lowcode.new_doc("Test Note", title="One").insert()
    note.title = "Two"
    note.save()
    lowcode.delete_doc("Test Note", note.name)
    assert versions("Test Note", note.name) == []
