"""Logging in and out, the workspace and the user menu."""

from __future__ import annotations

from playwright.sync_api import Page, expect

import lowcode
from tests.e2e.conftest import screenshot
from tests.e2e.world import PASSWORD


def test_wrong_password_is_refused_then_login_shows_the_workspace(page: Page, login) -> None:
    page.goto("/app/test-order")
    expect(page).to_have_url("/login?redirect-to=%2Fapp%2Ftest-order")
    page.fill("#login-email", "clerk@example.com")
    page.fill("#login-password", "wrong-password")
    page.click("button[type=submit]")
    expect(page.locator(".alert.error")).to_contain_text("Incorrect email or password")
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url("/app/test-order")
    page.goto("/app")
    expect(page.locator("h1")).to_have_text("Test App")
    expect(page.get_by_role("link", name="Test Order")).to_be_visible()
    page.get_by_role("button", name="User menu").click()
    expect(page.get_by_role("link", name="Log out")).to_be_visible()
    expect(page.get_by_label("Language")).to_have_value("en")
    page.get_by_role("button", name="User menu").click()


def test_workspace_screenshot_and_logout(page: Page, login, db) -> None:
    login("Administrator")
    open_orders = db(lambda ctx: lowcode.get_count("Test Order", filters={"status": "Open"}))
    card = page.locator(".number-card", has_text="Open orders")
    expect(card.locator(".number")).to_have_text(str(open_orders))
    page.get_by_role("link", name="Order Pipeline").click()
    expect(page.locator(".kb-column[data-column=Draft]")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("link", name="Settings", exact=True)).to_be_visible()
    screenshot(page, "workspace")
    page.get_by_role("button", name="User menu").click()
    page.get_by_role("link", name="Log out").click()
    expect(page).to_have_url("/login")
    page.goto("/app")
    expect(page).to_have_url("/login?redirect-to=%2Fapp")
