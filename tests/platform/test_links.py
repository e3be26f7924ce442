"""Links: existence, disabled targets, and refusing deletes and cancels that would leave a
link dangling (with the list of linking documents)."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.exceptions import LinkExistsError, LinkValidationError


def customers(*names: str, **values: object) -> None:
    for name in names:
        lowcode.new_doc("Test Customer", customer_name=name, **values).insert()


def test_a_link_to_a_missing_record_is_refused(sctx) -> None:
    with pytest.raises(LinkValidationError) as info:
        lowcode.new_doc("Test Order", customer="Nobody").insert()
    assert info.value.message == "New Test Order: Customer 'Nobody' does not exist in Test Customer."
    assert info.value.fieldname == "customer"


def test_a_link_to_a_disabled_record_is_refused(sctx) -> None:
    customers("Old Co", disabled=1)
    with pytest.raises(LinkValidationError, match="Customer 'Old Co' is disabled in Test Customer"):
        lowcode.new_doc("Test Order", customer="Old Co").insert()


def test_a_link_in_a_tree_to_its_own_doctype(sctx) -> None:
    lowcode.new_doc("Test Territory", territory_name="Valencia", parent_territory="Spain").insert()
    with pytest.raises(LinkValidationError, match="Parent 'Atlantis' does not exist in Test Territory"):
        lowcode.new_doc("Test Territory", territory_name="Lost", parent_territory="Atlantis").insert()


def test_deleting_a_linked_document_lists_the_linkers(sctx) -> None:
    customers("Acme")
    orders = [lowcode.new_doc("Test Order", customer="Acme").insert().name for _ in range(2)]
    with pytest.raises(LinkExistsError) as info:
        lowcode.delete_doc("Test Customer", "Acme")
    message = info.value.message
    assert message.startswith("Cannot delete Test Customer 'Acme' because it is linked with ")
    for name in orders:
        assert f"Test Order '{name}'" in message
    assert sorted(d["name"] for d in info.value.data["linked"]) == sorted(orders)
    assert lowcode.exists("Test Customer", "Acme")


def test_cancelled_linkers_do_not_block_a_delete(sctx) -> None:
    customers("Acme")
    order = lowcode.new_doc("Test Order", customer="Acme").insert()
    order.submit()
    order.cancel()
    lowcode.delete_doc("Test Customer", "Acme")
    assert not lowcode.exists("Test Customer", "Acme")


def test_cancel_is_refused_while_submitted_documents_link_to_it(sctx) -> None:
    customers("Acme")
    order = lowcode.new_doc("Test Order", customer="Acme").insert().submit()
    delivery = lowcode.new_doc("Test Delivery", order=order.name).insert().submit()
    with pytest.raises(LinkExistsError) as info:
        lowcode.get_doc("Test Order", order.name).cancel()
    assert f"Cannot cancel Test Order '{order.name}' because it is linked with Test Delivery '{delivery.name}'" in info.value.message
    assert "cancel those documents first" in info.value.message
    assert lowcode.get_value("Test Order", order.name, "docstatus") == 1
    delivery.cancel()
    lowcode.get_doc("Test Order", order.name).cancel()
    amended = lowcode.get_doc("Test Order", order.name).amend().insert()
    assert amended.amended_from == order.name  # amended_from never blocks
    lowcode.delete_doc("Test Order", amended.name)


def test_a_link_held_in_a_child_row_names_the_parent_document(sctx) -> None:
    customers("Acme", "Globex")
    order = lowcode.new_doc("Test Order", customer="Globex").insert()
    delivery = lowcode.new_doc("Test Delivery", order=order.name, stops=[{"customer": "Acme"}]).insert()
    with pytest.raises(LinkExistsError) as info:
        lowcode.delete_doc("Test Customer", "Acme")
    assert info.value.data["linked"] == [{"doctype": "Test Delivery", "name": delivery.name}]


def test_a_tree_parent_with_children_cannot_be_deleted(sctx) -> None:
    lowcode.new_doc("Test Territory", territory_name="Valencia", parent_territory="Spain").insert()
    with pytest.raises(LinkExistsError, match="Test Territory 'Valencia'"):
        lowcode.delete_doc("Test Territory", "Spain")
