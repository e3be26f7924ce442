"""Kanban boards: counts and sums, drag between columns (a normal save), a refused move snaps back, own-only cards."""

from __future__ import annotations

from playwright.sync_api import Page, expect

import lowcode
from tests.e2e.conftest import screenshot
from tests.e2e.world import BOARD

BOARD_URL = f"/app/test-order/view/kanban/{BOARD.replace(' ', '%20')}"


def _column(page: Page, value: str):
    return page.locator(f".kb-column[data-column='{value}']")


def _drag(page: Page, card_name: str, to_value: str) -> None:
    card = page.locator(f".kb-card[data-name='{card_name}']")
    target = _column(page, to_value).locator("[data-cards]")
    card.drag_to(target, target_position={"x": 40, "y": 10})


def test_drag_changes_the_stored_value_and_a_refused_move_snaps_back(page: Page, login, db) -> None:
    login("Administrator")
    page.goto(BOARD_URL)
    for status in ("Draft", "Open", "Closed"):
        count = db(lambda ctx, s=status: lowcode.get_count("Test Order", filters={"status": s}))
        expect(_column(page, status).locator("[data-count]")).to_have_text(str(count))
    expect(_column(page, "Draft").locator(".kb-card")).to_have_count(10)
    screenshot(page, "kanban")

    card = db(lambda ctx: lowcode.get_list("Test Order", fields=["name"], filters={"status": "Draft", "docstatus": 0}, limit=1)[0]["name"])
    drafts_before = db(lambda ctx: lowcode.get_count("Test Order", filters={"status": "Draft"}))
    _drag(page, card, "Closed")
    expect(page.locator(".toast.success")).to_contain_text("Moved")
    expect(_column(page, "Closed").locator(f".kb-card[data-name='{card}']")).to_have_count(1)
    assert db(lambda ctx: lowcode.get_value("Test Order", card, "status")) == "Closed"
    expect(_column(page, "Draft").locator("[data-count]")).to_have_text(str(drafts_before - 1))

    submitted = db(lambda ctx: lowcode.get_list("Test Order", fields=["name"], filters={"docstatus": 1}, limit=1)[0]["name"])
    page.goto(BOARD_URL + f"?q={submitted}")
    expect(_column(page, "Open").locator(f".kb-card[data-name='{submitted}']")).to_have_count(1)
    _drag(page, submitted, "Draft")
    expect(page.locator(".toast.error")).to_contain_text("submitted")
    expect(_column(page, "Open").locator(f".kb-card[data-name='{submitted}']")).to_have_count(1)
    expect(_column(page, "Draft").locator(f".kb-card[data-name='{submitted}']")).to_have_count(0)
    assert db(lambda ctx: lowcode.get_value("Test Order", submitted, "status")) == "Open"


def test_lazy_columns_and_own_only_cards(page: Page, login, db) -> None:
    login("clerk@example.com")
    page.goto(BOARD_URL)
    own = set(db(lambda ctx: lowcode.get_all("Test Order", filters={"owner": "clerk@example.com"}, pluck="name")))
    shown = set(page.locator(".kb-card").evaluate_all("cards => cards.map(c => c.dataset.name)"))
    assert shown == own
    assert sum(int(count) for count in page.locator("[data-count]").all_inner_texts()) == len(own)
    page.context.clear_cookies()
    login("Administrator")
    page.goto(BOARD_URL)
    column = _column(page, "Draft")
    expect(column.locator(".kb-card")).to_have_count(10)
    column.locator(".kb-more").scroll_into_view_if_needed()
    drafts = db(lambda ctx: lowcode.get_count("Test Order", filters={"status": "Draft"}))
    expect(column.locator(".kb-card")).to_have_count(min(drafts, 20))
