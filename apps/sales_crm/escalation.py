"""Opportunity escalation: an open opportunity that stays in a stage longer than the
stage's `days_limit` is flagged `stuck`; the shipped Notification "Opportunity Stuck"
(a Value Change of `stuck`) tells its team leader and sales person.

Run daily by the scheduler. Each opportunity is flagged (and its people notified) once;
moving it to another stage clears the flag (see opportunity/stages.py), and the clock
starts again in the new stage.
"""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import LowcodeError
from lowcode.utils.dates import now

log = logging.getLogger(__name__)


def _as_datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def overdue_in_stage(at: dt.datetime | None = None) -> list[tuple[str, str, int, int]]:
    """(opportunity, stage name, whole days in the stage, limit) of open, unflagged opportunities past their stage's limit."""
    at = at or now()
    opp, history, stage = get_table("Opportunity"), get_table("Opportunity Stage History"), get_table("Sales Stage")
    current_row = sa.and_(history.c.parent == opp.c.name, history.c.parenttype == "Opportunity", history.c.left_at.is_(None))
    query = (
        sa.select(opp.c.name, stage.c.stage_name, stage.c.days_limit, sa.func.max(history.c.entered_at))
        .join(stage, stage.c.name == opp.c.sales_stage)
        .join(history, sa.and_(current_row, history.c.stage == opp.c.sales_stage))
        .where(opp.c.status == "Open", sa.func.coalesce(opp.c.stuck, 0) == 0, stage.c.days_limit > 0)
        .group_by(opp.c.name, stage.c.stage_name, stage.c.days_limit)
    )
    out = []
    for name, stage_name, limit, entered in local.db.execute(query):
        days = (at - _as_datetime(entered)).days
        if days > limit:
            out.append((name, stage_name, days, int(limit)))
    return sorted(out)


def flag_stuck_opportunities() -> list[str]:
    """Daily: flag the opportunities past their stage's limit (a normal save, so Notification
    rules see the change); returns their names. One that fails its checks is logged and skipped."""
    flagged = []
    for name, stage_name, days, limit in overdue_in_stage():
        doc = lowcode.get_doc("Opportunity", name)
        doc.stuck = 1
        try:
            doc.save(ignore_permissions=True)
        except LowcodeError as exc:
            log.warning("Opportunity %s not flagged as stuck: %s", name, exc)
            continue
        lowcode.new_doc("Comment", comment_type="Info", reference_doctype="Opportunity", reference_name=name, comment_email="Administrator",
                        content=f"Stuck in stage '{stage_name}' for {days} days (limit {limit}).").insert(ignore_permissions=True)  # fmt: skip
        flagged.append(name)
    return flagged
