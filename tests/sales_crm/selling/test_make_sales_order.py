"""Making sales orders from a quotation: in parts, then the rest; cancelling gives quantities back."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sales_crm.api.quotation import make_sales_order
from sales_crm.api.sales_order import mark_completed

import lowcode
from lowcode.exceptions import LinkExistsError, ValidationError
from lowcode.model.document import Document
from tests.sales_crm.selling.world import ACME, IVA, TERMS_50_50, cancel, days, insert, quotation


def ordered(name: str) -> tuple[str, list[D]]:
    doc = lowcode.get_doc("Quotation", name)
    return doc.status, [row.ordered_qty for row in doc.items]


def order(quotation_name: str, items: list[dict[str, object]] | None = None, *, submit: bool = True) -> Document:
    doc = lowcode.get_doc("Sales Order", make_sales_order(quotation_name, items)["name"])
    return doc.submit() if submit else doc


def accepted() -> Document:
    address = insert("Address", address_line1="Calle Mayor 1", city="Madrid").name
    return quotation(
        [{"item_code": "LAPTOP", "qty": 10, "discount_percentage": 5}, {"item_code": "CABLE", "qty": 5}, {"item_code": "MOUSE", "is_optional": 1}],
        taxes_and_charges=IVA, payment_terms_template=TERMS_50_50, terms="Delivery within 10 days.",
        customer_address=address, shipping_address_name=address, submit=True,
    )  # fmt: skip


def test_partial_twice_then_the_rest(backend_world):
    q = accepted()
    laptop, cable, mouse = (row.name for row in q.items)
    first = order(q.name, [{"quotation_item": laptop, "qty": 4}])
    assert ordered(q.name) == ("Partially Ordered", [D(4), D(0), D(0)])
    # the quotation's price for 10 laptops (850 - 5%) holds for an order of 4 (catalogue: 900)
    assert [(r.item_code, r.qty, r.price_list_rate, r.rate, r.amount) for r in first.items] == [
        ("LAPTOP", D(4), D(850), D("807.50"), D(3230))
    ]
    order(q.name, [{"quotation_item": laptop, "qty": 3}, {"quotation_item": cable, "qty": 5}])
    assert ordered(q.name) == ("Partially Ordered", [D(7), D(5), D(0)])
    rest = order(q.name)
    assert [(r.item_code, r.qty, r.quotation, r.quotation_item) for r in rest.items] == [("LAPTOP", D(3), q.name, laptop)]
    assert ordered(q.name) == ("Ordered", [D(10), D(5), D(0)])
    assert lowcode.get_value("Sales Order", rest.name, "status") == "To Deliver and Bill"
    # the optional mouse may still be ordered on its own
    order(q.name, [{"quotation_item": mouse, "qty": 1}])
    assert ordered(q.name) == ("Ordered", [D(10), D(5), D(1)])


def test_cancelling_an_order_gives_its_quantities_back(backend_world):
    q = accepted()
    laptop, _cable, _mouse = (row.name for row in q.items)
    first = order(q.name, [{"quotation_item": laptop, "qty": 4}])
    second = order(q.name)
    assert ordered(q.name) == ("Ordered", [D(10), D(5), D(0)])
    second.cancel()
    assert ordered(q.name) == ("Partially Ordered", [D(4), D(0), D(0)])
    assert lowcode.get_value("Sales Order", second.name, "status") == "Cancelled"
    first.cancel()
    assert ordered(q.name) == ("Accepted", [D(0), D(0), D(0)])
    again = order(q.name)
    assert [(r.item_code, r.qty) for r in again.items] == [("LAPTOP", D(10)), ("CABLE", D(5))]
    assert ordered(q.name) == ("Ordered", [D(10), D(5), D(0)])


def test_the_order_copies_prices_taxes_terms_addresses_and_schedule(backend_world):
    q = accepted()
    so = order(q.name, submit=False)
    assert (so.customer, so.customer_name, so.quotation, so.transaction_date, so.docstatus) == (ACME, ACME, q.name, days(0), 0)
    assert (so.terms, so.customer_address, so.shipping_address_name, so.selling_price_list) == (
        q.terms, q.customer_address, q.shipping_address_name, q.selling_price_list,
    )  # fmt: skip
    assert [(t.description, t.rate, t.tax_amount) for t in so.taxes] == [(t.description, t.rate, t.tax_amount) for t in q.taxes]
    assert (so.net_total, so.grand_total, so.rounded_total) == (q.net_total, q.grand_total, q.rounded_total)
    assert [(r.description, r.invoice_portion, r.due_date, r.payment_amount) for r in so.payment_schedule] == [
        (r.description, r.invoice_portion, r.due_date, r.payment_amount) for r in q.payment_schedule
    ]


def test_a_fixed_discount_is_shared_in_proportion_to_what_is_ordered(backend_world):
    q = quotation([{"item_code": "LAPTOP", "qty": 4}], discount_amount=100, taxes_and_charges=None, submit=True)
    first = order(q.name, [{"quotation_item": q.items[0].name, "qty": 1}])
    # one laptop of four: 100 x 900 / 3600 = 25
    assert (first.discount_amount, first.net_total) == (D(25), D(875))
    assert order(q.name).discount_amount == D(75)


def test_a_percentage_discount_is_copied(backend_world):
    q = quotation([{"item_code": "LAPTOP", "qty": 4}], additional_discount_percentage="2.5", taxes_and_charges=None, submit=True)
    so = order(q.name, [{"quotation_item": q.items[0].name, "qty": 2}])
    assert (so.additional_discount_percentage, so.discount_amount, so.net_total) == (D("2.5"), D(45), D(1755))


def test_a_converted_lead_orders_as_its_customer(backend_world):
    q = quotation([{"item_code": "CABLE"}], quotation_to="Lead", party_name=backend_world.converted_lead, submit=True)
    assert q.customer_name == "Jordi Puig"
    assert order(q.name).customer == ACME


def test_a_quotation_with_submitted_orders_cannot_be_cancelled(backend_world):
    q = accepted()
    so = order(q.name)
    with pytest.raises(LinkExistsError, match=rf"Cannot cancel Quotation '{q.name}' because it is linked with Sales Order '{so.name}'"):
        cancel(lowcode.get_doc("Quotation", q.name))
    assert ordered(q.name)[0] == "Ordered"


def test_an_order_is_completed_once(world):
    so = order(accepted().name)
    assert mark_completed(so.name)["status"] == "Completed"
    with pytest.raises(ValidationError, match="Status is Completed; only a submitted order to deliver and bill can be completed"):
        mark_completed(so.name)
    assert lowcode.get_doc("Sales Order", so.name).cancel().status == "Cancelled"


def test_selling_settings_defaults_apply_to_new_documents_not_to_quoted_orders(world):
    q = quotation([{"item_code": "CABLE"}], selling_price_list=None, currency="EUR", submit=True)
    insert("Price List", price_list_name="Lista USD", currency="USD")
    settings = lowcode.get_doc("Selling Settings")
    settings.update({"default_price_list": "Lista USD", "default_payment_terms_template": TERMS_50_50})
    settings.save()
    so = order(q.name)
    assert (so.selling_price_list, so.currency, so.payment_terms_template, so.payment_schedule) == (None, "EUR", None, [])
    direct = lowcode.new_doc("Sales Order", customer=ACME, items=[{"item_code": "CABLE"}]).insert()
    assert (direct.selling_price_list, direct.currency, direct.payment_terms_template) == ("Lista USD", "USD", TERMS_50_50)
    assert [r.invoice_portion for r in direct.payment_schedule] == [D(50), D(50)]


def _opportunity(stage: str, **values: object) -> Document:
    doc = insert("Opportunity", opportunity_from="Customer", party_name=ACME, expected_revenue=1000, **values)
    doc.sales_stage = stage
    return doc.save()


def test_an_order_wins_the_quoted_opportunity(world):
    stage = lowcode.get_doc("Sales Stage", "sales-proposal")
    stage.append("required_fields", {"fieldname": "expected_close_date"})
    stage.save()
    open_deal = _opportunity("sales-proposal")
    lost_deal = _opportunity("sales-lost", lost_reasons=[{"lost_reason": "Price"}])
    for deal in (open_deal, lost_deal):
        q = quotation([{"item_code": "LAPTOP", "qty": 1}], opportunity=deal.name, submit=True)
        order(q.name)
    won = lowcode.get_doc("Opportunity", open_deal.name)
    assert (won.status, won.sales_stage, won.stage_history[-1].stage_name) == ("Won", "sales-won", "Won")
    notes = lowcode.get_all("Comment", filters={"reference_name": open_deal.name, "comment_type": "Info"}, pluck="content")
    assert any(n.startswith("Won by Sales Order SAL-ORD-") for n in notes)
    assert lowcode.get_value("Opportunity", lost_deal.name, "status") == "Lost"


def test_cancelling_the_winning_order_reopens_the_opportunity_where_it_was(world):
    deal = _opportunity("sales-proposal")
    q = quotation([{"item_code": "LAPTOP", "qty": 1}], opportunity=deal.name, submit=True)
    winning = order(q.name)
    won = lowcode.get_doc("Opportunity", deal.name)
    assert (won.status, won.won_by_sales_order) == ("Won", winning.name)
    winning.cancel()
    reopened = lowcode.get_doc("Opportunity", deal.name)
    assert (reopened.status, reopened.sales_stage, reopened.won_by_sales_order, reopened.closed_on) == (
        "Open",
        "sales-proposal",
        None,
        None,
    )
    assert [row.stage_name for row in reopened.stage_history][-2:] == ["Won", reopened.stage_history[-1].stage_name]
    assert reopened.stage_history[-1].stage == "sales-proposal"
    notes = lowcode.get_all("Comment", filters={"reference_name": deal.name, "comment_type": "Info"}, pluck="content")
    assert f"Reopened: Sales Order {winning.name} was cancelled." in notes


def test_cancelling_an_order_leaves_a_deal_won_by_hand_alone(world):
    deal = _opportunity("sales-won")
    q = quotation([{"item_code": "LAPTOP", "qty": 1}], opportunity=deal.name, submit=True)
    order(q.name).cancel()
    assert list(lowcode.get_value("Opportunity", deal.name, ["status", "won_by_sales_order"])) == ["Won", None]
