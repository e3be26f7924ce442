"""Activity reminders: the assignee of an open activity with a due time hears about it
`activity_reminder_minutes` (CRM Settings) before, in the bell and by email.

Run every five minutes by the scheduler. Each activity is reminded once; moving its due
date or time makes it due a reminder again (see Activity.validate). A reminder the
scheduler missed is still sent while the activity is less than one window late.
"""

from __future__ import annotations

import datetime as dt

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.notifications import notify
from lowcode.utils.dates import now


def _due(date: dt.date, time: dt.time | dt.timedelta) -> dt.datetime:
    if isinstance(time, dt.timedelta):  # MariaDB hands TIME columns back as durations
        return dt.datetime.combine(date, dt.time()) + time
    return dt.datetime.combine(date, time)


def remind_due_activities(at: dt.datetime | None = None) -> list[str]:
    """Remind the assignees of activities due within the window; returns the activities' names."""
    minutes = int(lowcode.get_value("CRM Settings", None, "activity_reminder_minutes") or 0)
    if not minutes:
        return []
    at = at or now()
    window = dt.timedelta(minutes=minutes)
    rows = lowcode.get_all("Activity", fields=["name", "subject", "due_date", "due_time", "assigned_to"], order_by="due_date asc, due_time asc",
                           filters={"status": "Open", "reminder_sent": 0, "due_time": ["is", "set"], "assigned_to": ["is", "set"],
                                    "due_date": ["between", [(at - window).date(), (at + window).date()]]})  # fmt: skip
    table = get_table("Activity")
    reminded = []
    for row in rows:
        due = _due(row["due_date"], row["due_time"])
        if not at - window <= due <= at + window:
            continue
        local.db.execute(table.update().where(table.c.name == row["name"]).values(reminder_sent=1))
        notify([row["assigned_to"]], f"Reminder: {row['subject']} at {due:%H:%M}", document_type="Activity", document_name=row["name"],
               message=f"{row['subject']} is due on {due:%Y-%m-%d} at {due:%H:%M}.", email=True)  # fmt: skip
        reminded.append(row["name"])
    return reminded
