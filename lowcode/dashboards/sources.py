"""Shared pieces of cards and charts: their filters (with relative dates), and aggregates via the query builder."""

from __future__ import annotations

import json
from typing import Any

from lowcode.db.filters import parse_json_arg
from lowcode.exceptions import ValidationError
from lowcode.reports.filters import relative_value

AGGREGATES = {"Count": "count", "Sum": "sum", "Average": "avg", "Minimum": "min", "Maximum": "max"}


def _resolve(value: Any) -> Any:
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return relative_value(value)


def parse_filters(*sources: Any) -> list[list[Any]]:
    """The record's filters followed by the caller's, as [field, operator, value] lists with `Today-30` resolved."""
    out: list[list[Any]] = []
    for source in sources:
        parsed = parse_json_arg(source, "filters", "Dashboard")
        if not parsed:
            continue
        if isinstance(parsed, dict):
            parsed = [[k, *(v if isinstance(v, list) and len(v) == 2 else ["=", v])] for k, v in parsed.items()]
        if not isinstance(parsed, list):
            raise ValidationError("Dashboard filters are a JSON list of [field, operator, value] or an object.")
        for item in parsed:
            if not isinstance(item, list) or len(item) not in (3, 4):
                raise ValidationError(f"Each dashboard filter is [field, operator, value], not {json.dumps(item)[:80]}.")
            out.append([*item[:-1], _resolve(item[-1])])
    return out


def aggregate_field(function: str, field: str | None, what: str) -> str:
    """The query builder's field spec for an aggregate ('count(*)', 'sum(total)')."""
    if function not in AGGREGATES:
        raise ValidationError(f"{what}: unknown function '{function}' (use {', '.join(AGGREGATES)}).")
    if function == "Count":
        return "count(*)"
    if not field:
        raise ValidationError(f"{what}: {function} needs the field to aggregate.")
    return f"{AGGREGATES[function]}({field})"
