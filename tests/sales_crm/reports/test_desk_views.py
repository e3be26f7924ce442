"""The desk's report view, print preview and CRM workspace over HTTP (no browser), on the fixed data set."""

from __future__ import annotations

import re

import pytest

from lowcode.auth.secrets import set_password
from lowcode.context import local
from tests.platform.http_client import Client

PASSWORD = "Desk-Views-Pw-1"


@pytest.fixture
def clients(dataset, crm_site):
    for key in ("sofia", "ana"):
        set_password(dataset.world.users[key], PASSWORD)
    local.db.commit()
    return {key: Client(crm_site.name, dataset.world.users[key], PASSWORD) for key in ("sofia", "ana")}


def cells(html: str, row_class: str = "") -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def test_report_view_shows_filters_rows_total_chart_and_exports(clients):
    page = clients["sofia"].http.get("/app/query-report/Sales Pipeline")
    assert page.status_code == 200, page.text
    html = page.text
    assert 'data-fieldname="pipeline"' in html and 'value="Sales"' in html
    body = html.split('data-testid="report-table"', 1)[1]
    assert "Proposal" in body and "€5,000.00" in body
    total = body.split('data-testid="total-row"', 1)[1].split("</tr>", 1)[0]
    assert cells(total) == ["Total", "4", "€10,000.00", "€5,600.00"]
    assert 'data-testid="report-chart"' in html
    assert "export_query?report_name=Sales+Pipeline" in html and "file_format_type=Excel" in html
    mine = clients["ana"].http.get("/app/query-report/Sales Pipeline").text
    assert cells(mine.split('data-testid="total-row"', 1)[1].split("</tr>", 1)[0]) == ["Total", "2", "€3,000.00", "€1,100.00"]


def test_report_view_shows_a_bad_filter_and_refuses_a_report_the_user_may_not_run(clients):
    bad = clients["sofia"].http.get("/app/query-report/Won Revenue by Month", params={"from_date": "not-a-date"})
    assert bad.status_code == 200
    assert 'data-testid="report-error"' in bad.text and "From Date" in bad.text
    assert clients["ana"].http.get("/app/query-report/Quota Attainment").status_code == 403


def test_print_preview_with_format_language_and_pdf(clients, dataset):
    name = local.db.scalar(__import__("sqlalchemy").text('SELECT name FROM "tabQuotation" LIMIT 1'))
    page = clients["ana"].http.get(f"/app/print/quotation/{name}", params={"lang": "es"})
    assert page.status_code == 200, page.text
    assert '<option value="Quotation Standard" selected>' in page.text
    assert 'sandbox=""' in page.text and "Presupuesto" in page.text
    pdf_link = re.search(r'data-testid="download-pdf" href="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    pdf = clients["ana"].http.get(pdf_link)
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    assert clients["ana"].http.get("/app/print/opportunity/" + dataset.opportunities["O3"]).status_code in (403, 404)


def test_crm_workspace_shows_cards_charts_and_links_per_user(clients):
    sofia = clients["sofia"].http.get("/app", params={"workspace": "Sales CRM"}).text
    assert re.search(r'data-card="Won Deals"><span class="number">€12,000.00</span>', sofia)
    assert 'data-chart="Open Deals per User by Stage"' in sofia and "frappe-charts.min.umd.js" in sofia
    assert "/app/query-report/Sales%20Team%20Overview" in sofia
    ana = clients["ana"].http.get("/app", params={"workspace": "Sales CRM"}).text
    assert re.search(r'data-card="Won Deals"><span class="number">€5,000.00</span>', ana)


def test_my_activities_are_coloured_by_urgency(clients):
    url = '/app/activity?filters=[["assigned_to","=","__user"]]&order_by=due_date asc&urgency=due_date'
    html = clients["ana"].http.get(url).text
    assert html.count('data-urgency="overdue"') == 2
    assert "Call Jorge" in html and "Visit" not in html


def test_the_shipped_sales_pipeline_board(clients, dataset):
    board = clients["ana"].http.get("/app/opportunity/view/kanban/Sales Pipeline")
    assert board.status_code == 200, board.text
    columns = re.findall(r'data-column="([^"]+)"', board.text)
    assert columns[:3] == ["sales-new", "sales-qualification", "sales-decision-makers"] and "sales-lost" in columns
    assert dataset.opportunities["O1"] in board.text and dataset.opportunities["O3"] not in board.text
