"""Days Before / Days After notifications, run daily by the scheduler."""

from __future__ import annotations

import datetime as dt

from lowcode.db.query import get_all
from lowcode.meta.cache import get_meta
from lowcode.model.document import get_doc
from lowcode.notifications.rules import enabled_rules, send_rule
from lowcode.utils.dates import today


def run_date_notifications(on: str | None = None) -> int:
    """Send every date rule due today (or on the ISO date `on`); returns how many documents matched."""
    day = dt.date.fromisoformat(on) if on else today()
    sent = 0
    for doctype, rules in enabled_rules().items():
        for rule in rules:
            if rule["event"] not in ("Days Before", "Days After"):
                continue
            days = int(rule["days_in_advance"] or 0)
            target = day + dt.timedelta(days=days if rule["event"] == "Days Before" else -days)
            for name in documents_on(doctype, rule["date_changed"], target):
                sent += send_rule(rule, get_doc(doctype, name))
    return sent


def documents_on(doctype: str, fieldname: str, day: dt.date) -> list[str]:
    """Names of documents whose date (or datetime) field falls on `day`."""
    df = get_meta(doctype).get_field(fieldname)
    if df is None:
        return []
    if df.fieldtype == "Datetime":
        start = dt.datetime.combine(day, dt.time())
        filters = [[fieldname, ">=", start], [fieldname, "<", start + dt.timedelta(days=1)]]
    else:
        filters = [[fieldname, "=", day]]
    return get_all(doctype, filters=filters, pluck="name", order_by="name asc")
