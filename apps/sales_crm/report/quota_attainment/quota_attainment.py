"""Quota Attainment: each Sales Target starting in the period against the revenue won in its period by its person or team.

The won revenue is summed in the database per person and team over the pieces the target
periods cut the calendar into (months, when the targets are months and quarters), so the
rows read do not grow with the number of deals.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from decimal import Decimal
from typing import Any

from lowcode.reports.data import get_rows
from sales_crm.reporting import ZERO, between, date_range, dec, rate, to_date

ONE_DAY = dt.timedelta(days=1)


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
    periods = [(to_date(t["period_start"]), to_date(t["period_end"])) for t in targets]
    spans = pieces(periods)  # type: ignore[arg-type]
    won: dict[tuple[int, str, Any], Decimal] = defaultdict(lambda: ZERO)
    for index, (begin, finish) in enumerate(spans):
        for w in get_rows("Opportunity", fields=["sales_person", "sales_team", "sum(expected_revenue) as amount"],
                          filters=[["status", "=", "Won"], *between("closed_on", begin, finish)], group_by="sales_person, sales_team"):  # fmt: skip
            for field in ("sales_person", "sales_team"):
                won[(index, field, w[field])] += dec(w["amount"])
    rows = []
    for target, (begin, finish) in zip(targets, periods, strict=True):
        field = "sales_person" if target["sales_person"] else "sales_team"
        who = target[field]
        amount = sum((won.get((i, field, who), ZERO) for i, span in enumerate(spans) if begin <= span[0] and span[1] <= finish), ZERO)
        rows.append({"target_for": who, "kind": "Sales Person" if field == "sales_person" else "Sales Team", "period": target["period"],
                     "period_start": begin, "period_end": finish, "target": dec(target["target_amount"]), "won": amount,
                     "attainment": rate(amount, target["target_amount"])})  # fmt: skip
    return rows


def pieces(periods: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The periods cut where any of them starts or ends: every period is a run of these pieces, none overlap."""
    cuts = sorted({begin for begin, _ in periods} | {finish + ONE_DAY for _, finish in periods})
    return [(begin, after - ONE_DAY) for begin, after in itertools.pairwise(cuts)
            if any(start <= begin and after - ONE_DAY <= finish for start, finish in periods)]  # fmt: skip


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
