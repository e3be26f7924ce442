"""Line prices come from the catalogue: the valid Item Price, else the standard rate, else refused."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import lowcode
from lowcode.exceptions import ValidationError
from tests.sales_crm.selling.world import PRICE_LIST, count, days, insert, quotation


def price_of(item_code: str, qty: object = 1, **values: object) -> D:
    return quotation([{"item_code": item_code, "qty": qty}], **values).items[0].price_list_rate


def test_item_price_of_the_price_list(world):
    assert price_of("LAPTOP") == D("900")


def test_the_highest_minimum_quantity_not_above_the_line_quantity_wins(world):
    assert price_of("LAPTOP", "9.999") == D("900")
    assert price_of("LAPTOP", 10) == D("850")
    assert price_of("LAPTOP", 250) == D("850")


def test_an_item_price_outside_its_validity_is_not_used(world):
    # MOUSE's Item Price (15.50) ended yesterday: the standard rate applies
    assert price_of("MOUSE") == D("20")
    # ... but a quotation dated within its validity gets it
    assert price_of("MOUSE", transaction_date=days(-5), valid_till=days(5)) == D("15.50")


def test_a_price_valid_from_a_later_date_applies_from_that_date(world):
    insert("Item Price", item_code="CABLE", price_list=PRICE_LIST, price_list_rate="2.99", valid_from=days(3))
    assert price_of("CABLE") == D("3.33")
    assert price_of("CABLE", transaction_date=days(3)) == D("2.99")


def test_without_a_price_list_the_standard_rate_applies(world):
    assert price_of("LAPTOP", selling_price_list=None, currency="EUR") == D("1000")


def test_no_valid_price_and_no_standard_rate_is_refused_and_nothing_is_written(world):
    before = count("Quotation")
    # SUPPORT has no standard rate and its only price starts 10 days ago
    with pytest.raises(ValidationError) as exc:
        quotation([{"item_code": "SUPPORT", "qty": 1}], transaction_date=days(-20))
    assert "Row 1 of Items: Item 'SUPPORT' has no price: Price List 'Tarifa General' has no price for it valid on" in exc.value.message
    assert "and the item has no standard selling rate" in exc.value.message
    assert {k: v for k, v in exc.value.data["errors"][0].items() if k != "message"} == {
        "fieldname": "item_code",
        "row": 1,
        "tablefield": "items",
    }
    assert count("Quotation") == before


def test_resaving_a_draft_keeps_its_prices_until_a_price_input_changes(world):
    doc = quotation([{"item_code": "LAPTOP", "qty": 2}])
    name = lowcode.get_all("Item Price", filters={"item_code": "LAPTOP", "min_qty": 0}, pluck="name")[0]
    lowcode.set_value("Item Price", name, "price_list_rate", 950)
    doc = lowcode.get_doc("Quotation", doc.name)
    doc.terms = "Delivery in two weeks."
    doc.save()
    assert doc.items[0].price_list_rate == D("900")
    doc.items[0].qty = 3
    doc.save()
    assert doc.items[0].price_list_rate == D("950")


def test_currency_comes_from_the_price_list_and_must_agree_with_it(world):
    assert quotation([{"item_code": "LAPTOP"}]).currency == "EUR"
    with pytest.raises(ValidationError, match=r"Currency 'USD' differs from the currency of Price List 'Tarifa General' \(EUR\)"):
        quotation([{"item_code": "LAPTOP"}], currency="usd")


def test_a_disabled_price_list_is_refused(world):
    with pytest.raises(ValidationError, match="Price List 'Tarifa Antigua' is disabled"):
        quotation([{"item_code": "LAPTOP"}], selling_price_list="Tarifa Antigua")


def test_item_details_follow_a_changed_item(world):
    doc = quotation([{"item_code": "LAPTOP"}])
    assert (doc.items[0].item_name, doc.items[0].uom) == ("Portátil 14", "Unit")
    doc.items[0].item_code = "SUPPORT"
    doc.save()
    assert (doc.items[0].item_name, doc.items[0].uom, doc.items[0].price_list_rate) == ("Soporte anual", "Year", D("240"))
