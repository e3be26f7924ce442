"""The form: link autocomplete, a child table with a live total from the server, depends_on, validation next to fields."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import Page, expect

import lowcode
from tests.e2e.conftest import screenshot


def _choose_link(page: Page, selector: str, text: str, value: str) -> None:
    page.fill(selector, text)
    page.locator("#link-menu [role=option]", has_text=value).first.click()
    expect(page.locator(selector)).to_have_value(value)


def test_create_order_with_items_and_live_total(page: Page, login, db) -> None:
    login("Administrator")
    page.goto("/app/test-order/new")
    _choose_link(page, "[data-fieldname=customer]", "Acm", "Acme")
    expect(page.locator("output[data-fieldname=customer_email]")).to_have_text("info@acme.example")
    page.get_by_role("button", name="Add row").click()
    page.get_by_role("button", name="Add row").click()
    rows = page.locator("table[data-grid=items] tbody tr")
    rows.nth(0).locator("[data-fieldname=item_name]").fill("Chair")
    rows.nth(0).locator("[data-fieldname=qty]").fill("3")
    rows.nth(0).locator("[data-fieldname=rate]").fill("12.5")
    rows.nth(1).locator("[data-fieldname=item_name]").fill("Desk")
    rows.nth(1).locator("[data-fieldname=qty]").fill("1")
    rows.nth(1).locator("[data-fieldname=rate]").fill("100")
    expect(page.locator("output[data-fieldname=total]")).to_have_text("€137.50")
    rows.nth(1).locator("[data-remove-row]").click()
    expect(page.locator("output[data-fieldname=total]")).to_have_text("€37.50")
    page.locator("[data-fieldname=priority] label").nth(1).click()
    screenshot(page, "form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/app/test-order/TO-*")
    name = page.url.rsplit("/", 1)[-1]
    stored = db(lambda ctx: lowcode.get_doc("Test Order", name).as_dict())
    assert stored["customer"] == "Acme" and stored["total"] == Decimal("37.5") and stored["priority"] == 2
    assert [(r["item_name"], r["qty"], r["amount"]) for r in stored["items"]] == [("Chair", Decimal(3), Decimal("37.5"))]
    expect(page.locator(".toast.success")).to_have_text("Saved")
    expect(page.locator(".timeline-list")).to_contain_text("created this")


def test_depends_on_shows_and_hides_live_and_errors_show_next_to_fields(page: Page, login, db) -> None:
    login("Administrator")
    page.goto("/app/test-order/new")
    reason = page.locator("[data-field=discount_reason]")
    expect(reason).to_be_hidden()
    page.fill("[data-fieldname=discount]", "5")
    expect(reason).to_be_visible()
    expect(reason).to_have_class("field w-data reqd")
    page.fill("[data-fieldname=discount]", "0")
    expect(reason).to_be_hidden()
    page.fill("[data-fieldname=discount]", "5")
    expect(reason).to_be_visible()
    before = db(lambda ctx: lowcode.get_count("Test Order"))
    page.keyboard.press("Control+s")
    expect(page.locator("#err-customer")).to_contain_text("Customer is required")
    expect(page.locator("#err-discount_reason")).to_contain_text("Discount Reason is required")
    expect(page.locator("[data-fieldname=customer]")).to_have_attribute("aria-invalid", "true")
    assert db(lambda ctx: lowcode.get_count("Test Order")) == before


def test_comment_and_version_in_the_timeline(page: Page, login, db) -> None:
    login("Administrator")
    name = db(lambda ctx: lowcode.get_list("Test Order", fields=["name"], filters={"docstatus": 0}, limit=1)[0]["name"])
    page.goto(f"/app/test-order/{name}")
    page.fill("[data-fieldname=remarks]", "Call back on Monday")
    page.keyboard.press("Control+s")
    expect(page.locator(".toast.success")).to_have_text("Saved")
    expect(page.locator(".timeline-list .tl-version").first).to_contain_text("Remarks")
    expect(page.locator(".timeline-list .tl-version").first).to_contain_text("Call back on Monday")
    page.fill("[data-comment-text]", "Customer asked for a discount")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".timeline-list .tl-comment").first).to_contain_text("Customer asked for a discount")
    comments = db(lambda ctx: lowcode.get_all("Comment", fields=["content"], filters={"reference_name": name}, pluck="content"))
    assert comments == ["Customer asked for a discount"]


def test_quick_entry_creates_a_linked_record(page: Page, login, db) -> None:
    login("Administrator")
    page.goto("/app/test-order/new")
    page.fill("[data-fieldname=customer]", "Stark")
    page.locator("#link-menu [role=option].create").click()
    dialog = page.locator("#quick-entry")
    expect(dialog.locator("[data-fieldname=customer_name]")).to_be_visible()
    dialog.locator("[data-fieldname=customer_name]").fill("Stark Industries")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-fieldname=customer]")).to_have_value("Stark Industries")
    assert db(lambda ctx: lowcode.exists("Test Customer", "Stark Industries"))


def test_submit_cancel_and_amend(page: Page, login, db) -> None:
    login("Administrator")
    name = db(lambda ctx: lowcode.new_doc("Test Order", customer="Acme", items=[{"item_name": "Lamp", "qty": 1, "rate": 5}]).insert().name)
    page.goto(f"/app/test-order/{name}")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("[data-status]")).to_have_text("Submitted")
    expect(page.locator("[data-fieldname=status]")).to_be_disabled()
    expect(page.locator("[data-fieldname=remarks]")).to_be_editable()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("[data-status]")).to_have_text("Cancelled")
    page.get_by_role("button", name="Amend").click()
    page.wait_for_url(f"**/app/test-order/{name}-1")
    expect(page.locator("[data-status]")).to_have_text("Draft")
    assert db(lambda ctx: lowcode.get_value("Test Order", f"{name}-1", ["amended_from", "docstatus"])) == [name, 0]
