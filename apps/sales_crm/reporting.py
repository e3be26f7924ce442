"""Helpers the shipped reports share: months, sums, rates, and what the user may read.

Every row comes from `lowcode.reports.data.get_rows` (the permission-aware query builder)
or from a query report's permitted SQL, so a sales user's figures are their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from lowcode.perms.documents import has_permission
from lowcode.utils.dates import today

ZERO = Decimal(0)


def dec(value: Any) -> Decimal:
    """A database or report value as a Decimal (None is zero)."""
    if value is None or value == "":
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return add_months(day, 1) - dt.timedelta(days=1)


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from `start`'s month to `end`'s, both included."""
    out, current = [], month_start(start)
    while current <= end:
        out.append(current)
        current = add_months(current, 1)
    return out


def month_label(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def rate(part: Any, whole: Any) -> Decimal:
    """`part` as a percentage of `whole`, 2 decimals (0 when `whole` is 0)."""
    whole = dec(whole)
    return (dec(part) * 100 / whole).quantize(Decimal("0.01")) if whole else ZERO


def average(values: Iterable[Any]) -> Decimal:
    items = [dec(v) for v in values]
    return (sum(items, ZERO) / len(items)).quantize(Decimal("0.01")) if items else ZERO


def can_read(doctype: str) -> bool:
    """Whether the current user reads `doctype` at all (rows they cannot read are never fetched)."""
    return has_permission(doctype, "read")


def date_range(filters: dict[str, Any], default_days: int = 365) -> tuple[dt.date, dt.date]:
    """The report's from/to dates, by default the last `default_days` days."""
    end = to_date(filters.get("to_date")) or today()
    start = to_date(filters.get("from_date")) or end - dt.timedelta(days=default_days)
    return start, end


def between(fieldname: str, start: dt.date, end: dt.date) -> list[list[Any]]:
    return [[fieldname, ">=", start], [fieldname, "<=", end]]


def stamped_between(fieldname: str, start: dt.date, end: dt.date) -> list[list[Any]]:
    """Filters for a Datetime field falling on the days `start` to `end`."""
    first = dt.datetime.combine(start, dt.time())
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    return [[fieldname, ">=", first], [fieldname, "<", after]]
