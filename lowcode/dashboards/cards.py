"""A Number Card's value for the current user."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lowcode.dashboards.sources import AGGREGATES, aggregate_field, parse_filters
from lowcode.db.query import get_count
from lowcode.exceptions import ValidationError
from lowcode.model.document import get_doc
from lowcode.reports.data import get_rows


def card_value(name: str, filters: Any = None) -> dict[str, Any]:
    card = get_doc("Number Card", name)
    what = f"Number Card '{card.name}'"
    conditions = parse_filters(card.filters_json, filters)
    if card.type == "Report":
        value = _from_report(card, conditions, what)
    elif card.type == "Custom":
        value = _call(card.method, what, conditions)
    else:
        if not card.document_type:
            raise ValidationError(f"{what}: set its document type.")
        if card.function == "Count":
            value = get_count(card.document_type, filters=conditions)
        else:
            spec = aggregate_field(card.function, card.aggregate_function_based_on, what)
            rows = get_rows(card.document_type, fields=[f"{spec} as value"], filters=conditions)
            value = rows[0]["value"] if rows else None
    return {"value": value if value is not None else 0, "fieldtype": card.fieldtype or "Int", "label": card.label}


def _from_report(card: Any, conditions: list[list[Any]], what: str) -> Any:
    from lowcode.reports.engine import run

    if not card.report_name or not card.report_field:
        raise ValidationError(f"{what}: set the report and its field.")
    values = {item[0]: item[-1] for item in conditions}
    result = run(card.report_name, values)
    numbers = [Decimal(str(r[card.report_field])) for r in result.rows if r.get(card.report_field) is not None]
    function = card.report_function or "Sum"
    if function == "Count":
        return len(numbers)
    if not numbers:
        return 0
    if function not in AGGREGATES:
        raise ValidationError(f"{what}: unknown report function '{function}'.")
    return {"Sum": sum, "Minimum": min, "Maximum": max, "Average": lambda n: sum(n) / len(n)}[function](numbers)


def _call(method: str | None, what: str, conditions: list[list[Any]]) -> Any:
    """A whitelisted method (same rule as /api/method) called with the filters."""
    from lowcode.web.methods import resolve

    if not method:
        raise ValidationError(f"{what}: set the method.")
    return resolve(method)(filters=conditions)
