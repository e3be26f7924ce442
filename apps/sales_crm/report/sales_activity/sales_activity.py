"""Sales Activity: activities due in a period per type, assignee and status, with how many open ones are overdue."""

from __future__ import annotations

from typing import Any

from lowcode.reports.data import get_rows
from lowcode.utils.dates import today
from sales_crm.reporting import between, date_range

KEY = ("activity_type", "assigned_to", "status")


def get_columns() -> list[dict[str, Any]]:
    return [
        {"fieldname": "activity_type", "label": "Type", "fieldtype": "Link", "options": "Activity Type", "width": 120},
        {"fieldname": "assigned_to", "label": "Assigned To", "fieldtype": "Link", "options": "User", "width": 170},
        {"fieldname": "status", "label": "Status", "fieldtype": "Data", "width": 90},
        {"fieldname": "activities", "label": "Activities", "fieldtype": "Int"},
        {"fieldname": "overdue", "label": "Overdue", "fieldtype": "Int"},
    ]


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = date_range(filters)
    conditions = between("due_date", start, end)
    if filters.get("assigned_to"):
        conditions.append(["assigned_to", "=", filters["assigned_to"]])
    fields = [*KEY, "count(name) as activities"]
    grouped = get_rows("Activity", fields=fields, filters=conditions, group_by=", ".join(KEY))
    overdue = get_rows("Activity", fields=fields, filters=[*conditions, ["status", "=", "Open"], ["due_date", "<", today()]],
                       group_by=", ".join(KEY))  # fmt: skip
    late = {tuple(r[k] for k in KEY): int(r["activities"]) for r in overdue}
    rows = [{**{k: r[k] for k in KEY}, "activities": int(r["activities"]), "overdue": late.get(tuple(r[k] for k in KEY), 0)}
            for r in grouped]  # fmt: skip
    return sorted(rows, key=lambda r: tuple(str(r[k] or "") for k in KEY))


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    data = get_data(filters)
    by_type: dict[str, int] = {}
    for row in data:
        by_type[row["activity_type"] or ""] = by_type.get(row["activity_type"] or "", 0) + row["activities"]
    chart = {"data": {"labels": list(by_type), "datasets": [{"name": "Activities", "values": list(by_type.values())}]}, "type": "bar"}
    summary = [{"label": "Overdue", "value": sum(r["overdue"] for r in data), "datatype": "Int", "indicator": "red"}]
    return get_columns(), data, None, chart, summary
