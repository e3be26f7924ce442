"""Running one HTTP request as one unit of work: site, user, body, commit or rollback."""

from __future__ import annotations

import base64
import hmac
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from lowcode.auth import sessions
from lowcode.auth.api_keys import user_for_token
from lowcode.context import Local, site_context
from lowcode.exceptions import AuthenticationError, PermissionError, SiteNotFoundError
from lowcode.sites import SITE_NAME_RE, Site
from lowcode.web.errors import HTTPError, error_response
from lowcode.web.responses import json_response

SESSION_COOKIE = "sid"
CSRF_HEADER = "x-frappe-csrf-token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: logging in again, or out, with a stale cookie must not need the old session's token
CSRF_EXEMPT = {"/api/method/login", "/api/method/logout", "/login", "/update-password"}


@dataclass
class Call:
    """What a handler needs from the request, read before leaving the event loop."""

    method: str
    path: str
    args: dict[str, Any]
    body: Any
    headers: dict[str, str]
    cookies: dict[str, str]
    client_ip: str | None
    path_params: dict[str, Any] = field(default_factory=dict)
    #: whether it came over HTTPS (to the server, or to a trusted proxy that said so in X-Forwarded-Proto)
    secure: bool = False
    session: sessions.Session | None = None
    token_auth: bool = False


@dataclass
class Reply:
    """A handler's answer: a JSON body (or a ready Response) and cookie changes."""

    body: Any = None
    status: int = 200
    response: Response | None = None
    set_cookies: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    delete_cookies: list[str] = field(default_factory=list)


Handler = Callable[[Call, Local], Reply]


async def read_call(request: Request) -> Call:
    """Parse the query, the body (JSON or form) and the headers; bad bodies are 400."""
    args: dict[str, Any] = dict(request.query_params)
    body: Any = None
    if request.method not in SAFE_METHODS:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        raw = await request.body()
        if content_type == "application/json" or (not content_type and raw.strip().startswith((b"{", b"["))):
            if raw.strip():
                try:
                    body = json.loads(raw)
                except (ValueError, RecursionError) as exc:
                    raise HTTPError(400, f"The request body is not valid JSON ({exc}).") from exc
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.form()
            body = {k: v for k, v in form.items() if isinstance(v, str)}
        elif raw.strip():
            raise HTTPError(
                415, f"Send JSON (application/json) or a form, not {content_type or 'an untyped body'}.", "UnsupportedMediaType"
            )
        if isinstance(body, dict):
            args.update(body)
    if _has_nul([request.url.path, args, body]):
        raise HTTPError(400, "Text in a request may not contain NUL characters (\\u0000).")
    return call_from(request, args, body)


def call_from(request: Request, args: dict[str, Any], body: Any) -> Call:
    """The Call of a request whose arguments are read.

    The client's address and the scheme are the ones uvicorn's proxy-headers middleware
    leaves: from X-Forwarded-For and X-Forwarded-Proto only when the peer is a trusted
    proxy (`lowcode serve --forwarded-allow-ips`), else the peer's own.
    """
    return Call(
        method=request.method, path=request.url.path, args=args, body=body,
        headers={k.lower(): v for k, v in request.headers.items()}, cookies=dict(request.cookies),
        client_ip=request.client.host if request.client else None, path_params=dict(request.path_params),
        secure=request.url.scheme == "https",
    )  # fmt: skip


def set_session_cookies(reply: Reply, call: Call, site: Site, session: sessions.Session) -> None:
    """After a login: the session cookie (HttpOnly) and the user_id cookie the desk reads, Secure over HTTPS."""
    hours = int(site.get("session_expiry_hours"))
    reply.set_cookies[SESSION_COOKIE] = (
        session.sid,
        {"httponly": True, "samesite": "lax", "secure": call.secure, "path": "/", "max_age": hours * 3600},
    )
    reply.set_cookies["user_id"] = (session.user, {"samesite": "lax", "secure": call.secure, "path": "/"})


def _has_nul(value: Any) -> bool:
    """Whether any text in a parsed request holds U+0000 (PostgreSQL refuses it in text columns)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def resolve_site(call: Call, fixed: str | None) -> Site:
    name = fixed or os.environ.get("LOWCODE_SITE") or call.headers.get("host", "").split(":")[0]
    if not SITE_NAME_RE.match(name):
        raise SiteNotFoundError(f"No site answers to '{name[:80]}'.")
    return Site.load(name)


def authenticate(call: Call, local: Local) -> None:
    """Set the user from an API token or the session cookie; enforce CSRF for cookie writes."""
    header = call.headers.get("authorization", "")
    if header:
        user = _token_user(header)
        if user is None:
            raise AuthenticationError("The API key or secret is wrong, or the user is disabled.")
        local.user, call.token_auth = user, True
        return
    session = sessions.load(call.cookies.get(SESSION_COOKIE))
    if session is None:
        local.user = "Guest"
        return
    if not _enabled(session.user):
        sessions.destroy(session.sid)
        local.user = "Guest"
        return
    call.session = session
    local.user = session.user
    exempt = call.path.rstrip("/") in CSRF_EXEMPT
    if call.method not in SAFE_METHODS and not exempt and not _csrf_ok(call, session):
        raise PermissionError(
            "The CSRF token is missing or wrong. Reload the page (or send the X-Frappe-CSRF-Token header from the login answer)."
        )


def _csrf_ok(call: Call, session: sessions.Session) -> bool:
    sent = call.headers.get(CSRF_HEADER, "").encode("utf-8", "surrogateescape")
    return hmac.compare_digest(sent, session.csrf_token.encode())


def _token_user(header: str) -> str | None:
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "basic":
        try:
            value = base64.b64decode(value, validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            return None
    elif scheme.lower() != "token":
        return None
    key, sep, secret = value.partition(":")
    if not sep or not key or not secret or len(value) > 256:
        return None
    return user_for_token(key, secret)


def _enabled(user: str) -> bool:
    import sqlalchemy as sa

    from lowcode.context import local
    from lowcode.db.tables import get_table

    table = get_table("User")
    return bool(local.db.scalar(sa.select(table.c.enabled).where(table.c.name == user)))


def run_call(call: Call, handler: Handler, fixed_site: str | None) -> Response:
    """Authenticate, run, commit (or roll back on error) and build the response."""
    try:
        site = resolve_site(call, fixed_site)
    except Exception as exc:  # noqa: BLE001 - answered as JSON
        return error_response(exc)
    with site_context(site, user="Guest", read_only=call.method in SAFE_METHODS) as local:
        local.request_ip = call.client_ip
        try:
            authenticate(call, local)
            reply = handler(call, local)
            local.db.commit()
        except BaseException as exc:
            local.db.rollback()
            if not isinstance(exc, Exception):
                raise
            return error_response(exc)
    response = reply.response or json_response(reply.body, reply.status)
    for name in reply.delete_cookies:
        response.delete_cookie(name, path="/")
    for name, (value, options) in reply.set_cookies.items():
        response.set_cookie(name, value, **options)
    return response


def endpoint(handler: Handler, fixed_site: str | None = None) -> Callable[[Request], Any]:
    async def route(request: Request) -> Response:
        try:
            call = await read_call(request)
        except HTTPError as exc:
            return error_response(exc)
        return await run_in_threadpool(run_call, call, handler, fixed_site or request.app.state.site)

    return route
