"""Realtime events to browsers: `publish` here, delivered by the SSE endpoint (`sse.py`).

With Redis, events go through pub/sub on one channel per site, so any web process can
deliver them. Without Redis (the embedded single-process default) they wait in an
in-process buffer that the endpoint polls.

An event is for one user (`user`), for everyone who has a document open (`doctype` +
`docname`; the endpoint checked their read permission when they subscribed), or, with
neither, for every logged-in user of the site.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from typing import Any

from lowcode.context import has_site, local
from lowcode.sites import Site
from lowcode.utils.json import dumps
from lowcode.utils.redis import get_redis

#: events kept for pollers when the site has no Redis
BUFFER_SIZE = 1000
_buffer: deque[tuple[int, str, dict[str, Any]]] = deque(maxlen=BUFFER_SIZE)
_sequence = itertools.count(1)
_lock = threading.Lock()


def channel(site: Site) -> str:
    return f"lowcode:{site.name}:realtime"


def publish(event: str, message: dict[str, Any], *, user: str | None = None, doctype: str | None = None,
            docname: str | None = None) -> None:  # fmt: skip
    """Send `event` once the current transaction commits (at once when none is open)."""
    if not has_site():
        return
    payload = {"event": event, "message": json.loads(dumps(message)), "user": user, "doctype": doctype, "docname": docname}
    site = local.site
    if local.db.in_transaction:
        local.db.after_commit(lambda: _send(site, payload))
    else:
        _send(site, payload)


def _send(site: Site, payload: dict[str, Any]) -> None:
    redis = get_redis(site)
    if redis is not None:
        redis.publish(channel(site), json.dumps(payload))
        return
    with _lock:
        _buffer.append((next(_sequence), site.cache_key, payload))


def buffered_since(site: Site, after: int) -> tuple[int, list[dict[str, Any]]]:
    """Events of `site` buffered after sequence `after`, and the newest sequence seen."""
    with _lock:
        items = list(_buffer)
    last = items[-1][0] if items else after
    return max(last, after), [payload for seq, key, payload in items if seq > after and key == site.cache_key]


def last_sequence() -> int:
    with _lock:
        return _buffer[-1][0] if _buffer else 0


def is_for(payload: dict[str, Any], user: str, room: tuple[str, str] | None) -> bool:
    """Whether a subscriber (`user`, watching document `room`) receives this event."""
    if payload.get("user"):
        return payload["user"] == user
    if payload.get("doctype"):
        return room is not None and (payload["doctype"], payload.get("docname")) == room
    return True
