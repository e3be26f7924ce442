"""A Dashboard Chart's data for the current user, in frappe-charts' format.

Count / Sum / Average: a time series over a date field, one value per period, grouped in
the database (by year and month, or by day for weekly and daily charts) through the
query builder's permission-aware FROM and WHERE. Group By: one value per value of a
field, optionally stacked by a second field (one dataset per stack value). Report: the
columns of a report's rows. Custom: a whitelisted method.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.dashboards import periods
from lowcode.dashboards.sources import aggregate_field, parse_filters
from lowcode.db.query import Builder, ListQuery
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document, get_doc
from lowcode.perms.documents import check_doctype_permission
from lowcode.reports.data import get_rows

OTHER = "Other"
EARLIEST = dt.date(1900, 1, 1)


def chart_data(name: str, filters: Any = None, timespan: str | None = None, time_interval: str | None = None,
               from_date: Any = None, to_date: Any = None) -> dict[str, Any]:  # fmt: skip
    chart = get_doc("Dashboard Chart", name)
    what = f"Dashboard Chart '{chart.name}'"
    conditions = parse_filters(chart.filters_json, filters)
    if chart.chart_type == "Group By":
        data = _group_by(chart, conditions, what)
    elif chart.chart_type == "Report":
        data = _report(chart, conditions, what)
    elif chart.chart_type == "Custom":
        from lowcode.web.methods import resolve

        data = resolve(chart.method)(filters=conditions)
    else:
        start, end = periods.date_range(
            timespan or chart.timespan or "Last Year", _date(from_date) or chart.from_date, _date(to_date) or chart.to_date
        )
        data = _time_series(chart, conditions, start, end, time_interval or chart.time_interval or "Monthly", what)
    return {**data, "type": (chart.type or "Line").lower(), "chart_name": chart.name}


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _number(value: Any) -> float | int:
    if value is None:
        return 0
    return value if isinstance(value, int) else float(value)


def _time_series(chart: Document, conditions: list[list[Any]], start: dt.date | None, end: dt.date, interval: str,
                 what: str) -> dict[str, Any]:  # fmt: skip
    if not chart.document_type or not chart.based_on:
        raise ValidationError(f"{what}: set the document type and the date field it is based on.")
    check_doctype_permission(chart.document_type, "read")
    if chart.chart_type in ("Sum", "Average") and not chart.value_based_on:
        raise ValidationError(f"{what}: {chart.chart_type} needs the field it is based on.")
    window = [[chart.based_on, "between", [(start or EARLIEST).isoformat(), end.isoformat()]]]
    builder = Builder(ListQuery(chart.document_type, ["name"], [*conditions, *window], limit=None))
    column = builder.column(chart.based_on, "group by")[0]
    total = sa.func.sum(builder.column(chart.value_based_on, "read")[0]) if chart.value_based_on else sa.literal(0)
    if interval in ("Weekly", "Daily"):
        keys: list[Any] = [sa.func.date(column).label("day")]
    else:
        keys = [sa.extract("year", column).label("y"), sa.extract("month", column).label("m")]
    query = (sa.select(*keys, sa.func.count().label("n"), total.label("total")).select_from(builder.from_clause())
             .where(*builder.where(), column.is_not(None)).group_by(*keys))  # fmt: skip
    buckets: dict[dt.date, list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for row in local.db.execute(query):
        day = _date(row[0]) if len(keys) == 1 else dt.date(int(row[0]), int(row[1]), 1)
        bucket = buckets[periods.period_start(day, interval)]  # type: ignore[arg-type]
        bucket[0] += int(row[-2])
        bucket[1] += Decimal(str(row[-1] or 0))
    first = start or (min(buckets) if buckets else end)
    labels, values = [], []
    for period in periods.periods(first, end, interval):
        count, amount = buckets.get(period, (0, Decimal(0)))
        labels.append(periods.label(period, interval))
        value: Any = count if chart.chart_type == "Count" else amount if chart.chart_type == "Sum" else (amount / count if count else 0)
        values.append(_number(value))
    return {"labels": labels, "datasets": [{"name": chart.chart_name, "values": values}]}


def _group_by(chart: Document, conditions: list[list[Any]], what: str) -> dict[str, Any]:
    field, stack = chart.group_by_based_on, chart.stack_by_based_on
    if not chart.document_type or not field:
        raise ValidationError(f"{what}: set the document type and the field to group by.")
    function = chart.group_by_type or "Count"
    spec = aggregate_field("Sum" if function == "Average" else function, chart.aggregate_function_based_on, what)
    fields = [f"{field} as grp", *([f"{stack} as stack"] if stack else []), f"{spec} as value", "count(*) as n"]
    rows = get_rows(chart.document_type, fields=fields, filters=conditions, group_by=",".join([field, *([stack] if stack else [])]))
    cells: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(lambda: [Decimal(0), 0]))
    for row in rows:
        cell = cells[_label(row["grp"])][_label(row.get("stack")) if stack else chart.chart_name]
        cell[0] += Decimal(str(row["value"] or 0))
        cell[1] += int(row["n"])
    size = {g: sum(c[0] if function != "Count" else c[1] for c in s.values()) for g, s in cells.items()}
    order = sorted(cells, key=lambda g: (-size[g], g))
    keep = int(chart.number_of_groups or 0)
    if keep and len(order) > keep:
        other: dict[str, list[Any]] = defaultdict(lambda: [Decimal(0), 0])
        for group in order[keep:]:
            for name, (amount, count) in cells.pop(group).items():
                other[name][0] += amount
                other[name][1] += count
        order = [*order[:keep], OTHER]
        cells[OTHER] = other
    series = sorted({name for s in cells.values() for name in s})

    def value(amount: Decimal, count: int) -> Any:
        return count if function == "Count" else amount if function == "Sum" else (amount / count if count else 0)

    datasets = [{"name": name, "values": [_number(value(*cells[g].get(name, (Decimal(0), 0)))) for g in order]} for name in series]
    return {"labels": order, "datasets": datasets}


def _label(value: Any) -> str:
    return "Not Set" if value in (None, "") else str(value)


def _report(chart: Document, conditions: list[list[Any]], what: str) -> dict[str, Any]:
    from lowcode.reports.engine import run

    if not chart.report_name or not chart.x_field:
        raise ValidationError(f"{what}: set the report and its X field.")
    result = run(chart.report_name, {item[0]: item[-1] for item in conditions})
    y_fields = [f.strip() for f in (chart.y_fields or "").split(",") if f.strip()]
    labels = {c.fieldname: c.label for c in result.columns}
    missing = [f for f in [chart.x_field, *y_fields] if f not in labels]
    if missing or not y_fields:
        raise ValidationError(f"{what}: the report has no column {', '.join(missing) or '(no Y fields set)'}.")
    return {"labels": [_label(r.get(chart.x_field)) for r in result.rows],
            "datasets": [{"name": labels[f], "values": [_number(r.get(f)) for r in result.rows]} for f in y_fields]}  # fmt: skip
