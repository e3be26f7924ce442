"""Records an app ships as files in its folders, installed like fixtures (admins' edits kept).

    workflow/<name>.json                          a Workflow
    print_format/<snake>/<snake>.json + .html (+ .css)   a Print Format (html and css from the files)
    report/<snake>/<snake>.json (+ .sql)          a Report (a query report's SQL from the .sql file;
                                                  a script report's execute() stays in <snake>.py)
    number_card/<snake>/<snake>.json              a Number Card
    dashboard_chart/<snake>/<snake>.json          a Dashboard Chart
    web_form/<snake>/<snake>.json                 a Web Form (a public page, see lowcode.webforms)
    kanban_board/<name>.json                      a Kanban Board (its columns as rows)

Each JSON holds the record's fields (the doctype's own keys); the loader adds `doctype`,
`is_standard`/`standard`, `app` and `module`. Records are tracked in `__installed_fixtures`,
so a changed file updates a record nobody edited, and an admin's edit is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lowcode.apps import App
from lowcode.exceptions import MetadataError
from lowcode.install.fixtures import install_records
from lowcode.meta.loader import read_json_file, scrub

Record = tuple[str, dict[str, Any]]


def _object(path: Path) -> dict[str, Any]:
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise MetadataError(f"{path}: must hold one JSON object (the record's fields)")
    data.pop("doctype", None)
    return data


def _folders(app: App, kind: str) -> list[tuple[Path, Path]]:
    """(folder, <folder>/<folder>.json) for each item of one kind."""
    base = app.path / kind
    if not base.is_dir():
        return []
    return [(f, f / f"{f.name}.json") for f in sorted(base.iterdir()) if (f / f"{f.name}.json").is_file()]


def _standard(app: App, data: dict[str, Any], flag: str = "is_standard") -> dict[str, Any]:
    data.setdefault("module", app.modules[0])
    return {**data, flag: "Yes", "app": app.name}


def _check_name(path: Path, name: Any) -> None:
    if not isinstance(name, str) or scrub(name) != path.parent.name:
        raise MetadataError(f"{path}: the record's name {name!r} must match its folder '{path.parent.name}'")


def workflows(app: App) -> list[Record]:
    base = app.path / "workflow"
    files = sorted(base.glob("*.json")) if base.is_dir() else []
    return [(str(p), {"doctype": "Workflow", **_object(p)}) for p in files]


def kanban_boards(app: App) -> list[Record]:
    """Boards are installed after the DocType records their reference doctype links to."""
    base = app.path / "kanban_board"
    files = sorted(base.glob("*.json")) if base.is_dir() else []
    return [(str(p), {"doctype": "Kanban Board", **_object(p)}) for p in files]


def print_formats(app: App) -> list[Record]:
    out = []
    for folder, path in _folders(app, "print_format"):
        data = _object(path)
        _check_name(path, data.get("print_format_name"))
        for key, suffix in (("html", ".html"), ("css", ".css")):
            extra = folder / f"{folder.name}{suffix}"
            if extra.is_file():
                data[key] = extra.read_text(encoding="utf-8")
        out.append((str(path), {"doctype": "Print Format", **_standard(app, data, "standard")}))
    return out


def reports(app: App) -> list[Record]:
    out = []
    for folder, path in _folders(app, "report"):
        data = _object(path)
        _check_name(path, data.get("report_name"))
        sql = folder / f"{folder.name}.sql"
        if data.get("report_type", "Query Report") == "Query Report":
            if not sql.is_file():
                raise MetadataError(f"{path}: a Query Report needs its SQL in {sql.name}")
            data["query"] = sql.read_text(encoding="utf-8")
        elif not (folder / f"{folder.name}.py").is_file():
            raise MetadataError(f"{path}: a Script Report needs {folder.name}.py with execute(filters)")
        out.append((str(path), {"doctype": "Report", **_standard(app, data)}))
    return out


def dashboard_items(app: App) -> list[Record]:
    out = []
    for kind, doctype, key in (("number_card", "Number Card", "label"), ("dashboard_chart", "Dashboard Chart", "chart_name")):
        for _folder, path in _folders(app, kind):
            data = _object(path)
            _check_name(path, data.get(key))
            out.append((str(path), {"doctype": doctype, **_standard(app, data)}))
    return out


def web_forms(app: App) -> list[Record]:
    out = []
    for _folder, path in _folders(app, "web_form"):
        data = _object(path)
        _check_name(path, data.get("title"))
        out.append((str(path), {"doctype": "Web Form", **data}))
    return out


def load_app_files(app: App) -> list[Record]:
    """Every record the app ships in its folders, in install order (reports before cards)."""
    return [*workflows(app), *kanban_boards(app), *print_formats(app), *reports(app), *dashboard_items(app), *web_forms(app)]


def sync_app_files(app: App, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    return install_records(app, load_app_files(app), progress)
