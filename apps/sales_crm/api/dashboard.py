"""Figures of the CRM dashboard that a plain count, sum or group-by cannot give (Custom cards and charts).

Each reads through the permission-aware query builder or a shipped report, so every
viewer sees their own figures. `filters` are the card's or chart's conditions
(`[field, operator, value]` lists on Opportunity).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lowcode.db.query import get_count
from lowcode.reports.engine import run
from lowcode.utils.dates import today
from lowcode.web.whitelist import whitelist
from sales_crm.reporting import rate

#: the dashboard's default period, as the SaaS CRM's summary: the last 365 days
DEFAULT_DAYS = 365


def _conditions(filters: Any) -> list[list[Any]]:
    return [list(f) for f in filters or [] if isinstance(f, (list, tuple))]


def _since(filters: Any) -> list[list[Any]]:
    """The caller's conditions, or closed in the last 365 days when they set no date."""
    conditions = _conditions(filters)
    if not any(c[0] == "closed_on" for c in conditions):
        conditions.append(["closed_on", ">=", today() - dt.timedelta(days=DEFAULT_DAYS)])
    return conditions


@whitelist()
def conversion_rate(filters: Any = None) -> Any:
    """Won opportunities as a % of those closed (won or lost) in the period."""
    conditions = _since(filters)
    won = get_count("Opportunity", filters=[*conditions, ["status", "=", "Won"]])
    closed = get_count("Opportunity", filters=[*conditions, ["status", "in", ["Won", "Lost"]]])
    return rate(won, closed)


def _report_values(conditions: list[list[Any]]) -> dict[str, Any]:
    return {c[0]: c[-1] for c in conditions if c and c[1] in ("=", ">=", "<=") and c[0] not in ("closed_on",)}


@whitelist()
def open_deals_by_user_and_stage(filters: Any = None) -> dict[str, Any]:
    """Open deals per sales person (labels), one dataset per stage in stage order, for a stacked bar chart."""
    rows = run("Open Deals per User by Stage", _report_values(_conditions(filters))).rows
    people = list(dict.fromkeys(r["sales_person"] for r in rows))
    stages = list(dict.fromkeys(r["stage"] for r in rows))
    counts = {(r["sales_person"], r["stage"]): int(r["deals"]) for r in rows}
    return {"labels": people, "datasets": [{"name": s, "values": [counts.get((p, s), 0) for p in people]} for s in stages],
            "barOptions": {"stacked": 1}}  # fmt: skip


@whitelist()
def lost_reasons(filters: Any = None) -> dict[str, Any]:
    """Opportunities lost in the period per lost reason."""
    since = today() - dt.timedelta(days=DEFAULT_DAYS)
    rows = [r for r in run("Lost Reasons", {"from_date": since, "to_date": today()}).rows if r["kind"] == "Lost Reason"]
    return {"labels": [r["value"] for r in rows], "datasets": [{"name": "Opportunities", "values": [r["opportunities"] for r in rows]}]}
