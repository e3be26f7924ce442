"""Recurring activities: when one occurrence is closed, the next one is scheduled."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

import lowcode

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
    """Insert the occurrence after `doc`, unless the series has ended (by date or by count)."""
    if not doc.recurrence or not doc.due_date:
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
    return following.insert(ignore_permissions=True)
