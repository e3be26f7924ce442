"""Running a shipped report as a user of the named world, rows as plain tuples for exact comparisons."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lowcode.reports.engine import ReportResult, run
from tests.sales_crm.world import as_user


def report(name: str, user: str, **filters: Any) -> ReportResult:
    with as_user(user):
        return run(name, filters)


def plain(value: Any) -> Any:
    """Decimals and floats as numbers compared exactly to 2 decimals; everything else as it is."""
    if isinstance(value, (Decimal, float)):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    return value


def table(result: ReportResult, *fields: str, total: bool = False) -> list[tuple[Any, ...]]:
    rows = [*result.rows, result.total] if total and result.total is not None else result.rows
    return [tuple(plain(row.get(f)) for f in fields) for row in rows]


def d(value: str | int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
