"""Report columns: declared, or read from the query's column names (Frappe's
"Label:Fieldtype/Options:Width" aliases are understood), with values typed to match."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

NUMERIC = ("Int", "Float", "Currency", "Percent")
SUMMED = ("Int", "Float", "Currency")


@dataclass
class Column:
    fieldname: str
    label: str
    fieldtype: str = "Data"
    options: str | None = None
    width: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fieldname": self.fieldname, "label": self.label, "fieldtype": self.fieldtype}
        if self.options:
            out["options"] = self.options
        if self.width:
            out["width"] = self.width
        return out

    def convert(self, value: Any) -> Any:
        """The value in this column's type (SQLite hands dates and decimals back as text or floats)."""
        if value is None:
            return None
        try:
            if self.fieldtype in ("Currency", "Float", "Percent"):
                return value if isinstance(value, Decimal) else Decimal(str(value))
            if self.fieldtype in ("Int", "Check"):
                return int(value)
            if self.fieldtype == "Date" and isinstance(value, str):
                return dt.date.fromisoformat(value[:10])
            if self.fieldtype == "Datetime" and isinstance(value, str):
                return dt.datetime.fromisoformat(value)
        except (ValueError, InvalidOperation):
            return value
        return value


def scrub(label: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", label.strip().lower()).strip("_") or "column"


def from_key(key: str, sample: Any) -> Column:
    """A column from a query's column name: 'amount' or 'Amount:Currency:120' or 'Lead:Link/Lead:150'."""
    parts = key.split(":")
    if len(parts) == 1:
        return Column(key, key.replace("_", " ").title(), _guess(sample))
    label, kind = parts[0], parts[1] or "Data"
    fieldtype, _, options = kind.partition("/")
    width = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
    return Column(scrub(label), label, fieldtype or "Data", options or None, width)


def _guess(value: Any) -> str:
    if isinstance(value, bool):
        return "Check"
    if isinstance(value, int):
        return "Int"
    if isinstance(value, (float, Decimal)):
        return "Float"
    if isinstance(value, dt.datetime):
        return "Datetime"
    if isinstance(value, dt.date):
        return "Date"
    return "Data"


def total_row(columns: list[Column], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Sums of the Int, Float and Currency columns; the first text column says Total."""
    out: dict[str, Any] = {}
    labelled = False
    for column in columns:
        if column.fieldtype in SUMMED:
            out[column.fieldname] = sum((r.get(column.fieldname) or 0 for r in rows), Decimal(0) if column.fieldtype != "Int" else 0)
        elif not labelled and column.fieldtype not in NUMERIC:
            out[column.fieldname] = "Total"
            labelled = True
        else:
            out[column.fieldname] = None
    return out
