"""Bad input on quotations: one clear message per problem, and nothing partly written."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.exceptions import LinkValidationError, MandatoryError, ValidationError
from tests.sales_crm.selling.world import VIEJA, count, quotation

CASES = {
    "zero quantity": ([{"item_code": "LAPTOP", "qty": 0}], {}, "Row 1 of Items: Quantity must be greater than 0 (it is 0)"),
    "negative quantity": ([{"item_code": "LAPTOP", "qty": -3}], {}, "Row 1 of Items: Quantity must be greater than 0 (it is -3)"),
    "unknown item": ([{"item_code": "NOPE"}], {}, "Row 1 of Items: Item 'NOPE' does not exist in the catalogue"),
    "disabled item": ([{"item_code": "OLD"}], {}, "Row 1 of Items: Item 'OLD' is disabled and cannot be sold"),
    "not a sales item": ([{"item_code": "RAW"}], {}, "Row 1 of Items: Item 'RAW' is not a sales item"),
    "line discount over 100%": (
        [{"item_code": "LAPTOP", "discount_percentage": 101}], {}, "Row 1 of Items: Discount (%) cannot be more than 100% (it is 101%)",
    ),
    "negative line discount": ([{"item_code": "LAPTOP", "discount_percentage": -5}], {}, "Row 1 of Items: Discount (%) cannot be negative"),
    "additional discount over 100%": (
        [{"item_code": "LAPTOP"}], {"additional_discount_percentage": 120}, "Additional Discount Percentage cannot be more than 100% (it is 120%)",
    ),
    "discount amount over the net total": (
        [{"item_code": "LAPTOP"}], {"discount_amount": 5000, "taxes_and_charges": None},
        "Additional Discount Amount 5000.00 is more than the net total 900.00 it applies to",
    ),
    "tax rate over 100%": (
        [{"item_code": "LAPTOP"}], {"taxes": [{"description": "Odd", "rate": 101}]}, "Row 1 of Taxes and Charges: Rate cannot be more than 100% (it is 101%)",
    ),
    "disabled customer": ([{"item_code": "LAPTOP"}], {"party_name": VIEJA}, "Party 'Vieja SL' is disabled in Customer"),
    "no lines": ([], {}, "Items is required"),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_bad_quotations_are_refused_and_not_written(world, case):
    items, values, message = CASES[case]
    before = count("Quotation")
    with pytest.raises(ValidationError) as exc:
        quotation(items, **values)
    assert message in exc.value.message
    assert exc.value.message.startswith("New Quotation: ")
    assert count("Quotation") == before


def test_every_problem_is_named_at_once(world):
    with pytest.raises(ValidationError) as exc:
        quotation([{"item_code": "LAPTOP", "qty": 0}, {"item_code": "OLD"}, {"item_code": "NOPE", "discount_percentage": 150}])
    assert [(e["row"], e["fieldname"]) for e in exc.value.data["errors"]] == [
        (1, "qty"),
        (2, "item_code"),
        (3, "discount_percentage"),
        (3, "item_code"),
    ]


def test_a_bad_change_leaves_the_stored_quotation_as_it_was(backend_world):
    doc = quotation([{"item_code": "LAPTOP", "qty": 2}, {"item_code": "CABLE", "qty": 1}])
    stored = lowcode.get_doc("Quotation", doc.name).as_dict(convert=True)
    doc.items[0].qty = 5
    doc.append("items", {"item_code": "OLD"})
    doc.additional_discount_percentage = 10
    with pytest.raises(ValidationError, match="Row 3 of Items: Item 'OLD' is disabled"):
        doc.save()
    assert lowcode.get_doc("Quotation", doc.name).as_dict(convert=True) == stored


def test_wrong_kinds_of_values_are_refused(world):
    with pytest.raises(ValidationError, match="Row 1 of Items: Quantity 'two' is not a number"):
        quotation([{"item_code": "LAPTOP", "qty": "two"}])
    with pytest.raises(MandatoryError, match="Party is required"):
        quotation([{"item_code": "LAPTOP"}], party_name=None)
    with pytest.raises(LinkValidationError, match="Party 'Nobody' does not exist in Customer"):
        quotation([{"item_code": "LAPTOP"}], party_name="Nobody")
