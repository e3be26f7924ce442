"""Totals saved on every backend match the arithmetic and stay the same when saved again (Hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sales_crm.selling import totals

import lowcode
from tests.sales_crm.selling.world import quotation, rolled_back


def decimals(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(Decimal(low), Decimal(high), places=places)


def without_timestamps(values: dict[str, Any]) -> dict[str, Any]:
    """A document dict without `modified` (on the document and its rows), for comparing saves."""
    return {k: [without_timestamps(r) for r in v] if isinstance(v, list) else v for k, v in values.items() if k != "modified"}


percentages = st.one_of(st.just(Decimal(0)), decimals("0", "100", 2))

items = st.lists(
    st.fixed_dictionaries(
        {
            "item_code": st.sampled_from(["LAPTOP", "MOUSE", "SUPPORT", "CABLE"]),
            "qty": decimals("0.001", "50", 3),
            "discount_percentage": decimals("0", "100", 2),
            "is_optional": st.booleans(),
        }
    ),
    min_size=1,
    max_size=5,
)
tax_rows = st.lists(
    st.fixed_dictionaries({"description": st.just("Tax"), "rate": decimals("0", "30", 2), "included_in_print_rate": st.booleans()}),
    max_size=3,
)


# Each example runs in a savepoint that is rolled back, so sharing the test's world is sound.
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items, tax_rows, percentages)
def test_saved_totals_match_the_arithmetic_and_are_stable(backend_world, item_rows, tax_list, percentage):
    assume(any(not row["is_optional"] for row in item_rows))
    with rolled_back():
        doc = quotation(item_rows, taxes=tax_list, additional_discount_percentage=percentage)
        stored = lowcode.get_doc("Quotation", doc.name)
        expected = totals.compute(
            [totals.Line(r.qty, r.price_list_rate, r.discount_percentage, bool(r.is_optional)) for r in stored.items],
            [totals.Tax(t.rate, bool(t.included_in_print_rate)) for t in stored.taxes], discount_percentage=percentage,
        )  # fmt: skip
        assert stored.grand_total == expected.grand_total >= 0
        assert stored.net_total == expected.net_total
        assert [t.tax_amount for t in stored.taxes] == [t.tax_amount for t in expected.taxes]
        before = without_timestamps(stored.as_dict(convert=True))
        stored.save()
        assert without_timestamps(lowcode.get_doc("Quotation", doc.name).as_dict(convert=True)) == before
