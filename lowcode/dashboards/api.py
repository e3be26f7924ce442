"""Whitelisted dashboard methods, with Frappe's chart method name as an alias."""

from __future__ import annotations

from typing import Any

from lowcode.dashboards.cards import card_value
from lowcode.dashboards.charts import chart_data
from lowcode.web.whitelist import whitelist


@whitelist()
def get_number_card_value(name: str, filters: Any = None) -> dict[str, Any]:
    """{"value", "fieldtype", "label"} of a Number Card, for the current user."""
    return card_value(name, filters)


@whitelist()
def get_chart_data(chart_name: str, filters: Any = None, timespan: str | None = None, time_interval: str | None = None,
                   from_date: str | None = None, to_date: str | None = None) -> dict[str, Any]:  # fmt: skip
    """{"labels", "datasets", "type"} of a Dashboard Chart (frappe-charts' format), for the current user."""
    return chart_data(chart_name, filters, timespan, time_interval, from_date, to_date)
