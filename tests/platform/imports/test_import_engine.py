"""Data Import on the test app's doctypes: mapping, child rows, bad rows, preview, update, XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

import lowcode
from lowcode.context import Local
from lowcode.db.query import get_all
from lowcode.imports.api import download_errors
from lowcode.imports.engine import Importer, run_import
from lowcode.imports.files import create_import
from lowcode.imports.template import template_headers
from lowcode.model.document import get_doc


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def make_customers(*names: str) -> None:
    for name in names:
        lowcode.new_doc("Test Customer", customer_name=name, email=f"{name.lower()}@example.com").insert()


def errors_of(name: str) -> list[list[str]]:
    text = download_errors(name).body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def test_orders_with_child_rows_and_bad_rows(ctx: Local, tmp_path: Path) -> None:
    make_customers("Acme", "Bolt")
    headers = ["Customer *", "Order Date", "Item (Items) *", "Quantity (Items) *", "Rate (Items)"]
    assert headers == [h for h in template_headers("Test Order") if h in headers]
    path = write_csv(tmp_path / "orders.csv", [
        headers,
        ["Acme", "2026-01-05", "Bolts", 2, 1.5],
        ["", "", "Nuts", 3, 0.5],          # continues Acme's order
        ["Nobody", "2026-01-06", "Gear", 1, 9],  # unknown customer: skipped
        ["Bolt", "2026-01-07", "Gear", 1, 9],
        ["", "", "Spring", "many", 1],     # bad quantity in a continuation row: the whole order is skipped
        ["Acme", "not a date", "Gear", 1, 2],
        ["Bolt", "2026-02-01", "Gear", 4, 2],
    ])  # fmt: skip
    name = create_import(path, "Test Order")
    run_import(name)
    record = get_doc("Data Import", name)
    assert (record.status, record.total_rows, record.rows_done, record.imported, record.failed_rows) == ("Partial Success", 7, 7, 2, 4)
    orders = get_all("Test Order", fields=["name", "customer"], order_by="name asc")
    assert [o["customer"] for o in orders] == ["Acme", "Bolt"]
    first = get_doc("Test Order", orders[0]["name"])
    assert [(i.item_name, float(i.qty)) for i in first.items] == [("Bolts", 2.0), ("Nuts", 3.0)]
    assert len(get_all("Test Order Item", filters={"item_name": "Spring"}, parent_doctype="Test Order")) == 0
    report = errors_of(name)
    assert [(row, column) for row, column, _message in report] == [("4", "Customer *"), ("6", "Quantity (Items) *"), ("7", "Order Date")]
    assert "Nobody" in report[0][2] and "does not exist" in report[0][2]
    # the failed rows gave their naming-series numbers back: no gaps
    assert [o["name"][-5:] for o in orders] == ["00001", "00002"]


def test_preview_writes_nothing(ctx: Local, tmp_path: Path) -> None:
    make_customers("Acme")
    path = write_csv(tmp_path / "o.csv", [["customer", "items.item_name", "items.qty"], ["Acme", "X", 1], ["Ghost", "Y", 1]])
    name = create_import(path, "Test Order")
    preview = Importer(get_doc("Data Import", name)).preview(10)
    assert preview["mapping"] == {"customer": "customer", "items.item_name": "items.item_name", "items.qty": "items.qty"}
    assert [r["ok"] for r in preview["rows"]] == [True, False]
    assert preview["rows"][1]["errors"][0]["column"] == "customer"
    assert get_all("Test Order") == []
    assert lowcode.get_value("Data Import", name, "rows_done") == 0


def test_update_by_unique_field_and_mapping_edited(ctx: Local, tmp_path: Path) -> None:
    make_customers("Acme", "Bolt")
    path = write_csv(
        tmp_path / "c.xlsx.csv", [["Mail", "Limit", "Ignored"], ["acme@example.com", 500, "x"], ["nobody@example.com", 1, "y"]]
    )
    name = create_import(path, "Test Customer", update_by="email")
    record = get_doc("Data Import", name)
    record.column_mapping = '{"Mail": "email", "Limit": "credit_limit", "Ignored": ""}'
    record.save()
    run_import(name)
    assert float(lowcode.get_value("Test Customer", "Acme", "credit_limit")) == 500
    assert lowcode.get_value("Test Customer", "Bolt", "credit_limit") in (None, 0)
    assert [r[:2] for r in errors_of(name)] == [["3", "Mail"]]


def test_mapping_to_unknown_field_is_refused(ctx: Local, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["Name"], ["A"]])
    name = create_import(path, "Test Customer")
    record = get_doc("Data Import", name)
    record.column_mapping = '{"Name": "no_such_field"}'
    with pytest.raises(lowcode.exceptions.ValidationError, match="no_such_field"):
        record.save()


def test_xlsx_import(ctx: Local, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Customer Name *", "Email", "Credit Limit"])
    sheet.append(["Xeno", "xeno@example.com", 1200.5])
    sheet.append(["Yarn", "xeno@example.com", 10])  # duplicate unique email
    sheet.append([None, None, None])
    sheet.append(["Zinc", None, 3])
    book.save(tmp_path / "customers.xlsx")
    name = create_import(tmp_path / "customers.xlsx", "Test Customer")
    run_import(name)
    assert sorted(get_all("Test Customer", pluck="name")) == ["Xeno", "Zinc"]
    assert float(lowcode.get_value("Test Customer", "Xeno", "credit_limit")) == 1200.5
    assert [r[0] for r in errors_of(name)] == ["3"]


def test_headers_map_by_label_fieldname_or_spanish_label(ctx: Local) -> None:
    from lowcode.imports.mapping import auto_map

    headers = ["Cliente", "Cantidad (Líneas)", "items.rate", "Order Date *", "ID", "Whatever", "customer"]
    assert auto_map(headers, "Test Order") == {
        "Cliente": "customer", "Cantidad (Líneas)": "items.qty", "items.rate": "items.rate", "Order Date *": "order_date",
        "ID": "name", "Whatever": "", "customer": "",  # a second column for the same field is skipped
    }  # fmt: skip
