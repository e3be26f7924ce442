"""Apps: Python packages registered under the `lowcode.apps` entry-point group.

An app's `hooks.py` is read and checked when the app loads: unknown keys and dotted
paths that do not import are errors naming the app and the key.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from croniter import croniter

from lowcode.exceptions import ConfigurationError, HookError
from lowcode.hookspecs import DOC_EVENTS, HOOKS

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "lowcode.apps"
SCHEDULE_NAMES = ("hourly", "daily", "weekly", "monthly")


def import_dotted(path: str) -> Any:
    """Return the object at `package.module.attr`, or raise ImportError/AttributeError."""
    module_name, _, attr = path.rpartition(".")
    if not module_name:
        raise ImportError(f"'{path}' is not a dotted path like package.module.function")
    module = importlib.import_module(module_name)
    return getattr(module, attr)


@dataclass
class App:
    """An installed Python package that provides doctypes, fixtures and hooks."""

    name: str
    module: ModuleType
    hooks: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return Path(self.module.__file__ or "").parent

    @property
    def title(self) -> str:
        return str(self.hooks["app_title"])

    @property
    def version(self) -> str:
        return str(self.hooks["app_version"])

    @property
    def required_apps(self) -> list[str]:
        return list(self.hooks.get("required_apps", []))

    @property
    def modules(self) -> list[str]:
        return list(self.hooks.get("modules") or [self.title])

    def hook(self, key: str, default: Any = None) -> Any:
        return self.hooks.get(key, default)

    def doctype_files(self) -> dict[str, Path]:
        """JSON files under `<app>/doctype/<snake>/<snake>.json`, by folder name."""
        base = self.path / "doctype"
        if not base.exists():
            return {}
        return {
            folder.name: folder / f"{folder.name}.json" for folder in sorted(base.iterdir()) if (folder / f"{folder.name}.json").exists()
        }

    def controller_module_name(self, folder: str) -> str:
        return f"{self.module.__name__}.doctype.{folder}.{folder}"


def _check_shape(app: str, key: str, value: Any, custom_events: frozenset[str] = frozenset()) -> None:
    shape = HOOKS[key].shape

    def bad(expected: str) -> HookError:
        return HookError(f"App '{app}': hooks.{key} must be {expected}, not {type(value).__name__}.")

    def dotted(path: Any, where: str) -> None:
        if not isinstance(path, str):
            raise HookError(f"App '{app}': hooks.{where} must be a dotted path string, not {path!r}.")
        try:
            import_dotted(path)
        except (ImportError, AttributeError) as exc:
            raise HookError(f"App '{app}': hooks.{where} = '{path}' does not import ({exc}).") from exc

    def dotted_list(paths: Any, where: str) -> None:
        for path in [paths] if isinstance(paths, str) else paths:
            dotted(path, where)

    if shape == "str":
        if not isinstance(value, str):
            raise bad("text")
    elif shape == "dotted":
        dotted(value, key)
    elif shape in ("list[str]", "list[dotted]"):
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise bad("a list of strings")
        if shape == "list[dotted]":
            dotted_list(value, key)
    elif shape in ("dict[str, dotted]", "dict[str, list[dotted]]"):
        if not isinstance(value, dict):
            raise bad("a dict")
        for name, paths in value.items():
            dotted_list(paths, f"{key}[{name!r}]")
    elif shape == "duplicate_rules":
        from lowcode.duplicates.rules import check_hook

        check_hook(app, value)
    elif shape == "calendar_events":
        from lowcode.calendar.sources import check_hook as check_calendar_hook

        check_calendar_hook(app, value)
    elif shape == "doc_events":
        if not isinstance(value, dict):
            raise bad("a dict of doctype -> event -> dotted paths")
        for doctype, events in value.items():
            if not isinstance(events, dict):
                raise HookError(f"App '{app}': hooks.doc_events[{doctype!r}] must be a dict of event -> paths.")
            for event, paths in events.items():
                if event not in DOC_EVENTS and event not in custom_events:
                    raise HookError(
                        f"App '{app}': hooks.doc_events[{doctype!r}] has unknown event '{event}' "
                        f"(known: {', '.join((*DOC_EVENTS, *sorted(custom_events)))})."
                    )
                dotted_list(paths, f"doc_events[{doctype!r}][{event!r}]")


def load_hooks(name: str, module: ModuleType, events: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Read and check an app's hooks.py; `events` are the custom document events apps declare."""
    try:
        hooks_module = importlib.import_module(f"{module.__name__}.hooks")
    except ImportError as exc:
        raise HookError(f"App '{name}' has no hooks.py ({exc}).") from exc
    hooks = {k: v for k, v in vars(hooks_module).items() if not k.startswith("_") and not isinstance(v, ModuleType)}
    hooks = {k: v for k, v in hooks.items() if not (callable(v) and k not in HOOKS)}
    for key in hooks:
        if key not in HOOKS:
            raise HookError(f"App '{name}': unknown key '{key}' in hooks.py (known keys: {', '.join(sorted(HOOKS))}).")
    for key, spec in HOOKS.items():
        if spec.required and key not in hooks:
            raise HookError(f"App '{name}': hooks.py must set '{key}'.")
    if hooks["app_name"] != name:
        raise HookError(f"App '{name}': hooks.app_name is '{hooks['app_name']}'; it must equal the entry point name.")
    for key, value in hooks.items():
        _check_shape(name, key, value, events)
    for key in hooks.get("scheduler_events") or {}:
        if key != "all" and key not in SCHEDULE_NAMES and not croniter.is_valid(key):
            raise HookError(
                f"App '{name}': hooks.scheduler_events key '{key}' is neither all/hourly/daily/weekly/monthly nor a valid cron string."
            )
    return hooks


def declared_events(modules: Iterable[ModuleType]) -> frozenset[str]:
    """Custom document events (`custom_doc_events`) declared by any of these apps."""
    names: set[str] = set()
    for module in modules:
        try:
            hooks_module = importlib.import_module(f"{module.__name__}.hooks")
        except ImportError:
            continue  # load_hooks reports it
        names.update(getattr(hooks_module, "custom_doc_events", None) or [])
    return frozenset(n for n in names if isinstance(n, str))


#: apps registered in code (tests, embedding) in addition to the entry points
_registered: dict[str, str] = {}


def register_app(name: str, module: str) -> None:
    """Make the package `module` available as app `name` (beside the `lowcode.apps` entry points)."""
    _registered[name] = module
    all_apps.cache_clear()


@cache
def all_apps() -> dict[str, App]:
    """Every app registered in this Python environment, by name (loaded and checked)."""
    modules = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    modules.update(_registered)
    apps = {name: App(name, importlib.import_module(module)) for name, module in modules.items()}
    events = declared_events(app.module for app in apps.values())
    for name, app in apps.items():
        app.hooks = load_hooks(name, app.module, events)
    return apps


def get_app(name: str) -> App:
    apps = all_apps()
    if name not in apps:
        raise ConfigurationError(
            f"No app named '{name}' is installed in this Python environment "
            f"(available: {', '.join(sorted(apps))}). Install its package with pip first."
        )
    return apps[name]


def ordered(names: Iterable[str]) -> list[App]:
    """Apps in dependency order (required apps first), core always first."""
    result: list[App] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            raise HookError(f"Apps require each other in a cycle: {' -> '.join((*trail, name))}.")
        app = get_app(name)
        if app in result:
            return
        for dep in app.required_apps:
            visit(dep, (*trail, name))
        result.append(app)

    for name in ["core", *names]:
        visit(name, ())
    return result


def collect(apps: Iterable[App], key: str) -> list[Any]:
    """A hook's values across apps, lists flattened (Frappe's merge rule)."""
    out: list[Any] = []
    for app in apps:
        value = app.hook(key)
        if value is None:
            continue
        out.extend(value if isinstance(value, list) else [value])
    return out


def collect_dict(apps: Iterable[App], key: str) -> dict[str, list[Any]]:
    """A dict hook's values across apps, each key's values in app order."""
    out: dict[str, list[Any]] = {}
    for app in apps:
        for name, value in (app.hook(key) or {}).items():
            out.setdefault(name, []).extend(value if isinstance(value, list) else [value])
    return out


def resolve_all(paths: Iterable[str]) -> list[Callable[..., Any]]:
    return [import_dotted(p) for p in paths]
