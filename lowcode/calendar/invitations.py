"""Email invitations with an .ics attachment to a record's participants (through the email queue).

Sent when a record of a doctype whose `calendar_events` spec sets `"invite": True` is
created with participants, and again (a higher SEQUENCE, or METHOD:CANCEL) when its time,
title, place, status or participants change; or on demand with `send_invitation`.
"""

from __future__ import annotations

from typing import Any

from lowcode.calendar.ics import attendees, event_for, new_calendar
from lowcode.calendar.sources import calendar_spec
from lowcode.client import get_permitted_doc
from lowcode.web.whitelist import whitelist

WATCHED = ("start", "start_time", "end", "title", "location", "status")


def invitation(doc: Any, spec: dict[str, Any]) -> tuple[bytes, list[str], bool] | None:
    """(the .ics, the attendees' emails, cancelled?) or None when there is no event or nobody to invite."""
    emails = attendees(doc, spec)
    event = event_for(doc.doctype, {**doc.as_dict(), "modified": doc.modified}, spec, invite=emails)
    if event is None or not emails:
        return None
    cancelled = str(event.get("status")) == "CANCELLED"
    cal = new_calendar("CANCEL" if cancelled else "REQUEST")
    cal.add_component(event)
    return cal.to_ical(), emails, cancelled


def send(doc: Any, spec: dict[str, Any]) -> str | None:
    """Queue the invitation email; returns the Email Queue name (None when nobody is invited)."""
    from lowcode.email.queue import send as queue_send

    built = invitation(doc, spec)
    if built is None:
        return None
    content, emails, cancelled = built
    title = str(doc.get(spec["title"]) or doc.name)
    when = (
        f"{doc.get(spec['start'])} {doc.get(spec['start_time']) or ''}".strip() if spec.get("start_time") else str(doc.get(spec["start"]))
    )
    subject = f"{'Cancelled' if cancelled else 'Invitation'}: {title} ({when})"
    message = f"<p>{'This event was cancelled' if cancelled else 'You are invited'}: <b>{_escape(title)}</b>, {_escape(when)}.</p>"
    attachment = {"fname": "invite.ics", "content": content, "mimetype": "text/calendar"}
    return queue_send(emails, subject, message, reference_doctype=doc.doctype, reference_name=doc.name, attachments=[attachment])


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def _changed(doc: Any, spec: dict[str, Any]) -> bool:
    before = doc.get_doc_before_save()
    if before is None:
        return True
    if any(spec.get(key) and doc.has_value_changed(spec[key]) for key in WATCHED):
        return True
    return spec.get("participants") is not None and attendees(before, spec) != attendees(doc, spec)


def on_change(doc: Any, method: str | None = None) -> None:
    """doc_events "*" after_insert and on_update: invite when the event is new or changed."""
    spec = calendar_spec(doc.doctype)
    if not spec or not spec.get("invite") or (method == "on_update" and doc.flags.in_insert):
        return
    if _changed(doc, spec):
        send(doc, spec)


@whitelist(methods=("POST",))
def send_invitation(doctype: str, name: str) -> str | None:
    """Send (again) the invitation of one record the user may email."""
    spec = calendar_spec(doctype)
    if not spec:
        from lowcode.exceptions import ValidationError

        raise ValidationError(f"{doctype} has no calendar fields (hooks calendar_events).", doctype=doctype)
    return send(get_permitted_doc(doctype, name, "email"), spec)
