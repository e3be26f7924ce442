"""Documents through the public API: new_doc, get_doc, get_list, get_value, set_value, delete_doc,
defaults, coercion, mandatory fields, unique values, Select options, fetch_from, title_field,
controllers and doc_events, comments. Every test runs in a unit of work that is rolled back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import lowcode
from lowcode.exceptions import DoesNotExistError, DuplicateEntryError, MandatoryError, ValidationError
from lowcode.model.validation import coerce_values
from tests.platform.helpers import count_rows
from tests.platform.testapp import events


def customer(name: str = "Acme", **values: object) -> lowcode.Document:
    return lowcode.new_doc("Test Customer", customer_name=name, **values).insert()


def order(**values: object) -> lowcode.Document:
    values.setdefault("customer", "Acme")
    values.setdefault("items", [{"item_name": "Chair", "qty": 2, "rate": "12.50"}])
    return lowcode.new_doc("Test Order", **values).insert()


def test_insert_get_list_value_set_value_delete(sctx) -> None:
    customer("Acme", email="info@acme.example", credit_limit="1000.5")
    customer("Globex", territory="Spain")
    doc = lowcode.get_doc("Test Customer", "Acme")
    assert doc.credit_limit == Decimal("1000.50")
    assert doc.owner == "Administrator" and doc.docstatus == 0 and isinstance(doc.modified, dt.datetime)
    rows = lowcode.get_list("Test Customer", fields=["name", "territory"], filters={"territory": "Spain"})
    assert rows == [{"name": "Globex", "territory": "Spain"}]
    assert lowcode.get_value("Test Customer", "Acme", "email") == "info@acme.example"
    assert lowcode.get_value("Test Customer", {"territory": "Spain"}, ["name", "territory"]) == ["Globex", "Spain"]
    lowcode.set_value("Test Customer", "Globex", "territory", "Madrid")
    assert lowcode.get_value("Test Customer", "Globex", "territory") == "Madrid"
    lowcode.delete_doc("Test Customer", "Globex")
    assert not lowcode.exists("Test Customer", "Globex")
    with pytest.raises(DoesNotExistError, match="Test Customer 'Globex' not found"):
        lowcode.get_doc("Test Customer", "Globex")
    assert lowcode.get_count("Test Customer") == 1


def test_defaults_are_filled(sctx) -> None:
    customer()
    doc = order()
    assert doc.status == "Draft"
    assert doc.order_date == dt.date.today()
    assert doc.naming_series == "TO-.YYYY.-.#####"
    assert doc.discount == 0


def test_values_are_coerced_per_fieldtype(sctx) -> None:
    customer()
    doc = order(priority="2", discount="5", discount_reason="  loyal  ", order_date="2026-03-01")
    doc = lowcode.get_doc("Test Order", doc.name)
    assert doc.priority == 2
    assert doc.discount == Decimal("5.00")
    assert doc.discount_reason == "loyal"
    assert doc.order_date == dt.date(2026, 3, 1)
    assert doc.items[0].qty == Decimal(2) and doc.total == Decimal("25.00")


def test_values_hooks_replace_are_coerced_again(sctx) -> None:
    doc = lowcode.new_doc("Test Order", discount="5", discount_reason=" loyal ", items=[{"item_name": "Chair", "qty": "2"}])
    first = coerce_values(doc)
    assert (doc.discount, doc.discount_reason, doc.items[0].qty) == (Decimal("5.00"), "loyal", Decimal(2))
    doc.discount_reason, doc.items[0].qty = "  regular  ", "3"  # what a validate hook might set
    coerce_values(doc, first)
    assert (doc.discount_reason, doc.items[0].qty) == ("regular", Decimal(3))
    doc.discount = "ten"
    with pytest.raises(ValidationError, match="Discount"):
        coerce_values(doc, first)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"order_date": "31/02/2026"}, "Order Date"),
        ({"priority": "lots"}, "Priority"),
        ({"discount": "ten"}, "Discount"),
        ({"status": "Lost"}, "Status"),
        ({"items": [{"item_name": "Chair", "qty": -1}]}, "Row 1 of Items: Quantity cannot be negative"),
    ],
)
def test_bad_values_name_the_doctype_and_field_and_write_nothing(sctx, values: dict[str, object], words: str) -> None:
    customer()
    with pytest.raises(ValidationError) as info:
        order(**values)
    assert info.value.message.startswith("New Test Order: ")
    assert words in info.value.message
    assert count_rows("Test Order") == 0
    assert count_rows("Test Order Item") == 0


def test_email_data_field_is_checked_and_normalised(sctx) -> None:
    assert customer(email="Info@Acme.Example").email == "info@acme.example"
    with pytest.raises(ValidationError, match="'not-an-email' is not a valid email address"):
        customer("Globex", email="not-an-email")


def test_reqd_fields_are_listed_in_one_error(sctx) -> None:
    with pytest.raises(MandatoryError) as info:
        lowcode.new_doc("Test Order", items=[{"rate": 3}]).insert()
    message = info.value.message
    assert "Customer is required" in message
    assert "Row 1 of Items: Item is required" in message
    assert "Row 1 of Items: Quantity" not in message  # numbers are 0, not empty
    assert set(info.value.data["missing"]) >= {"customer", "item_name"}


def test_mandatory_depends_on(sctx) -> None:
    customer()
    with pytest.raises(MandatoryError, match="Discount Reason is required"):
        order(discount=10)
    assert order(discount=10, discount_reason="Volume").discount_reason == "Volume"
    assert order(discount=0).discount_reason is None


def test_unique_field_names_the_other_record(sctx) -> None:
    customer("Acme", email="sales@acme.example")
    with pytest.raises(DuplicateEntryError) as info:
        customer("Acme Two", email="sales@acme.example")
    assert "Email 'sales@acme.example' is already used by Test Customer 'Acme'" in info.value.message
    assert not lowcode.exists("Test Customer", "Acme Two")


def test_duplicate_name_is_refused(sctx) -> None:
    customer("Acme")
    with pytest.raises(DuplicateEntryError, match="Test Customer 'Acme' already exists"):
        customer("Acme")


def test_fetch_from_fills_and_follows_the_link(sctx) -> None:
    customer("Acme", email="info@acme.example")
    customer("Globex", email="info@globex.example")
    doc = order()
    assert doc.customer_email == "info@acme.example"
    doc.customer = "Globex"
    doc.save()
    assert lowcode.get_value("Test Order", doc.name, "customer_email") == "info@globex.example"


def test_title_field_and_search_fields_come_from_the_metadata(sctx) -> None:
    meta = lowcode.get_meta("Test Customer")
    assert meta.title_field == "customer_name"
    assert meta.search_fields == "email"


def test_controller_and_doc_events_run_in_order(sctx) -> None:
    customer()
    events.CALLS.clear()
    doc = order(items=[{"item_name": "Desk", "qty": 3, "rate": 100}])
    assert doc.total == Decimal("300.00")  # the controller's validate
    calls = list(events.CALLS)
    assert calls == [(doc.name, "on_update")]  # the app's doc_events hook
    doc.remarks = "changed"
    doc.save()
    assert events.CALLS[-1] == (doc.name, "on_update")
    assert len(events.CALLS) == 2


def test_comments_belong_to_the_document_and_go_with_it(sctx) -> None:
    doc = customer()
    doc.add_comment("Comment", "Called them today")
    comments = lowcode.get_all("Comment", filters={"reference_doctype": "Test Customer", "reference_name": "Acme"}, fields=["content"])
    assert comments == [{"content": "Called them today"}]
    lowcode.delete_doc("Test Customer", "Acme")
    assert lowcode.get_all("Comment", filters={"reference_name": "Acme"}) == []


def test_get_doc_from_a_dict_and_update(sctx) -> None:
    doc = lowcode.get_doc({"doctype": "Test Customer", "customer_name": "Initech"})
    assert doc.is_new()
    doc.insert()
    doc.update({"territory": "Mexico"})
    doc.save()
    assert lowcode.get_doc("Test Customer", "Initech").territory == "Mexico"


def test_unknown_doctype_and_field_are_clear(sctx) -> None:
    with pytest.raises(DoesNotExistError, match="DocType 'Nope' does not exist"):
        lowcode.new_doc("Nope")
    doc = lowcode.new_doc("Test Customer")
    with pytest.raises(AttributeError, match="Test Customer has no field 'colour'"):
        _ = doc.colour
