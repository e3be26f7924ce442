"""lowcode.model.bulk: batched inserts keep naming, defaults, child rows, mandatory checks and the create right."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

import lowcode
from lowcode.context import local
from lowcode.exceptions import MandatoryError, PermissionError
from lowcode.model.bulk import insert_many, set_values


def _orders(n: int, **extra):
    return [{"customer": "Acme", "items": [{"item_name": f"item {i}", "qty": i + 1}], **extra} for i in range(n)]


def test_names_children_defaults_and_history(ctx):
    lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    single = lowcode.new_doc("Test Order", customer="Acme").insert().name
    created = dt.datetime(2025, 3, 4, 10, 30)
    batches: list[int] = []
    names = insert_many("Test Order", _orders(7, owner="someone@example.com", creation=created), batch_size=3, on_batch=batches.append)
    after = lowcode.new_doc("Test Order", customer="Acme").insert().name
    numbers = [int(n.rsplit("-", 1)[1]) for n in [single, *names, after]]
    assert numbers == list(range(numbers[0], numbers[0] + 9)) and batches == [3, 3, 1]
    doc = lowcode.get_doc("Test Order", names[2])
    assert (doc.owner, doc.creation, doc.modified, doc.naming_series) == ("someone@example.com", created, created, "TO-.YYYY.-.#####")
    assert [(r.item_name, r.qty, r.idx, r.parent) for r in doc.items] == [("item 2", 3, 1, names[2])]
    assert doc.status == "Draft"  # the field default
    set_values("Test Order", {names[0]: {"status": "Closed"}})
    assert lowcode.get_value("Test Order", names[0], "status") == "Closed"


def test_a_child_row_name_drawn_twice_is_drawn_again(ctx, monkeypatch):
    from lowcode.model import naming

    lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    first = insert_many("Test Order", _orders(2))
    taken = lowcode.get_all("Test Order Item", pluck="name", parent_doctype="Test Order", filters={"parent": first[1]})[0]
    drawn = iter([taken])
    monkeypatch.setattr(naming, "make_hash", lambda: next(drawn, None) or secrets.token_hex(5))
    names = insert_many("Test Order", _orders(3))
    items = lowcode.get_all("Test Order Item", fields=["name", "parent"], parent_doctype="Test Order", limit=0)
    assert len(items) == 5 and len({i["name"] for i in items}) == 5
    assert sorted(i["parent"] for i in items if i["parent"] in names) == sorted(names)


def test_a_bad_row_leaves_nothing_of_its_batch(ctx):
    lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    rows = _orders(4)
    rows[3]["customer"] = None
    with pytest.raises(MandatoryError, match="Customer"):
        insert_many("Test Order", rows, batch_size=2)
    assert lowcode.get_count("Test Order", ignore_permissions=True) == 2
    assert lowcode.get_count("Test Order Item", parent_doctype="Test Order", ignore_permissions=True) == 2


def test_the_create_right_is_needed(ctx):
    lowcode.new_doc("User", email="nobody@example.com", first_name="Nobody").insert()
    local.user = "nobody@example.com"
    with pytest.raises(PermissionError, match="may not create Test Note"):
        insert_many("Test Note", [{"title": "x"}])
