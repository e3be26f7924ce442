"""Lead Conversion: leads created in a period per source, campaign or owner; how many were converted, the rate, and the average days to convert."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lowcode.reports.data import get_rows
from sales_crm.reporting import ZERO, date_range, dec, rate, stamped_between

#: group-by choice -> (Lead field, column label)
DIMENSIONS = {"Source": ("source", "Source"), "Campaign": ("campaign", "Campaign"), "Owner": ("lead_owner", "Lead Owner")}
NONE = "(not set)"


def get_columns(label: str) -> list[dict[str, Any]]:
    return [
        {"fieldname": "group", "label": label, "fieldtype": "Data", "width": 160},
        {"fieldname": "leads", "label": "Leads", "fieldtype": "Int"},
        {"fieldname": "converted", "label": "Converted", "fieldtype": "Int"},
        {"fieldname": "conversion_rate", "label": "Conversion %", "fieldtype": "Percent"},
        {"fieldname": "avg_days", "label": "Avg. Days to Convert", "fieldtype": "Float"},
    ]


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per group; `days` carries the group's total days to convert (for the weighted total)."""
    field, _label = DIMENSIONS[filters.get("group_by") or "Source"]
    start, end = date_range(filters)
    created = stamped_between("creation", start, end)
    counts = get_rows("Lead", fields=[f"{field} as grp", "count(name) as leads"], filters=created, group_by=field)
    converted = {row["grp"] or NONE: row for row in get_rows(
        "Lead", fields=[f"{field} as grp", "count(name) as converted", "sum(days_between(creation, converted_on)) as days"],
        filters=[*created, ["status", "=", "Converted"]], group_by=field)}  # fmt: skip
    rows = []
    for row in sorted(counts, key=lambda r: (-int(r["leads"]), str(r["grp"] or ""))):
        group = row["grp"] or NONE
        done = converted.get(group, {})
        n, days = int(done.get("converted") or 0), dec(done.get("days"))
        rows.append({"group": group, "leads": int(row["leads"]), "converted": n, "conversion_rate": rate(n, row["leads"]),
                     "avg_days": per(days, n), "days": days})  # fmt: skip
    return rows


def per(days: Decimal, converted: int) -> Decimal:
    """Average days to convert, 2 decimals (a converted lead without a conversion date counts 0 days)."""
    return (days / converted).quantize(Decimal("0.01")) if converted else ZERO


def total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    leads, converted = sum(r["leads"] for r in rows), sum(r["converted"] for r in rows)
    return {
        "group": "Total",
        "leads": leads,
        "converted": converted,
        "conversion_rate": rate(converted, leads),
        "avg_days": per(sum((r["days"] for r in rows), ZERO), converted),
    }


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    _field, label = DIMENSIONS[filters.get("group_by") or "Source"]
    data = get_data(filters)
    if data:
        data.append(total(data))
    for row in data:
        row.pop("days", None)
    chart = {"data": {"labels": [r["group"] for r in data[:-1]], "datasets": [
        {"name": "Leads", "values": [r["leads"] for r in data[:-1]]}, {"name": "Converted", "values": [r["converted"] for r in data[:-1]]}]},
        "type": "bar"}  # fmt: skip
    return get_columns(label), data, None, chart
