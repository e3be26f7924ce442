"""The ASGI application (served by uvicorn: `lowcode --site S serve`)."""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from lowcode import config
from lowcode.web import api, desk, openapi
from lowcode.web.middleware import BodySizeLimit, SecurityHeaders


async def ping(_request: object) -> JSONResponse:
    return JSONResponse({"message": "pong"})


async def home(_request: object) -> RedirectResponse:
    return RedirectResponse("/app", status_code=302)


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
        *api.routes(),
        *desk.routes(),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders), Middleware(BodySizeLimit, limit=limit)])
    app.state.site = site_name
    return app
