"""The desk: the generated web UI (server-rendered Jinja pages with htmx partial updates)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from lowcode.web.desk import pages, workspace
from lowcode.web.request import endpoint

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent.parent / "static"
#: npm packages served at /assets/vendor/<package>/, from their folder in node_modules
VENDOR = {"htmx.org": "dist", "sortablejs": "", "frappe-charts": "dist"}


def node_modules() -> Path:
    """Where `npm ci` put the libraries: $LOWCODE_NODE_MODULES, else the repository's node_modules."""
    return Path(os.environ.get("LOWCODE_NODE_MODULES") or Path(__file__).resolve().parents[3] / "node_modules")


def asset_mounts() -> list[Any]:
    mounts: list[Any] = [Mount("/assets/desk", StaticFiles(directory=str(STATIC)), name="desk-assets")]
    base = node_modules()
    for package, folder in VENDOR.items():
        directory = base / package / folder
        if directory.is_dir():
            mounts.append(Mount(f"/assets/vendor/{package}", StaticFiles(directory=str(directory)), name=f"vendor-{package}"))
        else:
            log.warning("%s is missing; run `make setup` (npm ci) to install the desk's libraries", directory)
    return mounts


def routes() -> list[Any]:
    from lowcode.web.desk import calendar, customize, data_import, files, formview, kanban, listview, ordered, printview, reportview

    return [
        Route("/login", endpoint(pages.login_page), methods=["GET"]),
        Route("/login", endpoint(pages.login_submit), methods=["POST"]),
        Route("/logout", endpoint(pages.logout), methods=["GET", "POST"]),
        Route("/update-password", endpoint(pages.update_password), methods=["GET", "POST"]),
        Route("/app", pages.page(workspace.view), methods=["GET"]),
        Route("/app/set-language", pages.page(pages.set_language), methods=["GET"]),
        Route("/app/customize-form", pages.page(customize.view), methods=["GET"]),
        Route("/app/new-doctype", pages.page(customize.new_doctype), methods=["GET"]),
        Route("/app/print/{slug}/{name:path}", pages.page(printview.view), methods=["GET"]),
        Route("/app/query-report/{name:path}", pages.page(reportview.view), methods=["GET"]),
        Route("/app/upload", files.upload, methods=["POST"]),
        Route("/app/data-import-tool", pages.page(data_import.start_page), methods=["GET"]),
        Route("/app/data-import-tool/{name}", pages.page(data_import.import_page), methods=["GET"]),
        Route("/private/files/{path:path}", endpoint(files.serve), methods=["GET"]),
        Route("/app/{slug}/export", pages.page(listview.export), methods=["GET"]),
        Route("/app/{slug}/view/kanban/{board:path}", pages.page(kanban.view), methods=["GET"]),
        Route("/app/{slug}/view/calendar", pages.page(calendar.view), methods=["GET"]),
        Route("/app/{slug}/view/ordered", pages.page(ordered.view), methods=["GET"]),
        Route("/app/{slug}/new", pages.page(formview.new), methods=["GET"]),
        Route("/app/{slug}/{name:path}", pages.page(formview.view), methods=["GET"]),
        Route("/app/{slug}", pages.page(listview.view), methods=["GET"]),
        *asset_mounts(),
    ]
