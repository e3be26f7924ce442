"""One transaction per operation: a failure anywhere leaves nothing behind, a stale save is a
conflict that changes nothing, and the object that failed can be corrected and saved again."""

from __future__ import annotations

from decimal import Decimal

import pytest

import lowcode
from lowcode.context import site_context
from lowcode.exceptions import MandatoryError, TimestampMismatchError, ValidationError
from lowcode.model.naming import current_value
from tests.platform.helpers import count_rows
from tests.platform.testapp.doctype.test_order.test_order import BoomError

SERIES_KEY_PREFIX = "TO-"


def make_order(**values: object) -> lowcode.Document:
    if not lowcode.exists("Test Customer", "Acme"):
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    values.setdefault("items", [{"item_name": "Chair", "qty": 1, "rate": 10}])
    return lowcode.new_doc("Test Order", customer="Acme", **values)


def series_key() -> str:
    return f"TO-{lowcode.now().year}-"


def test_failing_controller_on_insert_leaves_nothing(sctx) -> None:
    make_order().insert()
    counter = current_value(series_key())
    doc = make_order(notes="explode", items=[{"item_name": "A", "qty": 1}, {"item_name": "B", "qty": 2}])
    with pytest.raises(BoomError):
        doc.insert()
    assert count_rows("Test Order") == 1
    assert count_rows("Test Order Item") == 1
    assert current_value(series_key()) == counter  # the number is given back
    assert doc.is_new() and doc.name is None


def test_failing_controller_on_save_leaves_the_stored_document_and_no_version(sctx) -> None:
    doc = make_order().insert()
    versions = count_rows("Version")
    stored = lowcode.get_doc("Test Order", doc.name).as_dict()
    doc.notes = "explode"
    doc.remarks = "should not stay"
    doc.append("items", {"item_name": "Extra", "qty": 5, "rate": 1})
    with pytest.raises(BoomError):
        doc.save()
    assert lowcode.get_doc("Test Order", doc.name).as_dict() == stored
    assert count_rows("Test Order Item") == 1
    assert count_rows("Version") == versions


def test_the_same_object_can_be_saved_again_after_a_failed_save(sctx) -> None:
    doc = make_order().insert()
    loaded_modified = doc.modified
    doc.discount = 10  # needs a reason
    with pytest.raises(MandatoryError):
        doc.save()
    assert doc.modified == loaded_modified
    doc.discount_reason = "Loyal customer"
    doc.save()
    assert lowcode.get_value("Test Order", doc.name, "discount") == Decimal("10.00")
    assert doc.modified > loaded_modified


def test_the_same_object_can_be_inserted_again_after_a_failed_insert(sctx) -> None:
    doc = make_order(discount=5)
    with pytest.raises(MandatoryError):
        doc.insert()
    doc.discount_reason = "Promotion"
    doc.insert()
    assert lowcode.get_value("Test Order", doc.name, "discount_reason") == "Promotion"


def test_a_failed_submit_leaves_a_draft_that_can_be_submitted(sctx) -> None:
    doc = make_order().insert()
    doc.discount = 3
    with pytest.raises(MandatoryError):
        doc.submit()
    assert doc.docstatus == 0
    assert lowcode.get_value("Test Order", doc.name, "docstatus") == 0
    doc.discount_reason = "Fair"
    doc.submit()
    assert lowcode.get_value("Test Order", doc.name, "docstatus") == 1


def test_stale_save_in_one_unit_is_a_conflict(sctx) -> None:
    first = make_order().insert()
    second = lowcode.get_doc("Test Order", first.name)
    first.remarks = "first"
    first.save()
    second.remarks = "second"
    with pytest.raises(TimestampMismatchError, match="after you opened it"):
        second.save()
    assert lowcode.get_value("Test Order", first.name, "remarks") == "first"


def test_stale_save_from_another_connection_changes_nothing(site) -> None:
    with site_context(site) as ctx:
        name = make_order().insert().name
        ctx.db.commit()
    with site_context(site) as ctx_a:
        mine = lowcode.get_doc("Test Order", name)
    with site_context(site, user="Administrator") as ctx_b:
        theirs = lowcode.get_doc("Test Order", name)
        theirs.remarks = "theirs"
        theirs.save()
        ctx_b.db.commit()
    with site_context(site) as ctx_a:
        mine.remarks = "mine"
        mine.items[0].qty = 9
        with pytest.raises(TimestampMismatchError) as info:
            mine.save()
        assert info.value.doctype == "Test Order" and info.value.name == name
        ctx_a.db.commit()
    with site_context(site):
        stored = lowcode.get_doc("Test Order", name)
        assert stored.remarks == "theirs"
        assert stored.items[0].qty == 1


def test_a_bad_modified_value_is_a_validation_error(sctx) -> None:
    doc = make_order().insert()
    doc.modified = "yesterday"
    with pytest.raises(ValidationError, match="'modified' must be the timestamp"):
        doc.save()


def test_a_failure_as_the_first_write_of_a_unit_undoes_only_itself(site) -> None:
    with site_context(site) as ctx:
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
        ctx.db.commit()  # a job committing document by document: the next insert opens a transaction
        assert not ctx.db.in_transaction
        with pytest.raises(BoomError):
            make_order(notes="explode").insert()  # opens the transaction itself
        kept = make_order().insert()  # the unit goes on
        ctx.db.commit()
    with site_context(site):
        assert lowcode.get_all("Test Order", pluck="name") == [kept.name]
        assert lowcode.exists("Test Customer", "Acme")
        assert count_rows("Test Order Item") == 1
        assert current_value(series_key()) == 1
