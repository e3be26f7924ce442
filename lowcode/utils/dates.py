"""Dates and times in the site's time zone (stored naive, as Frappe does)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def site_tz() -> ZoneInfo:
    from lowcode.context import has_site, local

    name = local.site.get("time_zone") if has_site() else "UTC"
    return ZoneInfo(name or "UTC")


def now() -> dt.datetime:
    """Current site time, naive, with microseconds."""
    return dt.datetime.now(site_tz()).replace(tzinfo=None)


def today() -> dt.date:
    return now().date()


def to_site_naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(site_tz()).replace(tzinfo=None)


def format_iso(value: dt.date | dt.datetime | dt.time) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value.isoformat()
