"""A report's result as CSV or XLSX (openpyxl), with its column labels and typed cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lowcode.reports.engine import ReportResult

FORMATS = {"csv": "CSV", "excel": "Excel", "xlsx": "Excel"}


def _rows(result: ReportResult) -> list[dict[str, Any]]:
    return [*result.rows, result.total] if result.total is not None else list(result.rows)


def to_csv(result: ReportResult) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.label for c in result.columns])
    for row in _rows(result):
        writer.writerow(["" if row.get(c.fieldname) is None else _plain(row.get(c.fieldname)) for c in result.columns])
    return out.getvalue().encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def to_xlsx(result: ReportResult, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Report")
    header = []
    for column in result.columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in _rows(result):
        sheet.append([_cell(sheet, row.get(c.fieldname), c.fieldtype) for c in result.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: Any, fieldtype: str) -> Any:
    if isinstance(value, Decimal):
        value = float(value)
    cell = WriteOnlyCell(sheet, value=value)
    if fieldtype == "Currency":
        cell.number_format = "#,##0.00"
    elif fieldtype == "Date":
        cell.number_format = "yyyy-mm-dd"
    return cell
