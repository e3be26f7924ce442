"""Dispatching document events to the controller and to apps' `doc_events` hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lowcode.apps import import_dotted, ordered
from lowcode.context import local
from lowcode.meta.cache import derived

if TYPE_CHECKING:
    from lowcode.model.document import Document

Handler = Callable[[Any, str], Any]


def _build_handlers() -> dict[str, dict[str, list[Handler]]]:
    apps = ordered(local.site.installed_apps)
    out: dict[str, dict[str, list[Handler]]] = {}
    for app in apps:
        for doctype, events in (app.hook("doc_events") or {}).items():
            for event, paths in events.items():
                handlers = out.setdefault(doctype, {}).setdefault(event, [])
                handlers.extend(import_dotted(p) for p in ([paths] if isinstance(paths, str) else paths))
    return out


def handlers(doctype: str, event: str) -> list[Handler]:
    """The hooks for the doctype, then those for "*" (worked out once per doctype and event)."""
    merged: dict[tuple[str, str], list[Handler]] = derived(local.site, "doc_event_handlers", dict)
    found = merged.get((doctype, event))
    if found is None:
        table = derived(local.site, "doc_events", _build_handlers)
        found = merged[(doctype, event)] = table.get(doctype, {}).get(event, []) + table.get("*", {}).get(event, [])
    return found


def run(doc: Document, method: str, *args: Any, **kwargs: Any) -> Any:
    """The controller's method (if it has one), then the hooks for the doctype and for "*"."""
    result = None
    fn = getattr(doc, method, None)
    if callable(fn):
        result = fn(*args, **kwargs)
    for handler in handlers(doc.doctype, method):
        handler(doc, method)
    return result
