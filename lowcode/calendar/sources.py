"""Which fields make a calendar event of a doctype, declared by apps in hooks.py:

    calendar_events = {
        "Activity": {"start": "due_date", "start_time": "due_time", "title": "subject", "description": "outcome",
                     "duration_minutes": 30, "participants": "participants", "user_field": "assigned_to"},
    }

`start` (a Date or Datetime field) and `title` are required; `start_time` (a Time field),
`end` (Date/Datetime), `description`, `location` and `status` are optional;
`participants` names a Table field whose rows point at Users, Contacts or Leads (their
email is looked up); `cancelled_status` is the status value that cancels the event;
`user_field` (a Link to User) puts the event in that user's feed; `invite` sends the
participants an .ics invitation when the event is created or changed.
"""

from __future__ import annotations

from typing import Any

from lowcode.context import local
from lowcode.exceptions import HookError
from lowcode.meta.cache import derived

KEYS = {"start", "start_time", "end", "title", "description", "location", "status", "cancelled_status",
        "duration_minutes", "participants", "user_field", "invite"}  # fmt: skip
REQUIRED = ("start", "title")


def check_hook(app: str, value: Any) -> None:
    """Refuse a malformed `calendar_events` hook when the app loads."""
    if not isinstance(value, dict):
        raise HookError(f"App '{app}': hooks.calendar_events must be a dict of doctype -> calendar fields.")
    for doctype, spec in value.items():
        if not isinstance(spec, dict):
            raise HookError(f"App '{app}': hooks.calendar_events[{doctype!r}] must be a dict.")
        unknown = set(spec) - KEYS
        missing = [k for k in REQUIRED if not spec.get(k)]
        if unknown or missing:
            raise HookError(
                f"App '{app}': hooks.calendar_events[{doctype!r}]: "
                + (f"unknown keys {sorted(unknown)}; " if unknown else "")
                + (f"missing {missing}; " if missing else "")
                + f"known keys: {', '.join(sorted(KEYS))}."
            )


def _build() -> dict[str, dict[str, Any]]:
    from lowcode.apps import ordered

    out: dict[str, dict[str, Any]] = {}
    for app in ordered(local.site.installed_apps):
        out.update(app.hook("calendar_events") or {})
    return out


def calendar_spec(doctype: str) -> dict[str, Any] | None:
    return derived(local.site, "calendar_events", _build).get(doctype)


def calendar_doctypes() -> list[str]:
    return sorted(derived(local.site, "calendar_events", _build))
