"""Opportunity escalation: an open opportunity that stays in a stage longer than the
stage's `days_limit` is flagged `stuck` and its team leader and sales person are told.

Run daily by the scheduler. Each opportunity is flagged (and its people notified) once;
moving it to another stage clears the flag (see opportunity/stages.py), and the clock
starts again in the new stage.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.notifications import notify
from lowcode.utils.dates import now
from sales_crm.doctype.opportunity.playbooks import team_leader_of


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
    """Daily: flag the opportunities past their stage's limit and notify; returns their names."""
    flagged = []
    table = get_table("Opportunity")
    for name, stage_name, days, limit in overdue_in_stage():
        local.db.execute(table.update().where(table.c.name == name).values(stuck=1))
        doc = lowcode.get_doc("Opportunity", name)
        text = f"Stuck in stage '{stage_name}' for {days} days (limit {limit})."
        lowcode.new_doc("Comment", comment_type="Info", reference_doctype="Opportunity", reference_name=name, content=text,
                        comment_email="Administrator").insert(ignore_permissions=True)  # fmt: skip
        notify([u for u in (team_leader_of(doc), doc.sales_person_user) if u], f"Opportunity {doc.title or name} is stuck",
               document_type="Opportunity", document_name=name, message=text, email=True)  # fmt: skip
        flagged.append(name)
    return flagged
