"""Lost Reasons: opportunities lost in a period, counted and summed per lost reason and per competitor.

An opportunity lost for two reasons (or against two competitors) counts under each, so the
rows of one kind may add up to more than the opportunities lost; the summary gives those.
"""

from __future__ import annotations

from typing import Any

from lowcode.reports.data import get_rows
from sales_crm.reporting import between, date_range, dec, rate

#: (kind shown, table field, its link field)
KINDS = (("Lost Reason", "lost_reasons", "lost_reason"), ("Competitor", "competitors", "competitor"))


def get_columns() -> list[dict[str, Any]]:
    return [
        {"fieldname": "kind", "label": "By", "fieldtype": "Data", "width": 110},
        {"fieldname": "value", "label": "Reason or Competitor", "fieldtype": "Data", "width": 180},
        {"fieldname": "opportunities", "label": "Opportunities", "fieldtype": "Int"},
        {"fieldname": "amount", "label": "Amount", "fieldtype": "Currency"},
        {"fieldname": "share", "label": "% of Lost", "fieldtype": "Percent"},
    ]


def lost_filters(filters: dict[str, Any]) -> list[list[Any]]:
    start, end = date_range(filters)
    return [["status", "=", "Lost"], *between("closed_on", start, end)]


def lost_totals(filters: dict[str, Any]) -> dict[str, Any]:
    """How many opportunities were lost in the period, and their amount."""
    row = get_rows("Opportunity", fields=["count(name) as n", "sum(expected_revenue) as amount"], filters=lost_filters(filters))[0]
    return {"n": int(row["n"] or 0), "amount": dec(row["amount"])}


def get_data(filters: dict[str, Any], lost: int | None = None) -> list[dict[str, Any]]:
    conditions = lost_filters(filters)
    lost = lost_totals(filters)["n"] if lost is None else lost
    rows: list[dict[str, Any]] = []
    for kind, table, field in KINDS:
        grouped = get_rows("Opportunity", fields=[f"{table}.{field} as value", "count(name) as opportunities",
                                                  "sum(expected_revenue) as amount"],
                           filters=conditions, group_by=f"{table}.{field}")  # fmt: skip
        grouped = [r for r in grouped if r["value"]]  # the joined row of an opportunity without any
        grouped.sort(key=lambda r: (-int(r["opportunities"]), -dec(r["amount"]), str(r["value"])))
        rows += [{"kind": kind, "value": r["value"], "opportunities": int(r["opportunities"]), "amount": dec(r["amount"]),
                  "share": rate(r["opportunities"], lost)} for r in grouped]  # fmt: skip
    return rows


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    totals = lost_totals(filters)
    data = get_data(filters, totals["n"])
    reasons = [r for r in data if r["kind"] == "Lost Reason"]
    chart = {"data": {"labels": [r["value"] for r in reasons], "datasets": [{"name": "Opportunities", "values": [r["opportunities"] for r in reasons]}]},
             "type": "pie"}  # fmt: skip
    summary = [{"label": "Lost Opportunities", "value": totals["n"], "datatype": "Int"},
               {"label": "Lost Amount", "value": totals["amount"], "datatype": "Currency"}]  # fmt: skip
    return get_columns(), data, None, chart, summary
