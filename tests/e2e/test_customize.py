"""Customize Form: an admin adds a field; a normal user sees it in the form and the list and saves a value."""

from __future__ import annotations

from playwright.sync_api import Page, expect

import lowcode
from tests.e2e.conftest import screenshot


def test_admin_adds_a_field_and_a_clerk_uses_it(page: Page, login, db) -> None:
    login("manager@example.com")
    page.goto("/app/customize-form?doctype=Test%20Order")
    expect(page.locator("tr[data-fieldname=customer]")).to_be_visible()
    page.get_by_role("button", name="Add a field").click()
    row = page.locator("tr[data-field-row]").last
    row.locator("[data-prop=label]").fill("Delivery Notes")
    row.locator("[data-prop=fieldtype]").select_option("Data")
    row.locator("[data-prop=in_list_view]").check()
    status = page.locator("tr[data-fieldname=status]")
    status.locator("[data-prop=options]").fill("Draft\nOpen\nClosed\nOn Hold")
    screenshot(page, "customize")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr[data-fieldname=custom_delivery_notes]")).to_be_visible()
    assert db(lambda ctx: lowcode.get_value("Custom Field", "Test Order-custom_delivery_notes", ["fieldtype", "in_list_view"])) == [
        "Data",
        1,
    ]
    setter = db(
        lambda ctx: lowcode.get_value("Property Setter", {"doc_type": "Test Order", "field_name": "status", "property": "options"}, "value")
    )
    assert setter == "Draft\nOpen\nClosed\nOn Hold"

    page.context.clear_cookies()
    login("clerk@example.com")
    page.goto("/app/test-order/new")
    page.fill("[data-fieldname=customer]", "Globex")
    page.keyboard.press("Escape")
    expect(page.locator("label[for=f-custom_delivery_notes]")).to_have_text("Delivery Notes")
    page.fill("[data-fieldname=custom_delivery_notes]", "Leave at the back door")
    page.select_option("[data-fieldname=status]", "On Hold")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/app/test-order/TO-*")
    name = page.url.rsplit("/", 1)[-1]
    stored = db(lambda ctx: lowcode.get_value("Test Order", name, ["custom_delivery_notes", "status", "owner"]))
    assert stored == ["Leave at the back door", "On Hold", "clerk@example.com"]
    page.goto("/app/test-order")
    expect(page.locator("thead")).to_contain_text("Delivery Notes")
    expect(page.locator(f"tr[data-name='{name}'] td[data-fieldname=custom_delivery_notes]")).to_have_text("Leave at the back door")


def test_create_a_custom_doctype_and_use_it(page: Page, login, db) -> None:
    login("Administrator")
    page.goto("/app/new-doctype")
    page.fill("#nd-name", "Site Visit")
    row = page.locator("tr[data-field-row]").first
    row.locator("[data-prop=label]").fill("Visitor")
    row.locator("[data-prop=reqd]").check()
    row.locator("[data-prop=in_list_view]").check()
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/app/site-visit")
    page.get_by_test_id("new").click()
    page.fill("[data-fieldname=visitor]", "Ana")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".toast.success")).to_have_text("Saved")
    assert db(lambda ctx: lowcode.get_all("Site Visit", pluck="visitor")) == ["Ana"]
