"""Quota Attainment: each Sales Target starting in the period against the revenue won in its period by its person or team."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from lowcode.reports.data import get_rows
from sales_crm.reporting import ZERO, between, date_range, dec, rate, to_date


def get_columns() -> list[dict[str, Any]]:
    return [
        {"fieldname": "target_for", "label": "Sales Person or Team", "fieldtype": "Data", "width": 170},
        {"fieldname": "kind", "label": "Kind", "fieldtype": "Data", "width": 100},
        {"fieldname": "period", "label": "Period", "fieldtype": "Data", "width": 80},
        {"fieldname": "period_start", "label": "From", "fieldtype": "Date"},
        {"fieldname": "period_end", "label": "To", "fieldtype": "Date"},
        {"fieldname": "target", "label": "Target", "fieldtype": "Currency"},
        {"fieldname": "won", "label": "Won", "fieldtype": "Currency"},
        {"fieldname": "attainment", "label": "Attainment %", "fieldtype": "Percent"},
    ]


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = date_range(filters)
    conditions = between("period_start", start, end)
    if filters.get("sales_team"):
        conditions.append(["sales_team", "=", filters["sales_team"]])
    targets = get_rows("Sales Target", fields=["sales_person", "sales_team", "period", "period_start", "period_end", "target_amount"],
                       filters=conditions, order_by="period_start asc, sales_team asc, sales_person asc")  # fmt: skip
    if not targets:
        return []
    first = min(to_date(t["period_start"]) for t in targets)
    last = max(to_date(t["period_end"]) for t in targets)
    won = get_rows("Opportunity", fields=["closed_on", "sales_person", "sales_team", "sum(expected_revenue) as amount"],
                   filters=[["status", "=", "Won"], *between("closed_on", first, last)],
                   group_by="closed_on, sales_person, sales_team")  # fmt: skip
    by_owner: dict[tuple[str, Any], list[tuple[Any, Decimal]]] = defaultdict(list)
    for w in won:
        day, amount = to_date(w["closed_on"]), dec(w["amount"])
        by_owner[("sales_person", w["sales_person"])].append((day, amount))
        by_owner[("sales_team", w["sales_team"])].append((day, amount))
    rows = []
    for target in targets:
        field = "sales_person" if target["sales_person"] else "sales_team"
        who = target[field]
        begin, finish = to_date(target["period_start"]), to_date(target["period_end"])
        amount = sum((a for day, a in by_owner[(field, who)] if begin <= day <= finish), ZERO)  # type: ignore[operator]
        rows.append({"target_for": who, "kind": "Sales Person" if field == "sales_person" else "Sales Team", "period": target["period"],
                     "period_start": begin, "period_end": finish, "target": dec(target["target_amount"]), "won": amount,
                     "attainment": rate(amount, target["target_amount"])})  # fmt: skip
    return rows


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    data = get_data(filters)
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in data:
        totals["target"] += row["target"]
        totals["won"] += row["won"]
    chart = {"data": {"labels": [f"{r['target_for']} {r['period_start']}" for r in data],
                      "datasets": [{"name": "Target", "values": [float(r["target"]) for r in data]},
                                   {"name": "Won", "values": [float(r["won"]) for r in data]}]}, "type": "bar"}  # fmt: skip
    summary = [{"label": "Attainment", "value": rate(totals["won"], totals["target"]), "datatype": "Percent"}]
    return get_columns(), data, None, chart, summary
