"""Who sees and does what on the selling side, through the platform's one permission path."""

from __future__ import annotations

import pytest
from sales_crm.api.quotation import make_sales_order
from sales_crm.api.sales_order import mark_completed

import lowcode
from lowcode.context import acting_as
from lowcode.exceptions import PermissionError as LowcodePermissionError
from lowcode.perms import has_permission
from tests.sales_crm.selling.world import ANA, CARLOS, LUIS, MARTA, count, quotation

LINE = [{"item_code": "LAPTOP", "qty": 2}]


def visible(user: str) -> set[str]:
    with acting_as(user):
        return set(lowcode.get_list("Quotation", pluck="name"))


def test_sales_users_see_only_their_own_quotations(backend_world):
    with acting_as(ANA):
        mine = quotation(LINE).name
    with acting_as(LUIS):
        theirs = quotation(LINE).name
    assert visible(ANA) == {mine}
    assert visible(LUIS) == {theirs}
    assert visible(MARTA) >= {mine, theirs}
    assert visible(CARLOS) >= {mine, theirs}
    with acting_as(LUIS):
        assert not has_permission("Quotation", "read", lowcode.get_doc("Quotation", mine))
        doc = lowcode.get_doc("Quotation", mine)
        doc.terms = "Mine now"
        with pytest.raises(LowcodePermissionError):
            doc.save()


def test_the_assigned_sales_person_sees_the_quotation(world):
    with acting_as(LUIS):
        doc = quotation(LINE, sales_person="Ana García")
    assert doc.sales_person_user == ANA
    assert doc.name in visible(ANA)


def test_the_assignee_cannot_be_forged(world):
    with acting_as(LUIS):
        doc = quotation(LINE, sales_person_user=ANA)
    assert doc.sales_person_user is None
    assert doc.name not in visible(ANA)


def test_sales_users_read_the_catalogue_but_do_not_change_it(world):
    with acting_as(ANA):
        for doctype in ("Item", "Price List", "Item Price", "Sales Tax Template", "Payment Terms Template"):
            assert lowcode.get_list(doctype, pluck="name"), doctype
        item = lowcode.get_doc("Item", "CABLE")
        item.standard_rate = 1
        with pytest.raises(LowcodePermissionError):
            item.save()
        assert not has_permission("Sales Order", "read")


def test_only_accountants_make_and_submit_sales_orders(world):
    with acting_as(ANA):
        name = quotation(LINE, submit=True).name
    before = count("Sales Order")
    for user in (ANA, MARTA):
        with acting_as(user), pytest.raises(LowcodePermissionError, match="may not create a new Sales Order"):
            make_sales_order(name)
    assert count("Sales Order") == before
    with acting_as(CARLOS):
        with pytest.raises(LowcodePermissionError):
            quotation(LINE)
        order = lowcode.get_doc("Sales Order", make_sales_order(name)["name"]).submit()
        assert mark_completed(order.name)["status"] == "Completed"
        lowcode.get_doc("Sales Order", order.name).cancel()
    with acting_as(MARTA):
        assert lowcode.get_list("Sales Order", pluck="name") == [order.name]


def test_nobody_orders_a_quotation_they_cannot_read(world):
    with acting_as(ANA):
        name = quotation(LINE, submit=True).name
    with acting_as(LUIS), pytest.raises(LowcodePermissionError, match=f"may not read Quotation '{name}'"):
        make_sales_order(name)
