"""docstatus: draft → submitted → cancelled; only allow_on_submit fields change after submit."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.exceptions import DocstatusTransitionError, UpdateAfterSubmitError


@pytest.fixture
def submitted(sctx) -> lowcode.Document:
    lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    doc = lowcode.new_doc("Test Order", customer="Acme", items=[{"item_name": "A", "qty": 1, "rate": 5}]).insert()
    return doc.submit()


def test_submitted_rows_carry_the_docstatus(submitted) -> None:
    doc = lowcode.get_doc("Test Order", submitted.name)
    assert doc.docstatus == 1 and doc.items[0].docstatus == 1


def test_allow_on_submit_fields_change_after_submit(submitted) -> None:
    submitted.remarks = "Delivered"
    submitted.items[0].note = "left at the door"
    submitted.save()
    doc = lowcode.get_doc("Test Order", submitted.name)
    assert (doc.remarks, doc.items[0].note) == ("Delivered", "left at the door")


def test_other_fields_are_frozen_after_submit(submitted) -> None:
    submitted.notes = "changed"
    submitted.items[0].qty = 4
    with pytest.raises(UpdateAfterSubmitError) as info:
        submitted.save()
    assert "these cannot change any more: Notes, Items row 1: Quantity" in info.value.message
    assert lowcode.get_value("Test Order", submitted.name, "notes") is None


def test_transitions_that_are_not_allowed(submitted) -> None:
    with pytest.raises(DocstatusTransitionError, match="it is not a draft"):
        lowcode.get_doc("Test Order", submitted.name).submit()
    with pytest.raises(DocstatusTransitionError, match="cancel it before deleting it"):
        lowcode.delete_doc("Test Order", submitted.name)
    with pytest.raises(DocstatusTransitionError, match="cancel it first"):
        lowcode.get_doc("Test Order", submitted.name).amend()
    cancelled = lowcode.get_doc("Test Order", submitted.name).cancel()
    cancelled.remarks = "again"
    with pytest.raises(DocstatusTransitionError, match="is cancelled and cannot be changed"):
        cancelled.save()
    with pytest.raises(DocstatusTransitionError, match="Test Customer is not submittable"):
        lowcode.get_doc("Test Customer", "Acme").submit()
    with pytest.raises(DocstatusTransitionError, match="only submitted documents can"):
        lowcode.new_doc("Test Order", customer="Acme").insert().cancel()
