"""Test Order Lines: every item line of the orders the user may read (a script report)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lowcode.reports.data import get_rows


def get_columns() -> list[dict[str, Any]]:
    return [
        {"fieldname": "order", "label": "Order", "fieldtype": "Link", "options": "Test Order", "width": 140},
        {"fieldname": "customer", "label": "Customer", "fieldtype": "Link", "options": "Test Customer"},
        {"fieldname": "item", "label": "Item", "fieldtype": "Data"},
        {"fieldname": "qty", "label": "Qty", "fieldtype": "Float"},
        {"fieldname": "amount", "label": "Amount", "fieldtype": "Currency"},
    ]


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    conditions = {"customer": filters["customer"]} if filters.get("customer") else {}
    fields = ["name as order", "customer", "items.item_name as item", "items.qty as qty", "items.amount as amount"]
    return get_rows("Test Order", fields=fields, filters=conditions, order_by="name asc, items.idx asc")


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    data = get_data(filters)
    total = sum((Decimal(str(r["amount"] or 0)) for r in data), Decimal(0))
    chart = {"data": {"labels": [r["item"] for r in data], "datasets": [{"name": "Amount", "values": [float(r["amount"] or 0) for r in data]}]},
             "type": "bar"}  # fmt: skip
    summary = [{"label": "Lines", "value": len(data), "datatype": "Int"}, {"label": "Amount", "value": total, "datatype": "Currency"}]
    return get_columns(), data, f"{len(data)} lines", chart, summary
