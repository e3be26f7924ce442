"""A stale save: the other person's change is shown, nothing is overwritten."""

from __future__ import annotations

from playwright.sync_api import Page, expect

import lowcode


def test_stale_save_shows_the_other_persons_change(page: Page, login, db) -> None:
    login("Administrator")
    name = db(lambda ctx: lowcode.get_list("Test Order", fields=["name"], filters={"docstatus": 0, "status": "Open"}, limit=1)[0]["name"])
    page.goto(f"/app/test-order/{name}")

    def their_change(ctx) -> None:
        doc = lowcode.get_doc("Test Order", name)
        doc.notes = "Changed by the manager"
        doc.save()

    db(their_change, user="manager@example.com")
    page.fill("[data-fieldname=notes]", "My own note")
    page.get_by_role("button", name="Save").click()
    dialog = page.locator("#conflict-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-conflict-who]")).to_contain_text("manager@example.com")
    row = dialog.locator("tr[data-field=notes]")
    expect(row).to_contain_text("Notes")
    expect(row).to_contain_text("My own note")
    expect(row).to_contain_text("Changed by the manager")
    assert db(lambda ctx: lowcode.get_value("Test Order", name, "notes")) == "Changed by the manager"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
