"""Throw-away apps for tests: a package in a temporary folder, registered as a lowcode app.

An app is written with its hooks.py and DocType JSON files; `upgrade` rewrites them (a new
version of the same app), so tests can migrate a site from one version of the metadata
to the next exactly as a partner upgrading an app would.
"""

from __future__ import annotations

import importlib
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from lowcode.apps import _registered, all_apps, register_app

PERMISSIONS = [{"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1, "submit": 1, "cancel": 1, "amend": 1}]


def doctype(name: str, fields: list[dict[str, Any]], module: str = "", **keys: Any) -> dict[str, Any]:
    """A DocType JSON object with a System Manager permission (unless it is a child table)."""
    data: dict[str, Any] = {"name": name, "module": module, "fields": fields, **keys}
    if not keys.get("istable"):
        data.setdefault("permissions", PERMISSIONS)
    return data


def snake(name: str) -> str:
    return name.lower().replace(" ", "_").replace("-", "_")


class AppFactory:
    """Writes packages under `root` (put on sys.path) and registers them as apps."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(root))
        self.names: list[str] = []

    def create(self, doctypes: list[dict[str, Any]], *, version: str = "1.0.0", required_apps: tuple[str, ...] = (),
               fixtures: list[dict[str, Any]] | None = None, prefix: str = "tapp") -> str:  # fmt: skip
        """Write and register an app holding `doctypes`; returns its name (module = its title)."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        self.names.append(name)
        self.write(name, doctypes, version=version, required_apps=required_apps, fixtures=fixtures)
        return name

    def title(self, name: str) -> str:
        return name.replace("_", " ").title()

    def write(self, name: str, doctypes: list[dict[str, Any]], *, version: str, required_apps: tuple[str, ...] = (),
              fixtures: list[dict[str, Any]] | None = None) -> None:  # fmt: skip
        package = self.root / name
        (package / "doctype").mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text("", encoding="utf-8")
        hooks = [f"app_name = {name!r}", f"app_title = {self.title(name)!r}", f"app_version = {version!r}",
                 f"required_apps = {list(required_apps)!r}"]  # fmt: skip
        if fixtures is not None:
            (package / "fixtures").mkdir(exist_ok=True)
            (package / "fixtures" / "records.json").write_text(json.dumps(fixtures), encoding="utf-8")
            hooks.append("fixtures = ['fixtures/records.json']")
        (package / "hooks.py").write_text("\n".join(hooks) + "\n", encoding="utf-8")
        wanted = set()
        for given in doctypes:
            data = {**given, "module": given.get("module") or self.title(name)}
            folder = package / "doctype" / snake(data["name"])
            folder.mkdir(exist_ok=True)
            path = folder / f"{snake(data['name'])}.json"
            path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            wanted.add(folder.name)
        for folder in (package / "doctype").iterdir():
            if folder.is_dir() and folder.name not in wanted:
                for file in folder.iterdir():
                    file.unlink()
                folder.rmdir()
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]
        importlib.invalidate_caches()
        register_app(name, name)

    def upgrade(self, name: str, doctypes: list[dict[str, Any]], *, version: str = "2.0.0", **kwargs: Any) -> None:
        """Replace the app's files with a new version of them."""
        self.write(name, doctypes, version=version, **kwargs)

    def unregister(self) -> None:
        for name in self.names:
            _registered.pop(name, None)
            for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
                del sys.modules[module]
        all_apps.cache_clear()
        if str(self.root) in sys.path:
            sys.path.remove(str(self.root))
