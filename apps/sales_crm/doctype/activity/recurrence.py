"""Recurring activities: the next occurrence is scheduled when one is closed or falls due.

Each occurrence points at the one created after it (`next_occurrence`), so closing an
occurrence whose successor the daily job already made does not make a second one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.utils.dates import today

if TYPE_CHECKING:
    from lowcode.model.document import Document

#: copied from one occurrence to the next
CARRIED = ("activity_type", "subject", "reference_doctype", "reference_name", "assigned_to", "due_time",
           "recurrence", "repeat_interval", "repeat_until", "repeat_count")  # fmt: skip


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months`, kept within the target month (31 Jan + 1 month = 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def next_due(due: dt.date, recurrence: str, interval: int) -> dt.date:
    if recurrence == "Daily":
        return due + dt.timedelta(days=interval)
    if recurrence == "Weekly":
        return due + dt.timedelta(weeks=interval)
    if recurrence == "Monthly":
        return add_months(due, interval)
    return add_months(due, 12 * interval)


def schedule_next(doc: Document) -> Document | None:
    """Insert the occurrence after `doc`, unless the series has ended (by date or by count)
    or it was inserted already."""
    if not doc.recurrence or not doc.due_date or doc.next_occurrence:
        return None
    if doc.repeat_count and doc.occurrence >= doc.repeat_count:
        return None
    due = next_due(doc.due_date, doc.recurrence, doc.repeat_interval or 1)
    if doc.repeat_until and due > doc.repeat_until:
        return None
    following = lowcode.new_doc("Activity", **{f: doc.get(f) for f in CARRIED})
    following.update({
        "due_date": due, "occurrence": (doc.occurrence or 1) + 1, "owner": doc.owner,
        "participants": [{"participant_type": r.participant_type, "participant": r.participant} for r in doc.participants],
    })  # fmt: skip
    following.flags.keep_owner = True
    following.insert(ignore_permissions=True)
    table = get_table("Activity")
    local.db.execute(table.update().where(table.c.name == doc.name).values(next_occurrence=following.name))
    doc.next_occurrence = following.name
    return following


def schedule_due_occurrences() -> list[str]:
    """Daily: the next occurrence of every open recurring activity that is due or overdue."""
    names = lowcode.get_all("Activity", pluck="name", order_by="due_date asc, name asc", filters={
        "status": "Open", "recurrence": ["is", "set"], "due_date": ["<=", today()], "next_occurrence": ["is", "not set"],
    })  # fmt: skip
    created = [schedule_next(lowcode.get_doc("Activity", name)) for name in names]
    return [doc.name for doc in created if doc is not None]
