"""Sales Funnel: leads, opportunities, quotations and sales orders created in a period, and the conversion between steps.

Each count is of the documents the user may read; a step whose doctype the user cannot
read at all is left out (a sales user has no sales orders).
"""

from __future__ import annotations

from typing import Any

from lowcode.db.query import get_count
from sales_crm.reporting import can_read, date_range, rate, stamped_between

#: (label, doctype, extra filters)
STEPS = (
    ("Leads", "Lead", []),
    ("Opportunities", "Opportunity", []),
    ("Quotations", "Quotation", [["docstatus", "<", 2]]),
    ("Sales Orders", "Sales Order", [["docstatus", "=", 1]]),
)


def get_columns() -> list[dict[str, Any]]:
    return [
        {"fieldname": "step", "label": "Step", "fieldtype": "Data", "width": 160},
        {"fieldname": "count", "label": "Count", "fieldtype": "Int"},
        {"fieldname": "from_previous", "label": "Conversion from Previous %", "fieldtype": "Percent"},
        {"fieldname": "from_first", "label": "Conversion from Leads %", "fieldtype": "Percent"},
    ]


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = date_range(filters)
    rows: list[dict[str, Any]] = []
    for label, doctype, extra in STEPS:
        if not can_read(doctype):
            continue
        count = get_count(doctype, filters=[*stamped_between("creation", start, end), *extra])
        previous = rows[-1]["count"] if rows else count
        first = rows[0]["count"] if rows else count
        rows.append({"step": label, "count": count, "from_previous": rate(count, previous), "from_first": rate(count, first)})
    return rows


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    data = get_data(filters)
    chart = {"data": {"labels": [r["step"] for r in data], "datasets": [{"name": "Count", "values": [r["count"] for r in data]}]},
             "type": "bar"}  # fmt: skip
    return get_columns(), data, None, chart
