"""Who sees and does what on the selling side, through the platform's one permission path."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.exceptions import PermissionError as LowcodePermissionError
from lowcode.perms import has_permission
from tests.sales_crm.selling.world import ANA, CARLOS, LUIS, MARTA, as_user, quotation

LINE = [{"item_code": "LAPTOP", "qty": 2}]


def visible(user: str) -> set[str]:
    with as_user(user):
        return set(lowcode.get_list("Quotation", pluck="name"))


def test_sales_users_see_only_their_own_quotations(backend_world):
    with as_user(ANA):
        mine = quotation(LINE).name
    with as_user(LUIS):
        theirs = quotation(LINE).name
    assert visible(ANA) == {mine}
    assert visible(LUIS) == {theirs}
    assert visible(MARTA) >= {mine, theirs}
    assert visible(CARLOS) >= {mine, theirs}
    with as_user(LUIS):
        assert not has_permission("Quotation", "read", lowcode.get_doc("Quotation", mine))
        doc = lowcode.get_doc("Quotation", mine)
        doc.terms = "Mine now"
        with pytest.raises(LowcodePermissionError):
            doc.save()


def test_the_assigned_sales_person_sees_the_quotation(world):
    with as_user(LUIS):
        doc = quotation(LINE, sales_person="Ana García")
    assert doc.sales_person_user == ANA
    assert doc.name in visible(ANA)


def test_the_assignee_cannot_be_forged(world):
    with as_user(LUIS):
        doc = quotation(LINE, sales_person_user=ANA)
    assert doc.sales_person_user is None
    assert doc.name not in visible(ANA)


def test_sales_users_read_the_catalogue_but_do_not_change_it(world):
    with as_user(ANA):
        for doctype in ("Item", "Price List", "Item Price", "Sales Tax Template", "Payment Terms Template"):
            assert lowcode.get_list(doctype, pluck="name"), doctype
        item = lowcode.get_doc("Item", "CABLE")
        item.standard_rate = 1
        with pytest.raises(LowcodePermissionError):
            item.save()
