"""A sales user's day in the CRM: create a lead, convert it through its dialog, move the deal on the pipeline board."""

from __future__ import annotations

import re
from urllib.parse import unquote

from playwright.sync_api import Page, expect

import lowcode
from tests.e2e.conftest import screenshot
from tests.e2e.world import PIPELINE_BOARD

BOARD_URL = f"/app/opportunity/view/kanban/{PIPELINE_BOARD.replace(' ', '%20')}"


def _column(page: Page, value: str):
    return page.locator(f".kb-column[data-column='{value}']")


def test_sales_user_creates_converts_and_moves_a_deal(page: Page, login, db) -> None:
    login("lidia@example.com")
    page.goto("/app/lead/new")
    page.fill("#f-first_name", "Lola")
    page.fill("#f-last_name", "Prieto")
    page.fill("#f-company_name", "Viveros Prieto")
    page.fill("#f-email_id", "lola@viveros.example")
    page.click("[data-testid=save]")
    page.wait_for_url(re.compile(r"/app/lead/CRM-LEAD-"))
    lead = unquote(page.url.rsplit("/", 1)[1])
    assert db(lambda ctx: lowcode.get_value("Lead", lead, "lead_owner_user")) == "lidia@example.com"

    page.get_by_role("button", name="Convert to Opportunity").click()
    dialog = page.locator("dialog.action-dialog[open]")
    dialog.locator("select[name=customer_choice]").select_option("new")
    expect(dialog.locator("input[name=create_contact]")).to_be_checked()
    screenshot(page, "lead_convert")
    dialog.get_by_role("button", name="Convert to Opportunity").click()
    page.wait_for_url(re.compile(r"/app/opportunity/"))
    opportunity = unquote(page.url.rsplit("/", 1)[1])
    converted = db(lambda ctx: lowcode.get_value("Lead", lead, ["status", "opportunity", "customer", "contact"], as_dict=True))
    assert converted["status"] == "Converted" and converted["opportunity"] == opportunity
    assert converted["customer"] == "Viveros Prieto" and converted["contact"]
    expect(page.get_by_role("link", name="Make Quotation")).to_have_attribute("href", re.compile("party_name=Viveros%20Prieto"))

    stage = db(lambda ctx: lowcode.get_value("Opportunity", opportunity, "sales_stage"))
    stages = db(lambda ctx: lowcode.get_all("Sales Stage", filters={"pipeline": "Sales"}, order_by="stage_order asc", pluck="name"))
    following = stages[stages.index(stage) + 1]
    page.goto(BOARD_URL)
    card = page.locator(f".kb-card[data-name='{opportunity}']")
    expect(_column(page, stage).locator(f".kb-card[data-name='{opportunity}']")).to_have_count(1)
    stage_title = db(lambda ctx: lowcode.get_value("Sales Stage", following, "stage_name"))
    expect(_column(page, following).locator(".kb-title")).to_have_text(stage_title)
    card.drag_to(_column(page, following).locator("[data-cards]"), target_position={"x": 40, "y": 10})
    expect(page.locator(".toast.success")).to_contain_text("Moved")
    expect(_column(page, following).locator(f".kb-card[data-name='{opportunity}']")).to_have_count(1)
    assert db(lambda ctx: lowcode.get_value("Opportunity", opportunity, "sales_stage")) == following
    screenshot(page, "pipeline")

    page.context.clear_cookies()
    login("omar@example.com")
    page.goto(BOARD_URL)
    expect(page.locator(".kb-column").first).to_be_visible()
    expect(page.locator(f".kb-card[data-name='{opportunity}']")).to_have_count(0)
    assert page.goto(f"/app/lead/{lead}").status == 403
