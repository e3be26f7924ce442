"""The report view, the print preview and the CRM workspace's dashboard in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

import lowcode
from tests.e2e.conftest import screenshot
from tests.e2e.world import SELLERS

REPORT_URL = "/app/query-report/Sales%20Pipeline"


def _crm_data(ctx: Any) -> dict[str, Any]:
    """Two of Vera's open deals and one of Omar's, and a quotation to print (made once per session)."""
    if not lowcode.exists("Customer", "Ferretería Norte"):
        lowcode.new_doc("Customer", customer_name="Ferretería Norte").insert()
        lowcode.new_doc("Item", item_code="E2E-CONSULT", item_name="Consultoría", standard_rate=450).insert()
        people = {email: lowcode.get_value("Sales Person", {"user": email}, "name") for email in SELLERS}
        for email, amount, stage in (("vera@example.com", 1200, "sales-new"), ("vera@example.com", 3400, "sales-proposal"),
                                     ("omar@example.com", 2100, "sales-proposal")):  # fmt: skip
            deal = lowcode.new_doc("Opportunity", opportunity_from="Customer", party_name="Ferretería Norte", expected_revenue=amount,
                                   sales_person=people[email]).insert()  # fmt: skip
            if stage != "sales-new":
                deal.sales_stage = stage
                deal.save()
        lowcode.new_doc("Quotation", quotation_to="Customer", party_name="Ferretería Norte", currency="EUR",
                        items=[{"item_code": "E2E-CONSULT", "qty": 3, "discount_percentage": 10}]).insert()  # fmt: skip
    name = lowcode.get_all("Quotation", filters={"party_name": "Ferretería Norte"}, pluck="name", limit=1)[0]
    totals = lowcode.get_all("Opportunity", fields=["count(name) as n", "sum(expected_revenue) as amount"], filters={"status": "Open"})[0]
    stages = lowcode.get_all("Opportunity", fields=["count(distinct sales_stage) as n"], filters={"status": "Open"})[0]["n"]
    return {"quotation": name, "open": int(totals["n"]), "amount": float(totals["amount"]), "stages": int(stages)}


@pytest.fixture
def crm_data(db) -> dict[str, Any]:
    return db(_crm_data)


def test_report_view_filters_totals_chart_and_export(page: Page, login, crm_data) -> None:
    login("Administrator")
    page.goto(REPORT_URL)
    table = page.locator("[data-testid=report-table]")
    expect(table.locator("tbody tr")).to_have_count(crm_data["stages"])
    expect(table.locator("tbody tr").first).to_contain_text("New")
    total = page.locator("[data-testid=total-row] td")
    expect(total.nth(0)).to_have_text("Total")
    expect(total.nth(1)).to_have_text(str(crm_data["open"]))
    expect(page.locator("[data-testid=report-chart] rect.bar")).to_have_count(2 * crm_data["stages"])
    screenshot(page, "report_view")

    person = page.locator("#filter-sales_person")
    person.fill("Omar Paz")
    page.click("form.report-filters button[type=submit]")
    page.wait_for_url("**sales_person=Omar*")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(page.locator("[data-testid=total-row] td").nth(1)).to_have_text("1")
    assert person.input_value() == "Omar Paz"
    with page.expect_download() as download:
        page.click("[data-testid=export-csv]")
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Proposal" in content and "Omar" not in content.split("\n", 1)[0]


def test_a_sales_user_sees_only_their_rows(page: Page, login, crm_data) -> None:
    login("vera@example.com")
    page.goto(REPORT_URL)
    expect(page.locator("[data-testid=total-row] td").nth(1)).to_have_text("2")
    expect(page.locator("[data-testid=total-row] td").nth(2)).to_contain_text("4,600.00")


def test_print_preview_switches_language_and_downloads_the_pdf(page: Page, login, crm_data) -> None:
    login("Administrator")
    page.goto(f"/app/print/quotation/{crm_data['quotation']}?lang=en")
    frame = page.frame_locator("iframe.print-frame")
    expect(frame.locator("h1")).to_have_text("Quotation")
    expect(frame.locator("body")).to_contain_text("Ferretería Norte")
    page.select_option("#print-lang", "es")
    page.wait_for_url("**lang=es*")
    expect(page.frame_locator("iframe.print-frame").locator("h1")).to_have_text("Presupuesto")
    screenshot(page, "print_preview")
    with page.expect_download() as download:
        page.click("[data-testid=download-pdf]")
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"


def test_crm_workspace_dashboard(page: Page, login, crm_data) -> None:
    login("Administrator")
    page.goto("/app?workspace=Sales%20CRM")
    expect(page.locator("[data-card='Deals in Progress Count'] .number")).to_have_text(str(crm_data["open"]))
    expect(page.locator(".lc-chart[data-chart='Open Deals per User by Stage'] rect.bar").first).to_be_attached()
    expect(page.locator(".lc-chart[data-chart='Funnel by Stage'] rect.bar")).to_have_count(2)
    expect(page.locator(".lc-chart[data-drawn]")).not_to_have_count(0)
    screenshot(page, "crm_workspace")
