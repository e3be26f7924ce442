"""Reading an import file row by row: CSV (comma or semicolon, UTF-8 with or without BOM) and XLSX.

Rows are streamed: openpyxl's read-only mode and the csv module hold one row at a time,
so a 100,000-row file takes no more memory than a 10-row one.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lowcode.exceptions import ValidationError

FORMATS = (".csv", ".xlsx")


def check_format(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise ValidationError(
            f"Data Import: '{path.name}' is neither a CSV nor an XLSX file; save the sheet as .csv or .xlsx.",
            doctype="Data Import", fieldname="import_file",
        )  # fmt: skip
    if not path.is_file():
        raise ValidationError(f"Data Import: the file '{path.name}' is missing.", doctype="Data Import", fieldname="import_file")


def _cell(value: Any) -> Any:
    """Text stripped, whole floats as ints, midnight datetimes as dates; empty cells as ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


@contextmanager
def open_rows(path: Path) -> Iterator[Iterator[tuple[int, list[Any]]]]:
    """(row number in the sheet, cleaned cells) for each non-empty row, the header first."""
    check_format(path)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(8192)
            handle.seek(0)
            delimiter = ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") else ","
            reader = csv.reader(handle, delimiter=delimiter)
            yield _non_empty((reader.line_num, [_cell(v) for v in row]) for row in reader)
        return
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        yield _non_empty((number, [_cell(v) for v in row]) for number, row in enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        book.close()


def _non_empty(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    for number, row in rows:
        if any(v != "" for v in row):
            yield number, row


def count_rows(path: Path) -> int:
    """Data rows (without the header)."""
    with open_rows(path) as rows:
        return max(sum(1 for _ in rows) - 1, 0)
