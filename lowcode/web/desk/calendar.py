"""/app/<doctype-slug>/view/calendar: month, week and day views over a Date or Datetime field.

Records come from the permission-aware query builder (own records only for own-only users);
dragging an event to another day is a normal save of that field.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
from typing import Any

from lowcode.calendar.sources import calendar_spec
from lowcode.context import Local
from lowcode.db.query import get_list
from lowcode.exceptions import ValidationError
from lowcode.meta.meta import DocField, Meta
from lowcode.utils.dates import today
from lowcode.web.desk.listview import parse_state, search_filters
from lowcode.web.desk.render import Desk, doctype_for, render
from lowcode.web.request import Call, Reply

MODES = ("month", "week", "day")
MAX_EVENTS = 500


def date_fields(meta: Meta) -> list[DocField]:
    return [df for df in meta.data_fields if df.fieldtype in ("Date", "Datetime")]


def visible_range(mode: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day shown: whole weeks (Monday first) for a month, one week, or one day."""
    if mode == "day":
        return anchor, anchor
    if mode == "week":
        start = anchor - dt.timedelta(days=anchor.weekday())
        return start, start + dt.timedelta(days=6)
    first = anchor.replace(day=1)
    last = anchor.replace(day=cal.monthrange(anchor.year, anchor.month)[1])
    return first - dt.timedelta(days=first.weekday()), last + dt.timedelta(days=6 - last.weekday())


def step(mode: str, anchor: dt.date, direction: int) -> dt.date:
    if mode == "day":
        return anchor + dt.timedelta(days=direction)
    if mode == "week":
        return anchor + dt.timedelta(weeks=direction)
    month = anchor.month - 1 + direction
    year = anchor.year + month // 12
    return dt.date(year, month % 12 + 1, 1)


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    meta = doctype_for(call.path_params["slug"])
    fields = date_fields(meta)
    if not fields:
        raise ValidationError(f"{meta.name} has no date field to show on a calendar.")
    wanted = str(call.args.get("field") or fields[0].fieldname)
    field = next((df for df in fields if df.fieldname == wanted), fields[0])
    mode = str(call.args.get("mode") or "month")
    mode = mode if mode in MODES else "month"
    try:
        anchor = dt.date.fromisoformat(str(call.args.get("date") or today().isoformat()))
    except ValueError:
        anchor = today()
    start, end = visible_range(mode, anchor)
    state = parse_state(meta, call.args)
    title = meta.title_field if meta.title_field and meta.get_field(meta.title_field) else "name"
    end_value: Any = dt.datetime.combine(end, dt.time.max) if field.fieldtype == "Datetime" else end
    rows = get_list(meta.name, fields=list(dict.fromkeys(["name", title, field.fieldname])),
                    filters=[*state.all_filters(), [field.fieldname, ">=", start], [field.fieldname, "<=", end_value]],
                    or_filters=search_filters(meta, state.search), order_by=f"{field.fieldname} asc", limit=MAX_EVENTS)  # fmt: skip
    by_day: dict[dt.date, list[dict[str, Any]]] = {}
    now_day = today()
    for row in rows:
        value = row[field.fieldname]
        day = value.date() if isinstance(value, dt.datetime) else value
        status = "overdue" if day < now_day else "today" if day == now_day else "future"
        by_day.setdefault(day, []).append(
            {"name": row["name"], "title": row.get(title) or row["name"], "value": str(value), "status": status}
        )
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    weekdays = [desk._(cal.day_name[i]) for i in range(7)]
    return render("desk/calendar.html", desk, meta=meta, field=field, fields=fields, mode=mode, anchor=anchor, days=days,
                  by_day=by_day, today=now_day, weekdays=weekdays, prev=step(mode, anchor, -1), next=step(mode, anchor, 1),
                  state=state, modes=MODES, in_feed=bool((calendar_spec(meta.name) or {}).get("user_field")))  # fmt: skip
