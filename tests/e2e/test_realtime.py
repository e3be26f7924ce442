"""The bell and the timeline update without a reload when someone mentions the user in a comment."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

import lowcode
from tests.e2e import world

CLERK, MANAGER = "clerk@example.com", "manager@example.com"


def comment_as(base_url: str, user: str, doctype: str, name: str, text: str) -> None:
    """Another person, in another session, comments through the server."""
    with httpx.Client(base_url=base_url) as http:
        login = http.post("/api/method/login", json={"usr": user, "pwd": world.PASSWORD})
        assert login.status_code == 200, login.text
        answer = http.post("/api/method/lowcode.web.desk.actions.add_comment", headers={"X-Frappe-CSRF-Token": login.json()["csrf_token"]},
                           json={"reference_doctype": doctype, "reference_name": name, "content": text})  # fmt: skip
        assert answer.status_code == 200, answer.text


def test_a_mention_updates_the_bell_and_the_open_timeline(page: Page, login, db, base_url) -> None:
    order = db(lambda ctx: lowcode.get_all("Test Order", filters={"owner": CLERK}, pluck="name", limit=1)[0])
    login(CLERK)
    page.goto(f"/app/test-order/{order}")
    badge = page.locator("[data-unread-count]")
    before = int(badge.text_content() or 0)
    page.wait_for_timeout(500)  # the stream is open
    comment_as(base_url, MANAGER, "Test Order", order, "@clerk@example.com can you call Acme today?")
    expect(badge).to_have_text(str(before + 1))
    expect(badge).to_be_visible()
    expect(page.locator("[data-timeline]")).to_contain_text("can you call Acme today?")
    page.click("[data-bell]")
    item = page.locator("[data-notification-list] li.unread").first
    expect(item).to_contain_text(f"mentioned you in Test Order {order}")
    page.click("[data-mark-all-read]")
    expect(badge).to_be_hidden()
    assert db(lambda ctx: lowcode.get_count("Notification Log", filters={"for_user": CLERK, "read": 0})) == 0


def test_typing_at_in_a_comment_suggests_the_users_to_mention(page: Page, login, db) -> None:
    order = db(lambda ctx: lowcode.get_all("Test Order", filters={"owner": CLERK}, pluck="name", limit=1)[0])
    login(CLERK)
    page.goto(f"/app/test-order/{order}")
    box = page.locator("[data-comment-text]")
    box.click()
    box.press_sequentially("Please check, @mana")
    expect(page.locator("#mention-menu [role=option]").first).to_contain_text(MANAGER)
    box.press("ArrowDown")
    box.press("Enter")
    expect(box).to_have_value(f"Please check, @{MANAGER} ")
    box.press_sequentially("thanks")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".timeline-list .tl-comment").first).to_contain_text(f"@{MANAGER} thanks")
    mentioned = db(lambda ctx: lowcode.get_all("Notification Log", filters={"for_user": MANAGER, "document_name": order}, pluck="subject"))
    assert any("mentioned you" in subject for subject in mentioned)
