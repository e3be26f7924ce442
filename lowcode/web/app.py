"""The ASGI application (served by uvicorn: `lowcode --site S serve`)."""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from lowcode import config
from lowcode.calendar.feed import calendar_feed
from lowcode.context import Local
from lowcode.exceptions import DoesNotExistError
from lowcode.realtime import sse
from lowcode.web import api, desk, openapi
from lowcode.web.middleware import BodySizeLimit, SecurityHeaders
from lowcode.web.request import Call, Reply, endpoint
from lowcode.web.responses import json_response


async def ping(_request: object) -> JSONResponse:
    return JSONResponse({"message": "pong"})


async def home(_request: object) -> RedirectResponse:
    return RedirectResponse("/app", status_code=302)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no such route, wrong HTTP method): JSON under /api, a page elsewhere."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    kinds = {
        404: ("NotFound", "No such route. The API lives under /api/resource and /api/method."),
        405: ("MethodNotAllowed", "This route does not accept that HTTP method."),
    }
    exc_type, message = kinds.get(status, ("HTTPError", str(getattr(exc, "detail", "")) or "The request was refused."))
    return refusal(request.url.path, status, exc_type, message, getattr(exc, "headers", None))


def refusal(path: str, status: int, exc_type: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """JSON under /api, a small page elsewhere."""
    if not path.startswith("/api/"):
        page = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{'Page not found.' if status == 404 else message}</p><p><a href='/app'>Home</a></p>"
        return HTMLResponse(page, status_code=status)
    return json_response({"exc_type": exc_type, "message": message}, status, headers=headers)


def public_page(call: Call, ctx: Local) -> Reply:
    """Any other path: a published Web Form at that route, else 404 as for an unknown route."""
    from lowcode.webforms.page import handle

    try:
        return handle(call, ctx)
    except DoesNotExistError:
        return Reply(response=refusal(call.path, 404, "NotFound", "No such route. The API lives under /api/resource and /api/method."))


def create_app(site: str | None = None) -> Starlette:
    """The app for one site (`site`, or $LOWCODE_SITE), or for many sites chosen by Host."""
    site_name = site or os.environ.get("LOWCODE_SITE")
    limit = int(config.SETTINGS["max_request_size"].default)
    if site_name:
        from lowcode.sites import Site

        limit = int(Site.load(site_name).get("max_request_size"))
    routes = [
        Route("/", home, methods=["GET"]),
        Route("/api/method/ping", ping, methods=["GET"]),
        *openapi.routes(),
        Route("/api/calendar/{token}.ics", endpoint(calendar_feed), methods=["GET"]),
        *api.routes(),
        *sse.routes(),
        *desk.routes(),
        Route("/{route:path}", endpoint(public_page), methods=["GET", "POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders), Middleware(BodySizeLimit, limit=limit)],
        exception_handlers={HTTPException: http_error},
    )
    app.state.site = site_name
    return app
