"""Sales Forecast: the open pipeline by expected close month and by person or team, weighted, against targets.

Periods: the month of From Month and the `periods_ahead` (3) months after it. Targets are
Sales Target records (a quarter's target is spread evenly over its months); users who
cannot read targets see the pipeline without them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from lowcode.reports.data import get_rows
from lowcode.utils.dates import today
from sales_crm.reporting import ZERO, add_months, between, can_read, dec, month_end, month_label, month_start, months, rate, to_date

FIELDS = {"Sales Person": "sales_person", "Sales Team": "sales_team"}


def get_columns(label: str) -> list[dict[str, Any]]:
    return [
        {"fieldname": "period", "label": "Expected Close Month", "fieldtype": "Data", "width": 120},
        {"fieldname": "owner", "label": label, "fieldtype": "Data", "width": 150},
        {"fieldname": "opportunities", "label": "Opportunities", "fieldtype": "Int"},
        {"fieldname": "pipeline", "label": "Pipeline", "fieldtype": "Currency"},
        {"fieldname": "weighted", "label": "Weighted", "fieldtype": "Currency"},
        {"fieldname": "target", "label": "Target", "fieldtype": "Currency"},
        {"fieldname": "coverage", "label": "Weighted / Target %", "fieldtype": "Percent"},
    ]


def period_months(filters: dict[str, Any]) -> list[Any]:
    first = month_start(to_date(filters.get("from_date")) or today())
    ahead = int(filters.get("periods_ahead") if filters.get("periods_ahead") is not None else 3)
    return months(first, add_months(first, max(ahead, 0)))


def monthly_targets(field: str, start: Any, end: Any) -> dict[tuple[Any, str], Decimal]:
    """(month, person or team) -> target for that month."""
    out: dict[tuple[Any, str], Decimal] = defaultdict(lambda: ZERO)
    if not can_read("Sales Target"):
        return out
    rows = get_rows("Sales Target", fields=["sales_person", "sales_team", "period", "period_start", "period_end", "target_amount"],
                    filters=[["period_start", "<=", end], ["period_end", ">=", start], [field, "is", "set"]])  # fmt: skip
    for row in rows:
        covered = months(to_date(row["period_start"]), to_date(row["period_end"]))  # type: ignore[arg-type]
        share = dec(row["target_amount"]) / len(covered)
        for month in covered:
            out[(month, row[field])] += share
    return out


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    field = FIELDS[filters.get("group_by") or "Sales Person"]
    periods = period_months(filters)
    start, end = periods[0], month_end(periods[-1])
    grouped = get_rows("Opportunity", fields=["expected_close_date", field, "count(name) as n", "sum(expected_revenue) as amount",
                                              "sum(weighted_amount) as weighted"],
                       filters=[["status", "=", "Open"], *between("expected_close_date", start, end)],
                       group_by=f"expected_close_date, {field}")  # fmt: skip
    cells: dict[tuple[Any, str], list[Any]] = defaultdict(lambda: [0, ZERO, ZERO])
    for row in grouped:
        cell = cells[(month_start(to_date(row["expected_close_date"])), row[field] or "")]  # type: ignore[arg-type]
        cell[0] += int(row["n"])
        cell[1] += dec(row["amount"])
        cell[2] += dec(row["weighted"])
    targets = monthly_targets(field, start, end)
    keys = sorted(set(cells) | {k for k in targets if k[0] in periods}, key=lambda k: (k[0], k[1]))
    rows = []
    for month, owner in keys:
        n, amount, weighted = cells.get((month, owner), [0, ZERO, ZERO])
        target = targets.get((month, owner), ZERO).quantize(Decimal("0.01"))
        rows.append({"period": month_label(month), "owner": owner or "(unassigned)", "opportunities": n, "pipeline": amount,
                     "weighted": weighted, "target": target, "coverage": rate(weighted, target)})  # fmt: skip
    return rows


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    label = filters.get("group_by") or "Sales Person"
    data = get_data(filters)
    labels = [month_label(m) for m in period_months(filters)]
    weighted = [float(sum((r["weighted"] for r in data if r["period"] == p), ZERO)) for p in labels]
    target = [float(sum((r["target"] for r in data if r["period"] == p), ZERO)) for p in labels]
    chart = {"data": {"labels": labels, "datasets": [{"name": "Weighted", "values": weighted}, {"name": "Target", "values": target}]},
             "type": "bar"}  # fmt: skip
    return get_columns(label), data, None, chart
