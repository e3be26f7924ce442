"""Report exports: CSV and XLSX read back, under the export right and the same row permissions."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from lowcode.context import site_context
from tests.platform.engines_world import CLERK, CLERK2, make_order_set, make_world, set_order_permissions
from tests.platform.http_client import Client


@pytest.fixture
def orders(site):
    with site_context(site):
        make_world()
        return make_order_set()


def _export(client: Client, kind: str, **filters):
    return client.post("frappe.desk.query_report.export_query", report_name="Test Orders by Status", filters=filters, file_format_type=kind)


def test_csv_and_xlsx_read_back(site, orders):
    admin = Client(site.name, "Administrator", "admin-password")
    answer = _export(admin, "CSV")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="Test Orders by Status.csv"' in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows == [["Status", "Orders", "Total"], ["Closed", "1", "10"], ["Draft", "1", "25"], ["Open", "2", "110"], ["Total", "4", "145"]]
    book = load_workbook(io.BytesIO(_export(admin, "Excel").content))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [["Status", "Orders", "Total"], ["Closed", 1, 10], ["Draft", 1, 25], ["Open", 2, 110], ["Total", 4, 145]]
    assert sheet["A1"].font.bold and sheet["C2"].number_format == "#,##0.00"


def test_own_only_user_exports_only_their_rows(site, orders):
    clerk, clerk2 = Client(site.name, CLERK), Client(site.name, CLERK2)
    rows = list(csv.reader(io.StringIO(_export(clerk, "CSV").content.decode())))
    assert rows[1:] == [["Draft", "1", "25"], ["Open", "1", "10"], ["Total", "2", "35"]]
    values = [[c.value for c in r] for r in load_workbook(io.BytesIO(_export(clerk2, "Excel").content)).active.iter_rows()]
    assert values[1:] == [["Open", 1, 100], ["Total", 1, 100]]


def test_run_over_http_and_refusals(site, orders):
    clerk = Client(site.name, CLERK)
    answer = clerk.post("frappe.desk.query_report.run", report_name="Test Orders by Status", filters={"customer": "Globex"})
    assert answer.status_code == 200
    body = answer.json()["message"]
    assert set(body) >= {"columns", "result", "chart", "report_summary", "message"}
    assert body["result"] == [{"status": "Open", "orders": 1, "total": 10}, {"status": "Total", "orders": 1, "total": 10}]
    assert _export(clerk, "PDF").status_code == 417
    guest = Client(site.name)
    assert guest.get("frappe.desk.query_report.run", report_name="Test Orders by Status").status_code == 401
    meta = clerk.get("lowcode.reports.api.get_report_meta", report_name="Test Orders by Status").json()["message"]
    assert [f["fieldname"] for f in meta["filters"]] == ["customer", "from_date"]


def test_export_needs_the_export_right(site, orders):
    with site_context(site) as ctx:
        import lowcode

        lowcode.new_doc("User", email="reader@example.com", first_name="Reader", roles=[{"role": "Test Clerk"}]).insert()
        from lowcode.auth.secrets import set_password
        from tests.platform.engines_world import PASSWORD

        set_password("reader@example.com", PASSWORD)
        rules = [{"role": "System Manager", "read": 1, "write": 1, "report": 1, "export": 1},
                 {"role": "Test Clerk", "read": 1, "report": 1, "if_owner": 1}]  # fmt: skip
        set_order_permissions(rules)
        ctx.db.commit()
    reader = Client(site.name, "reader@example.com")
    assert reader.post("frappe.desk.query_report.run", report_name="Test Orders by Status").status_code == 200
    refused = _export(reader, "CSV")
    assert refused.status_code == 403
    assert "export" in refused.json()["message"]
