"""Lead Conversion: leads created in a period per source, campaign or owner; how many were converted, the rate, and the average days to convert."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lowcode.reports.data import get_rows
from sales_crm.reporting import average, date_range, dec, rate, stamped_between

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
    field, _label = DIMENSIONS[filters.get("group_by") or "Source"]
    start, end = date_range(filters)
    created = stamped_between("creation", start, end)
    counts = get_rows("Lead", fields=[f"{field} as grp", "count(name) as leads"], filters=created, group_by=field)
    converted = get_rows("Lead", fields=[f"{field} as grp", "creation", "converted_on"],
                         filters=[*created, ["status", "=", "Converted"]])  # fmt: skip
    days: dict[str, list[Any]] = defaultdict(list)
    for row in converted:
        span = (row["converted_on"] - row["creation"]).total_seconds() / 86400 if row["converted_on"] else 0
        days[row["grp"] or NONE].append(dec(round(span, 2)))
    rows = []
    for row in sorted(counts, key=lambda r: (-int(r["leads"]), str(r["grp"] or ""))):
        group = row["grp"] or NONE
        rows.append({"group": group, "leads": int(row["leads"]), "converted": len(days[group]),
                     "conversion_rate": rate(len(days[group]), row["leads"]), "avg_days": average(days[group])})  # fmt: skip
    return rows


def total(rows: list[dict[str, Any]], all_days: list[Any]) -> dict[str, Any]:
    leads, converted = sum(r["leads"] for r in rows), sum(r["converted"] for r in rows)
    return {
        "group": "Total",
        "leads": leads,
        "converted": converted,
        "conversion_rate": rate(converted, leads),
        "avg_days": average(all_days),
    }


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    _field, label = DIMENSIONS[filters.get("group_by") or "Source"]
    data = get_data(filters)
    if data:
        weighted = [r["avg_days"] for r in data for _ in range(r["converted"])]
        data.append(total(data, weighted))
    chart = {"data": {"labels": [r["group"] for r in data[:-1]], "datasets": [
        {"name": "Leads", "values": [r["leads"] for r in data[:-1]]}, {"name": "Converted", "values": [r["converted"] for r in data[:-1]]}]},
        "type": "bar"}  # fmt: skip
    return get_columns(label), data, None, chart
