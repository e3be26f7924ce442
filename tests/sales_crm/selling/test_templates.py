"""Tax and payment terms templates, and what they put on a quotation."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import lowcode
from lowcode.exceptions import ValidationError
from tests.sales_crm.selling.world import IVA, IVA_INCLUDED, TERMS_50_50, count, days, insert, quotation


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (
            [{"invoice_portion": 60}, {"invoice_portion": 30}],
            r"Installments must have invoice portions adding up to 100% \(they add up to 90%\)",
        ),
        ([{"invoice_portion": 100}, {"invoice_portion": 0}], "Row 2 of Installments: Invoice Portion must be greater than 0"),
    ],
)
def test_installments_must_add_up_to_100_percent(world, terms, message):
    with pytest.raises(ValidationError, match=message):
        insert("Payment Terms Template", template_name="Bad", terms=terms)
    assert not lowcode.exists("Payment Terms Template", "Bad")


def test_a_tax_rate_above_100_percent_is_refused(world):
    with pytest.raises(ValidationError, match=r"Row 1 of Taxes: Rate cannot be more than 100% \(it is 150%\)"):
        insert("Sales Tax Template", title="Bad", taxes=[{"description": "Too much", "rate": 150}])


def test_the_schedule_splits_the_rounded_total_to_the_cent(world):
    insert("Payment Terms Template", template_name="Thirds", terms=[{"invoice_portion": "33.33", "credit_days": d} for d in (0, 30)]
           + [{"invoice_portion": "33.34", "credit_days": 60}])  # fmt: skip
    doc = quotation([{"item_code": "CABLE", "qty": 3}], payment_terms_template="Thirds", taxes_and_charges=None)
    # 3 x 3.33 = 9.99, rounded total 10: 3.333 -> 3.33, 3.333 -> 3.33, 3.334 -> 3.33, one cent left
    # goes to the largest remainder (the third part, 0.004)
    assert [r.payment_amount for r in doc.payment_schedule] == [D("3.33"), D("3.33"), D("3.34")]
    assert [r.due_date for r in doc.payment_schedule] == [days(0), days(30), days(60)]


def test_a_new_date_moves_the_due_dates(world):
    doc = quotation([{"item_code": "LAPTOP"}], payment_terms_template=TERMS_50_50)
    doc.transaction_date = days(2)
    doc.save()
    assert [r.due_date for r in doc.payment_schedule] == [days(2), days(32)]


def test_a_hand_made_schedule_must_add_up_to_100_percent(world):
    before = count("Quotation")
    with pytest.raises(ValidationError, match=r"Payment Schedule must have invoice portions adding up to 100% \(they add up to 70%\)"):
        quotation([{"item_code": "LAPTOP"}], payment_schedule=[{"due_date": days(1), "invoice_portion": 70}])
    assert count("Quotation") == before


def test_a_due_date_before_the_quotation_date_is_refused(world):
    with pytest.raises(ValidationError, match=r"Row 1 of Payment Schedule: Due Date .* is before the document date"):
        quotation([{"item_code": "LAPTOP"}], payment_schedule=[{"due_date": days(-1), "invoice_portion": 100}])


def test_taxes_come_from_the_first_item_with_a_tax_template(world):
    doc = quotation([{"item_code": "MOUSE"}, {"item_code": "LAPTOP"}])
    assert doc.taxes_and_charges == IVA
    assert [(t.description, t.rate, t.included_in_print_rate) for t in doc.taxes] == [("IVA 21%", D("21"), 0)]


def test_removing_the_taxes_of_a_draft_sticks(world):
    doc = quotation([{"item_code": "LAPTOP"}])
    doc.taxes_and_charges = None
    doc.set("taxes", [])
    doc.save()
    assert lowcode.get_doc("Quotation", doc.name).taxes == []


def test_another_template_replaces_the_tax_rows(world):
    doc = quotation([{"item_code": "LAPTOP"}])
    doc.taxes_and_charges = IVA_INCLUDED
    doc.save()
    assert [(t.description, t.included_in_print_rate) for t in doc.taxes] == [("IVA 21% incluido", 1)]
    assert doc.grand_total == D("900")
