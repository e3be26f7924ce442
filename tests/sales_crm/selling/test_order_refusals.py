"""Orders that cannot be made are refused with a clear message, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D

import pytest
from sales_crm.api.quotation import declare_lost, make_sales_order

import lowcode
from lowcode.exceptions import ValidationError
from tests.sales_crm.listener.events import FAIL_MARK
from tests.sales_crm.selling.world import cancel, count, days, quotation

LINES = [{"item_code": "LAPTOP", "qty": 10}, {"item_code": "CABLE", "qty": 2}]


def refused(name: str, message: str, items: object = None) -> None:
    """make_sales_order refuses with `message`; no sales order, no ordered quantity."""
    orders = count("Sales Order")
    with pytest.raises(ValidationError, match=message):
        make_sales_order(name, items)
    assert count("Sales Order") == orders
    assert [r.ordered_qty for r in lowcode.get_doc("Quotation", name).items] == [D(0)] * len(lowcode.get_doc("Quotation", name).items)


def lost() -> str:
    name = quotation(LINES, submit=True).name
    declare_lost(name, ["Price"])
    return name


def expired() -> str:
    doc = quotation(LINES, valid_till=days(0), submit=True)
    doc.db_set("valid_till", days(-1))
    return doc.name


def cancelled() -> str:
    return cancel(quotation(LINES, submit=True)).name


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: quotation(LINES).name, r"is a draft; submit it once the customer accepts it"),
        (lost, r"was declared lost and cannot be ordered"),
        (expired, r"expired on .* and cannot be ordered on"),
        (cancelled, r"is cancelled and cannot be ordered"),
    ],
    ids=["draft", "lost", "expired", "cancelled"],
)
def test_quotations_that_cannot_be_ordered(backend_world, make: Callable[[], str], message: str):
    refused(make(), message)


def test_a_lead_without_a_customer_must_be_converted_first(backend_world):
    name = quotation(LINES, quotation_to="Lead", party_name=backend_world.lead, submit=True).name
    refused(name, r"is for Lead '[\w-]+', which has no customer yet\. Convert the lead to a customer first, then make the sales order\.")


@pytest.mark.parametrize(
    ("qty", "message"),
    [
        (11, r"Row 1 of Items \(LAPTOP\): 11 asked, but only 10 of 10 remain to be ordered"),
        (0, r"Row 1 of Items \(LAPTOP\): the quantity to order must be greater than 0"),
        (-2, r"the quantity to order must be greater than 0"),
        ("many", r"'many' is not a quantity"),
    ],
)
def test_bad_quantities(backend_world, qty, message):
    q = quotation(LINES, submit=True)
    refused(q.name, message, [{"quotation_item": q.items[0].name, "qty": qty}])


def test_more_than_remains_after_a_partial_order(world):
    q = quotation(LINES, submit=True)
    lowcode.get_doc("Sales Order", make_sales_order(q.name, [{"quotation_item": q.items[0].name, "qty": 6}])["name"]).submit()
    with pytest.raises(ValidationError, match=r"5 asked, but only 4 of 10 remain to be ordered"):
        make_sales_order(q.name, [{"quotation_item": q.items[0].name, "qty": 5}])


def test_lines_that_are_not_the_quotations(world):
    q = quotation(LINES, submit=True)
    other = quotation(LINES, submit=True)
    refused(q.name, rf"'{other.items[0].name}' is not a line of this quotation", [{"quotation_item": other.items[0].name, "qty": 1}])
    refused(q.name, r"is listed twice", [{"quotation_item": q.items[0].name, "qty": 1}] * 2)
    refused(q.name, r"give a list of \{quotation_item, qty\}", [])


def test_nothing_left_to_order(world):
    q = quotation(LINES, submit=True)
    lowcode.get_doc("Sales Order", make_sales_order(q.name)["name"]).submit()
    with pytest.raises(ValidationError, match="has nothing left to order"):
        make_sales_order(q.name)


def test_two_drafts_cannot_both_take_the_remaining_quantity(world):
    q = quotation(LINES, submit=True)
    first = lowcode.get_doc("Sales Order", make_sales_order(q.name)["name"])
    second = lowcode.get_doc("Sales Order", make_sales_order(q.name)["name"])
    first.submit()
    with pytest.raises(
        ValidationError,
        match=r"Row 1 of Items: Quantity 10 is more than what remains to be ordered of Quotation .* row 1 \(LAPTOP\): 0 of 10",
    ):
        second.submit()
    assert lowcode.get_value("Sales Order", second.name, "docstatus") == 0
    assert [r.ordered_qty for r in lowcode.get_doc("Quotation", q.name).items] == [D(10), D(2)]


def test_a_draft_order_cannot_be_raised_above_the_quotation(world):
    q = quotation(LINES, submit=True)
    so = lowcode.get_doc("Sales Order", make_sales_order(q.name)["name"])
    so.items[0].qty = 12
    with pytest.raises(
        ValidationError,
        match=r"Row 1 of Items: Quantity 12 is more than what remains to be ordered of Quotation .* row 1 \(LAPTOP\): 10 of 10",
    ):
        so.save()
    so = lowcode.get_doc("Sales Order", so.name)
    so.items[0].price_list_rate = 1
    so.items[0].discount_percentage = 99
    so.customer = "Vieja SL"
    with pytest.raises(ValidationError, match=r"Customer 'Vieja SL' is not the customer of Quotation"):
        so.save()
    so = lowcode.get_doc("Sales Order", so.name)
    so.items[0].price_list_rate = 1
    so.items[0].discount_percentage = 99
    so.save()
    assert (so.items[0].price_list_rate, so.items[0].discount_percentage) == (D(850), D(0))


def test_a_failure_late_in_submitting_an_order_undoes_the_quotation_update(backend_world):
    q = quotation([{"item_code": "LAPTOP", "qty": 3}], submit=True)
    order = lowcode.get_doc("Sales Order", make_sales_order(q.name)["name"])
    order.terms = FAIL_MARK
    order.save()
    with pytest.raises(ValidationError, match="refused on purpose"):
        lowcode.get_doc("Sales Order", order.name).submit()
    assert lowcode.get_value("Sales Order", order.name, "docstatus") == 0
    stored = lowcode.get_doc("Quotation", q.name)
    assert (stored.status, stored.items[0].ordered_qty) == ("Accepted", D(0))


def test_an_order_naming_an_unknown_quotation_is_refused(world):
    before = count("Sales Order")
    with pytest.raises(ValidationError, match="New Sales Order: Quotation 'SAL-QTN-NOPE' does not exist"):
        lowcode.new_doc("Sales Order", customer="Acme Ibérica", quotation="SAL-QTN-NOPE", items=[{"item_code": "CABLE"}]).insert()
    assert count("Sales Order") == before
