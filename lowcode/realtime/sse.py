"""`GET /api/realtime[?doctype=&docname=]`: server-sent events for the logged-in user.

The request is authenticated like any other; subscribing to a document's events needs
read permission on it. The stream ends after `lifetime` seconds (default 55) and the
browser's EventSource reconnects, so a proxy never holds a dead connection for long.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from lowcode import realtime
from lowcode.context import Local
from lowcode.exceptions import AuthenticationError
from lowcode.sites import Site
from lowcode.web.errors import HTTPError, error_response
from lowcode.web.request import Call, Reply, read_call, run_call

KEEPALIVE = 15.0
POLL = 0.5
MAX_LIFETIME = 300.0


def _check(call: Call, ctx: Local, found: dict[str, Any]) -> Reply:
    if ctx.user == "Guest":
        raise AuthenticationError("Log in to receive realtime events.")
    doctype, docname = call.args.get("doctype"), call.args.get("docname")
    room = None
    if doctype or docname:
        from lowcode.client import get_permitted_doc

        doc = get_permitted_doc(str(doctype or ""), str(docname or ""))
        room = (doc.doctype, str(doc.name))
    try:
        lifetime = min(max(float(call.args.get("lifetime") or 55), 0.5), MAX_LIFETIME)
    except ValueError:
        lifetime = 55.0
    found.update(site=ctx.site, user=ctx.user, room=room, lifetime=lifetime, unread=_unread(ctx.user))
    return Reply(body=None)


def _unread(user: str) -> int:
    from lowcode.notifications.api import unread_count

    return unread_count(user)


async def endpoint(request: Request) -> Response:
    try:
        call = await read_call(request)
    except HTTPError as exc:
        return error_response(exc)
    found: dict[str, Any] = {}
    answer = await run_in_threadpool(run_call, call, lambda c, ctx: _check(c, ctx, found), request.app.state.site)
    if not found:
        return answer
    stream = events(found["site"], found["user"], found["room"], found["lifetime"], found["unread"])
    return StreamingResponse(stream, media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def frame(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


async def events(site: Site, user: str, room: tuple[str, str] | None, lifetime: float, unread: int) -> AsyncIterator[str]:
    yield "retry: 3000\n" + frame("ready", {"user": user, "unread": unread})
    source = _redis_events(site) if site.redis_url else _buffer_events(site)
    deadline = time.monotonic() + lifetime
    last_sent = time.monotonic()
    try:
        while time.monotonic() < deadline:
            payload = await source.__anext__()  # the sources yield None at least every POLL seconds
            if payload is None:
                if time.monotonic() - last_sent >= KEEPALIVE:
                    yield ": keepalive\n\n"
                    last_sent = time.monotonic()
                continue
            if realtime.is_for(payload, user, room):
                yield frame(payload["event"], {**payload["message"], "doctype": payload.get("doctype"), "docname": payload.get("docname")})
                last_sent = time.monotonic()
    finally:
        await source.aclose()


async def _redis_events(site: Site) -> AsyncGenerator[dict[str, Any] | None, None]:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(str(site.redis_url))
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(realtime.channel(site))
    try:
        while True:
            message = await pubsub.get_message(timeout=POLL)
            yield json.loads(message["data"]) if message else None
    finally:
        await pubsub.aclose()
        await client.aclose()


async def _buffer_events(site: Site) -> AsyncGenerator[dict[str, Any] | None, None]:
    seen = realtime.last_sequence()
    while True:
        seen, payloads = realtime.buffered_since(site, seen)
        for payload in payloads:
            yield payload
        if not payloads:
            await asyncio.sleep(POLL)
            yield None


def routes() -> list[Route]:
    return [Route("/api/realtime", endpoint, methods=["GET"])]
