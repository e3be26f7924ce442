"""Child tables: rows are inserted, updated, deleted and reordered with their parent."""

from __future__ import annotations

from decimal import Decimal

import pytest

import lowcode
from lowcode.exceptions import ValidationError
from tests.platform.helpers import count_rows


def new_order(*items: tuple[str, int]) -> lowcode.Document:
    if not lowcode.exists("Test Customer", "Acme"):
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    rows = [{"item_name": name, "qty": qty, "rate": 1} for name, qty in items]
    return lowcode.new_doc("Test Order", customer="Acme", items=rows).insert()


def stored_items(name: str) -> list[tuple[str, int, Decimal]]:
    doc = lowcode.get_doc("Test Order", name)
    return [(row.item_name, row.idx, row.qty) for row in doc.items]


def test_rows_are_stored_with_their_parent(sctx) -> None:
    doc = new_order(("A", 1), ("B", 2))
    assert stored_items(doc.name) == [("A", 1, 1), ("B", 2, 2)]
    row = lowcode.get_doc("Test Order", doc.name).items[0]
    assert (row.parent, row.parenttype, row.parentfield) == (doc.name, "Test Order", "items")
    assert row.name and row.owner == "Administrator"


def test_update_delete_add_and_reorder_rows_in_one_save(sctx) -> None:
    doc = new_order(("A", 1), ("B", 2), ("C", 3))
    keep_names = {row.item_name: row.name for row in doc.items}
    doc.items[0].qty = 10  # update A
    del doc.items[1]  # delete B
    doc.append("items", {"item_name": "D", "qty": 4, "rate": 1})  # add D
    doc.items.reverse()  # reorder: D, C, A
    doc.save()
    assert stored_items(doc.name) == [("D", 1, 4), ("C", 2, 3), ("A", 3, 10)]
    names = {row.item_name: row.name for row in lowcode.get_doc("Test Order", doc.name).items}
    assert names["A"] == keep_names["A"] and names["C"] == keep_names["C"]
    assert count_rows("Test Order Item") == 3
    assert lowcode.get_value("Test Order", doc.name, "total") == Decimal("17.00")


def test_clearing_the_table_deletes_every_row(sctx) -> None:
    doc = new_order(("A", 1), ("B", 2))
    doc.items = []
    doc.save()
    assert stored_items(doc.name) == []
    assert count_rows("Test Order Item") == 0


def test_deleting_the_parent_deletes_its_rows(sctx) -> None:
    doc = new_order(("A", 1))
    new_order(("Z", 1))
    lowcode.delete_doc("Test Order", doc.name)
    assert count_rows("Test Order Item") == 1


def test_a_bad_row_names_the_row_and_writes_nothing(sctx) -> None:
    doc = new_order(("A", 1))
    doc.append("items", {"item_name": "B", "qty": "many"})
    with pytest.raises(ValidationError, match="Row 2 of Items: Quantity"):
        doc.save()
    assert stored_items(doc.name) == [("A", 1, 1)]


def test_a_new_row_cannot_take_another_documents_row_name(sctx) -> None:
    first = new_order(("A", 1))
    second = new_order(("B", 1))
    stolen = first.items[0].name
    second.append("items", {"name": stolen, "item_name": "X", "qty": 1})
    with pytest.raises(lowcode.exceptions.DuplicateEntryError, match="leave the name of new rows empty"):
        second.save()
    assert stored_items(first.name) == [("A", 1, 1)]


def test_append_to_a_field_that_is_not_a_table(sctx) -> None:
    doc = lowcode.new_doc("Test Order")
    with pytest.raises(ValidationError, match="Test Order has no table field 'customer'"):
        doc.append("customer", {})
