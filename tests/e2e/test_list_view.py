"""The list view: total count, pagination, free-text search, standard filters, the filter builder, sort, bulk edit."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

import lowcode
from tests.e2e.conftest import screenshot


def _count(db, filters=None) -> int:
    return db(lambda ctx: lowcode.get_count("Test Order", filters=filters))


def _total_text(page: Page) -> str:
    return page.locator(".pager .total").get_attribute("data-total") or ""


def test_pagination_search_filters_and_sort(page: Page, login, db) -> None:
    login("Administrator")
    page.goto("/app/test-order")
    all_orders = _count(db)
    expect(page.locator(".pager .total")).to_have_attribute("data-total", str(all_orders))
    expect(page.locator("tbody tr[data-name]")).to_have_count(20)
    screenshot(page, "list")
    first_page = set(page.locator("tbody tr[data-name]").evaluate_all("rows => rows.map(r => r.dataset.name)"))
    page.locator("[data-page-next]").click()
    expect(page.locator(".pager")).to_contain_text("Page 2 of 3")
    second_page = set(page.locator("tbody tr[data-name]").evaluate_all("rows => rows.map(r => r.dataset.name)"))
    assert len(second_page) == 20 and not first_page & second_page

    page.fill("#list-search", "Initech")
    expect(page.locator(".pager .total")).to_have_attribute("data-total", str(_count(db, {"customer": "Initech"})))
    expect(page.locator("tbody tr[data-name] .title a").first).to_have_text("Initech")
    page.fill("#list-search", "")

    page.select_option("#sf-status", "Open")
    expect(page.locator(".pager .total")).to_have_attribute("data-total", str(_count(db, {"status": "Open"})))
    statuses = page.locator("tbody td[data-fieldname=status]").all_inner_texts()
    assert statuses and set(statuses) == {"Open"}
    assert "status=Open" in page.url

    page.locator(".filter-builder summary").click()
    page.select_option("[data-fb-field]", "total")
    page.select_option("[data-fb-op]", ">")
    page.fill("[data-fb-value]", "200")
    page.locator("[data-fb-add]").click()
    wanted = _count(db, [["status", "=", "Open"], ["total", ">", 200]])
    expect(page.locator(".pager .total")).to_have_attribute("data-total", str(wanted))
    expect(page.locator(".chip")).to_contain_text("Total")

    page.select_option("[data-order-field]", "total")
    page.locator("[data-order-dir]").click()
    expect(page.locator("#list-order-by")).to_have_value("total asc")
    cheapest = db(lambda ctx: lowcode.get_list("Test Order", fields=["name"], filters=[["status", "=", "Open"], ["total", ">", 200]],
                                               order_by="total asc", limit=1)[0]["name"])  # fmt: skip
    expect(page.locator("tbody tr[data-name]").first).to_have_attribute("data-name", cheapest)

    page.locator("tbody tr[data-name] .title a").first.click()
    expect(page).to_have_url(f"/app/test-order/{cheapest}")


def test_bulk_edit_and_saved_filter(page: Page, login, db) -> None:
    login("Administrator")
    names = db(lambda ctx: [lowcode.new_doc("Test Order", customer="Acme", status="Draft").insert().name for _ in range(2)])
    page.goto("/app/test-order?status=Draft")
    rows = page.locator("tbody tr[data-name]")
    assert sorted([rows.nth(0).get_attribute("data-name"), rows.nth(1).get_attribute("data-name")]) == sorted(names)
    rows.nth(0).locator("[data-row-check]").check()
    rows.nth(1).locator("[data-row-check]").check()
    expect(page.locator("[data-bulk-bar]")).to_be_visible()
    page.select_option("[data-bulk-field]", "remarks")
    page.fill("[data-bulk-value]", "bulk edited")
    page.locator("[data-bulk-edit]").click()
    expect(page.locator(".toast.success")).to_contain_text("2")
    expect(page.locator(".toast.error")).to_have_count(0)
    stored = db(lambda ctx: {n: lowcode.get_value("Test Order", n, "remarks") for n in names})
    assert stored == dict.fromkeys(names, "bulk edited")

    page.once("dialog", lambda d: d.accept("Drafts only"))
    page.locator("[data-save-filter]").click()
    expect(page.locator(".saved-filter")).to_contain_text("Drafts only")
    saved = db(lambda ctx: lowcode.get_all("List Filter", fields=["owner", "filter_name", "filters", "reference_doctype"]))
    assert len(saved) == 1
    assert (
        saved[0]["owner"] == "Administrator" and saved[0]["filter_name"] == "Drafts only" and saved[0]["reference_doctype"] == "Test Order"
    )
    assert json.loads(saved[0]["filters"]) == [["status", "=", "Draft"]]
    page.goto("/app/test-order")
    page.locator(".saved-filter a", has_text="Drafts only").click()
    expect(page.locator(".pager .total")).to_have_attribute("data-total", str(_count(db, {"status": "Draft"})))
