"""What may change on a submitted quotation: allow_on_submit tables yes, other tables and ordered quantities no."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import lowcode
from lowcode.exceptions import UpdateAfterSubmitError
from tests.sales_crm.selling.world import quotation


def test_rows_of_an_allow_on_submit_table_may_change(world):
    doc = quotation([{"item_code": "LAPTOP"}], submit=True)
    doc.append("lost_reasons", {"lost_reason": "Price"})
    doc.save()
    assert [r.lost_reason for r in lowcode.get_doc("Quotation", doc.name).lost_reasons] == ["Price"]


def test_rows_of_other_tables_may_not(world):
    doc = quotation([{"item_code": "LAPTOP"}], submit=True)
    doc.append("items", {"item_code": "MOUSE"})
    with pytest.raises(UpdateAfterSubmitError, match="these cannot change any more: Items"):
        doc.save()
    assert len(lowcode.get_doc("Quotation", doc.name).items) == 1


def test_ordered_quantities_sent_by_a_client_are_ignored(world):
    doc = quotation([{"item_code": "LAPTOP", "qty": 5}], submit=True)
    doc.items[0].ordered_qty = 5
    doc.save()
    stored = lowcode.get_doc("Quotation", doc.name)
    assert (stored.items[0].ordered_qty, stored.status) == (D("0"), "Accepted")
