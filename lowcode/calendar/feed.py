"""Private per-user calendar feeds: GET /api/calendar/<token>.ics, for Outlook or Google Calendar.

The address holds a random token (only its SHA-256 digest is stored, in a Calendar Token
record); whoever has it reads the user's events without a password, so it can be revoked
(a new address replaces the old one). The feed lists the events of every doctype with
`calendar_events` whose `user_field` is the user or whose participants include them, read
with the user's own permissions. The desk's calendar view offers the address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import sqlalchemy as sa
from starlette.responses import Response

from lowcode.calendar.ics import event_for, new_calendar
from lowcode.calendar.sources import calendar_doctypes, calendar_spec
from lowcode.context import Local, local
from lowcode.db.query import iter_list
from lowcode.db.tables import get_table
from lowcode.exceptions import AuthenticationError, DoesNotExistError, PermissionError
from lowcode.meta.cache import get_meta
from lowcode.model.document import new_doc
from lowcode.utils.dates import today
from lowcode.web.request import Call, Reply
from lowcode.web.whitelist import whitelist

DOCTYPE = "Calendar Token"
PAST_DAYS = 90


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def revoke(user: str) -> int:
    table = get_table(DOCTYPE)
    return local.db.execute(table.delete().where(table.c.user == user)).rowcount or 0


def create_token(user: str) -> str:
    """A new feed token for `user` (older ones stop working); shown once, only its digest is kept."""
    revoke(user)
    token = secrets.token_urlsafe(32)
    new_doc(DOCTYPE, user=user, token_digest=_digest(token)).insert(ignore_permissions=True)
    return token


def user_for(token: str) -> str | None:
    table = get_table(DOCTYPE)
    users = get_table("User")
    query = (
        sa.select(table.c.user)
        .join(users, users.c.name == table.c.user)
        .where(table.c.token_digest == _digest(token), users.c.enabled == 1)
    )
    return local.db.scalar(query)


def feed_url(token: str) -> str:
    return f"{str(local.site.get('host_name')).rstrip('/')}/api/calendar/{token}.ics"


@whitelist(methods=("POST",))
def new_feed_url() -> str:
    """A fresh private feed address for the current user (the previous one stops working)."""
    if local.user == "Guest":
        raise AuthenticationError("Log in to get your calendar address.")
    return feed_url(create_token(local.user))


@whitelist(methods=("POST",))
def revoke_feed() -> int:
    """Stop the current user's feed address."""
    return revoke(local.user)


def feed(user: str) -> bytes:
    """The user's events from PAST_DAYS ago on, of every calendar doctype they may read."""
    cal = new_calendar(name=f"lowcode · {user}")
    since = today() - dt.timedelta(days=PAST_DAYS)
    for doctype in calendar_doctypes():
        spec = calendar_spec(doctype) or {}
        if not spec.get("user_field"):
            continue
        wanted = {"name", "modified", "owner", *(spec[k] for k in ("start", "start_time", "end", "title", "description", "location", "status",
                                                               "user_field") if spec.get(k))}  # fmt: skip
        mine = [[spec["user_field"], "=", user], *_as_participant(doctype, spec, user)]
        try:
            keys, rows = iter_list(doctype, sorted(wanted), [[spec["start"], ">=", since]], mine, f"{spec['start']} asc")
        except PermissionError:
            continue
        for row in rows:
            event = event_for(doctype, dict(zip(keys, row, strict=True)), spec)
            if event is not None:
                cal.add_component(event)
    return cal.to_ical()


def _as_participant(doctype: str, spec: dict[str, Any], user: str) -> list[list[Any]]:
    """The filter for events whose participants table has a row pointing at the user (their Dynamic Link holds the user id)."""
    table = get_meta(doctype).get_field(spec.get("participants") or "")
    if table is None or not table.options:
        return []
    link = next(iter(get_meta(table.options).dynamic_link_fields), None)
    return [[table.options, link.fieldname, "=", user]] if link else []


def calendar_feed(call: Call, ctx: Local) -> Reply:
    """GET /api/calendar/<token>.ics: the feed, read as the token's user."""
    user = user_for(str(call.path_params["token"]))
    if user is None:
        raise DoesNotExistError("No calendar at this address (it may have been revoked).")
    ctx.user = user
    ctx.cache.clear()
    body: Any = feed(user)
    return Reply(response=Response(body, media_type="text/calendar; charset=utf-8", headers={"cache-control": "private, max-age=300"}))
