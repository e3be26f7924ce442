"""Kanban boards: grouped counts and sums with the user's permissions, lazy pages, column order, new columns."""

from __future__ import annotations

import json
import re

import pytest

import lowcode
from lowcode.exceptions import PermissionError
from lowcode.web.desk.kanban import add_column, update_order


@pytest.fixture
def board(desk_site) -> str:
    with lowcode.site_context(desk_site) as ctx:
        lowcode.new_doc("Kanban Board", kanban_board_name="Orders", reference_doctype="Test Order", field_name="status",
                        amount_field="total", page_length=1).insert()  # fmt: skip
        ctx.db.commit()
    return "/app/test-order/view/kanban/Orders"


def test_columns_from_select_options_with_counts_and_sums(client, board) -> None:
    sums = client("Administrator").get(board, params={"summary": 1}).json()
    assert sums == {
        "Draft": {"count": 1, "total": "€10.00"},
        "Open": {"count": 3, "total": "€149.00"},
        "Closed": {"count": 1, "total": "€40.00"},
    }
    page = client("Administrator").get(board).text
    assert re.findall(r'data-column="([^"]+)"', page) == ["Draft", "Open", "Closed"]
    assert len(re.findall(r'<li class="kb-card ', page)) == 3 and "Load more" in page


def test_own_only_user_sees_own_cards_and_totals(client, board) -> None:
    sums = client("clerk@example.com").get(board, params={"summary": 1}).json()
    assert sums == {"Open": {"count": 1, "total": "€99.00"}}


def test_lazy_pages_and_hand_placed_order(desk_site, client, board) -> None:
    http = client("Administrator")
    first = re.findall(r'data-name="([^"]+)"', http.get(board, params={"column": "Open", "start": 0}).text)
    second = re.findall(r'data-name="([^"]+)"', http.get(board, params={"column": "Open", "start": 1}).text)
    third = re.findall(r'data-name="([^"]+)"', http.get(board, params={"column": "Open", "start": 2}).text)
    assert len(first + second + third) == 3 and len(set(first + second + third)) == 3
    wanted = list(reversed(first + second + third))
    with lowcode.site_context(desk_site) as ctx:
        update_order("Orders", "Open", json.dumps(wanted))
        ctx.db.commit()
    pages = [re.findall(r'data-name="([^"]+)"', http.get(board, params={"column": "Open", "start": i}).text) for i in range(3)]
    assert [p[0] for p in pages] == wanted


def test_add_column_for_select_needs_a_system_manager(desk_site) -> None:
    with lowcode.site_context(desk_site) as ctx:
        lowcode.new_doc("Kanban Board", kanban_board_name="Orders", reference_doctype="Test Order", field_name="status").insert()
        ctx.db.commit()
    with lowcode.site_context(desk_site, user="clerk@example.com"), pytest.raises(PermissionError):
        add_column("Orders", "On Hold")
    with lowcode.site_context(desk_site):
        add_column("Orders", "On Hold")
        assert "On Hold" in lowcode.get_meta("Test Order").get_field("status").select_options
        assert [c.column_name for c in lowcode.get_doc("Kanban Board", "Orders").columns][-1] == "On Hold"


def test_add_column_for_a_link_field_creates_the_linked_record(desk_site) -> None:
    with lowcode.site_context(desk_site) as ctx:
        lowcode.new_doc("Kanban Board", kanban_board_name="By customer", reference_doctype="Test Order", field_name="customer").insert()
        add_column("By customer", "Initech")
        assert lowcode.exists("Test Customer", "Initech")
        ctx.db.rollback()
