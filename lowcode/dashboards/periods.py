"""Time ranges and periods for time-series charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from lowcode.exceptions import ValidationError
from lowcode.utils.dates import today

INTERVALS = ("Yearly", "Quarterly", "Monthly", "Weekly", "Daily")


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def date_range(timespan: str, from_date: dt.date | None, to_date: dt.date | None) -> tuple[dt.date | None, dt.date]:
    """(start, end) of a timespan; start None for All Time."""
    end = to_date or today()
    spans = {
        "Last Year": lambda: _months_back(end, 11),
        "Last Quarter": lambda: _months_back(end, 2),
        "Last Month": lambda: end - dt.timedelta(days=30),
        "Last Week": lambda: end - dt.timedelta(days=6),
        "Last 365 Days": lambda: end - dt.timedelta(days=364),
    }
    if timespan == "All Time":
        return None, end
    if timespan == "Select Date Range":
        if from_date is None:
            raise ValidationError("Select Date Range needs a from date.")
        return from_date, end
    if timespan not in spans:
        raise ValidationError(f"Unknown timespan '{timespan}' (use {', '.join([*spans, 'All Time', 'Select Date Range'])}).")
    return spans[timespan](), end


def period_start(day: dt.date, interval: str) -> dt.date:
    if interval == "Yearly":
        return dt.date(day.year, 1, 1)
    if interval == "Quarterly":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if interval == "Monthly":
        return dt.date(day.year, day.month, 1)
    if interval == "Weekly":
        return day - dt.timedelta(days=day.weekday())
    if interval == "Daily":
        return day
    raise ValidationError(f"Unknown time interval '{interval}' (use {', '.join(INTERVALS)}).")


def periods(start: dt.date, end: dt.date, interval: str) -> Iterator[dt.date]:
    current = period_start(start, interval)
    while current <= end:
        yield current
        if interval == "Daily":
            current += dt.timedelta(days=1)
        elif interval == "Weekly":
            current += dt.timedelta(days=7)
        else:
            step = {"Monthly": 1, "Quarterly": 3, "Yearly": 12}[interval]
            current = _months_back(current, -step)


def label(start: dt.date, interval: str) -> str:
    if interval == "Yearly":
        return str(start.year)
    if interval == "Quarterly":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if interval == "Monthly":
        return f"{start.year}-{start.month:02d}"
    return start.isoformat()
