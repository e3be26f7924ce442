"""Won Revenue by Month: won opportunities and their revenue per month they were closed in (months without any show 0)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from lowcode.reports.data import get_rows
from sales_crm.reporting import ZERO, between, date_range, dec, month_label, month_start, months, to_date


def get_columns() -> list[dict[str, Any]]:
    return [
        {"fieldname": "month", "label": "Month", "fieldtype": "Data", "width": 100},
        {"fieldname": "deals", "label": "Won Deals", "fieldtype": "Int"},
        {"fieldname": "revenue", "label": "Revenue", "fieldtype": "Currency"},
    ]


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = date_range(filters)
    conditions = [["status", "=", "Won"], *between("closed_on", start, end)]
    if filters.get("sales_team"):
        conditions.append(["sales_team", "=", filters["sales_team"]])
    per_day = get_rows("Opportunity", fields=["closed_on", "count(name) as deals", "sum(expected_revenue) as revenue"],
                       filters=conditions, group_by="closed_on")  # fmt: skip
    deals: dict[Any, int] = defaultdict(int)
    revenue: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for row in per_day:
        month = month_start(to_date(row["closed_on"]))  # type: ignore[arg-type]
        deals[month] += int(row["deals"])
        revenue[month] += dec(row["revenue"])
    return [{"month": month_label(m), "deals": deals[m], "revenue": revenue[m]} for m in months(start, end)]


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    data = get_data(filters)
    chart = {"data": {"labels": [r["month"] for r in data], "datasets": [{"name": "Revenue", "values": [float(r["revenue"]) for r in data]}]},
             "type": "line"}  # fmt: skip
    return get_columns(), data, None, chart
