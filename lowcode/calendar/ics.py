"""Building iCalendar (RFC 5545) data with the `icalendar` package: one event per record.

The event's UID is stable (`<doctype>-<name>@<site>`) and its SEQUENCE grows with the
record's `modified`, so calendar clients update the event they already have.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from icalendar import Calendar, Event, vCalAddress, vText

from lowcode.context import local
from lowcode.db.query import get_value
from lowcode.meta.cache import get_meta
from lowcode.utils.dates import now, site_tz

PRODID = "-//lowcode//calendar//EN"
DEFAULT_MINUTES = 30


def new_calendar(method: str | None = None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _start_end(values: dict[str, Any], spec: dict[str, Any]) -> tuple[Any, Any] | None:
    start = values.get(spec["start"])
    if start in (None, ""):
        return None
    start_time = values.get(spec["start_time"]) if spec.get("start_time") else None
    if isinstance(start, dt.datetime):
        begin: dt.date | dt.datetime = start.replace(tzinfo=site_tz()) if start.tzinfo is None else start
    elif isinstance(start_time, dt.time | dt.timedelta):
        moment = start_time if isinstance(start_time, dt.time) else (dt.datetime.min + start_time).time()
        begin = dt.datetime.combine(start, moment, tzinfo=site_tz())
    else:
        begin = start
    end = values.get(spec["end"]) if spec.get("end") else None
    if end in (None, ""):
        end = (
            begin + dt.timedelta(minutes=int(spec.get("duration_minutes") or DEFAULT_MINUTES))
            if isinstance(begin, dt.datetime)
            else begin + dt.timedelta(days=1)
        )
    elif isinstance(end, dt.datetime) and end.tzinfo is None:
        end = end.replace(tzinfo=site_tz())
    return begin, end


def email_of(doctype: str, name: str) -> str | None:
    """The email of a participant row's target: a User's name, else its Email-typed field."""
    if doctype == "User":
        return name if "@" in name else None
    meta = get_meta(doctype)
    field = next((df.fieldname for df in meta.data_fields if df.options == "Email" or df.fieldname in ("email_id", "email")), None)
    return get_value(doctype, name, field) if field else None


def attendees(doc: Any, spec: dict[str, Any]) -> list[str]:
    """Emails of the record's participants (rows whose Dynamic Link points at a User, Contact, Lead...)."""
    table = spec.get("participants")
    out: list[str] = []
    for row in doc.get(table) or [] if table else []:
        link = next((df for df in row.meta.dynamic_link_fields), None)
        target = row.get(link.options) if link else None
        email = email_of(str(target), str(row.get(link.fieldname))) if link and target and row.get(link.fieldname) else None
        if email and email not in out:
            out.append(email)
    return out


def _plain(text: Any) -> str:
    return re.sub(r"<[^>]+>", " ", str(text or "")).strip()


def event_for(doctype: str, values: dict[str, Any], spec: dict[str, Any], *, invite: list[str] | None = None) -> Event | None:
    """The event of one record's values (None when its start is empty); `invite` adds organizer and attendees."""
    when = _start_end(values, spec)
    if when is None:
        return None
    event = Event()
    event.add("uid", f"{_slug(doctype)}-{values['name']}@{local.site.name}")
    event.add("dtstamp", now().replace(tzinfo=site_tz()))
    event.add("dtstart", when[0])
    event.add("dtend", when[1])
    event.add("summary", str(values.get(spec["title"]) or values["name"]))
    if spec.get("description") and values.get(spec["description"]):
        event.add("description", _plain(values[spec["description"]]))
    if spec.get("location") and values.get(spec["location"]):
        event.add("location", str(values[spec["location"]]))
    cancelled = bool(spec.get("status")) and values.get(spec["status"]) == spec.get("cancelled_status")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    modified = values.get("modified")
    event.add("sequence", int(modified.timestamp()) // 60 if isinstance(modified, dt.datetime) else 0)
    event.add("url", f"{str(local.site.get('host_name')).rstrip('/')}/app/{_slug(doctype)}/{quote(str(values['name']))}")
    if invite is not None:
        organizer = (values.get(spec["user_field"]) if spec.get("user_field") else None) or values.get("owner")
        if organizer and "@" in str(organizer):
            event.add("organizer", vCalAddress(f"mailto:{organizer}"))
        for email in invite:
            address = vCalAddress(f"mailto:{email}")
            address.params["role"] = vText("REQ-PARTICIPANT")
            address.params["partstat"] = vText("NEEDS-ACTION")
            address.params["rsvp"] = vText("TRUE")
            event.add("attendee", address, encode=0)
    return event


def _slug(doctype: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", doctype.lower()).strip("-")
