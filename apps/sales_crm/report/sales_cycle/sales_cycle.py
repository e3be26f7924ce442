"""Sales Cycle: average days opportunities spent in each stage (from their stage history) and overall.

A stage counts once an opportunity left it (the history row has `left_at`) within the
period. Overall: average days from creation to closing of the opportunities won in the period.
"""

from __future__ import annotations

from typing import Any

from lowcode.db.query import get_list
from lowcode.reports.data import get_rows
from sales_crm.reporting import average, between, date_range, dec, stamped_between


def get_columns() -> list[dict[str, Any]]:
    return [
        {"fieldname": "stage", "label": "Stage", "fieldtype": "Data", "width": 160},
        {"fieldname": "passages", "label": "Opportunities Through", "fieldtype": "Int"},
        {"fieldname": "avg_days", "label": "Avg. Days in Stage", "fieldtype": "Float"},
    ]


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = date_range(filters)
    pipeline = [["pipeline", "=", filters.get("pipeline") or "Sales"]]
    stages = get_rows("Sales Stage", fields=["name", "stage_name", "stage_order"], filters=pipeline, order_by="stage_order asc")
    history = get_list("Opportunity Stage History", parent_doctype="Opportunity", group_by="stage", limit=len(stages) or 1,
                       fields=["stage", "count(name) as passages", "sum(days) as days"],
                       filters=[["stage", "in", [s["name"] for s in stages] or [""]], *stamped_between("left_at", start, end)])  # fmt: skip
    by_stage = {r["stage"]: r for r in history}
    rows = []
    for stage in stages:
        row = by_stage.get(stage["name"])
        if row is None:
            continue
        passages = int(row["passages"])
        rows.append({"stage": stage["stage_name"], "passages": passages, "avg_days": (dec(row["days"]) / passages).quantize(dec("0.01"))})
    return rows


def overall(filters: dict[str, Any]) -> dict[str, Any]:
    start, end = date_range(filters)
    won = get_rows("Opportunity", fields=["creation", "closed_on"],
                   filters=[["pipeline", "=", filters.get("pipeline") or "Sales"], ["status", "=", "Won"], *between("closed_on", start, end)])  # fmt: skip
    days = [(r["closed_on"] - r["creation"].date()).days for r in won]
    return {"stage": "Overall (won, creation to close)", "passages": len(days), "avg_days": average(days)}


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    data = [*get_data(filters), overall(filters)]
    chart = {"data": {"labels": [r["stage"] for r in data[:-1]], "datasets": [{"name": "Avg. Days", "values": [float(r["avg_days"]) for r in data[:-1]]}]},
             "type": "bar"}  # fmt: skip
    return get_columns(), data, None, chart
