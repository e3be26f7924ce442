"""A user with own-only rights never sees another user's rows, in the list, the search or by address."""

from __future__ import annotations

from playwright.sync_api import Page, expect

import lowcode


def test_own_only_user_sees_only_own_rows(page: Page, login, db) -> None:
    login("clerk2@example.com")
    page.goto("/app/test-order")
    own = set(db(lambda ctx: lowcode.get_all("Test Order", filters={"owner": "clerk2@example.com"}, pluck="name")))
    shown = set(page.locator("tbody tr[data-name]").evaluate_all("rows => rows.map(r => r.dataset.name)"))
    assert shown == own and own
    expect(page.locator(".pager .total")).to_have_attribute("data-total", str(len(own)))
    page.fill("#list-search", "Acme")
    expect(page.locator(".pager .total")).to_have_attribute("data-total", "0")
    foreign = db(lambda ctx: lowcode.get_all("Test Order", filters={"owner": "clerk@example.com"}, pluck="name", limit=1)[0])
    response = page.goto(f"/app/test-order/{foreign}")
    assert response is not None and response.status == 403
    expect(page.locator("[role=alert]")).to_contain_text("may not read")
    page.goto(f"/app/test-order/{sorted(own)[0]}")
    expect(page.locator("[data-fieldname=customer]")).to_be_visible()
    expect(page.locator("[data-fieldname=secret_note]")).to_have_count(0)
