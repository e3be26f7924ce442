"""Loading DocType metadata: standard doctypes from app JSON files, custom ones from records.

Files are parsed once per process (keyed by path and mtime); a site's view adds its
custom doctypes and merges Custom Fields and Property Setters (`lowcode.meta.customize`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from lowcode.apps import App, ordered
from lowcode.exceptions import MetadataError
from lowcode.meta.meta import Meta
from lowcode.meta.validate import build_meta, check_references

log = logging.getLogger(__name__)


def scrub(name: str) -> str:
    """'Sales Order' -> 'sales_order' (folder and module names)."""
    return re.sub(r"[^a-z0-9_]", "_", name.strip().lower().replace(" ", "_").replace("-", "_"))


def read_json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise MetadataError(f"{path}: not valid JSON ({exc})") from exc


@lru_cache(maxsize=4096)
def _load_file(path: str, _mtime: float, app_name: str, modules: tuple[str, ...]) -> Meta:
    raw = read_json_file(Path(path))
    meta = build_meta(raw, path, app=app_name)
    if meta.custom:
        raise MetadataError(f"{path}: a DocType file cannot be custom (custom: 1 is for records)")
    if scrub(meta.name) != Path(path).parent.name:
        raise MetadataError(f"{path}: DocType '{meta.name}' must live in a folder named '{scrub(meta.name)}'")
    if meta.module not in modules:
        raise MetadataError(f"{path}: module '{meta.module}' is not a module of app '{app_name}' ({', '.join(modules)})")
    return meta


def load_app_doctypes(app: App) -> dict[str, Meta]:
    out: dict[str, Meta] = {}
    for _folder, path in app.doctype_files().items():
        meta = _load_file(str(path), path.stat().st_mtime, app.name, tuple(app.modules))
        out[meta.name] = meta
    return out


def load_standard(app_names: Iterable[str]) -> dict[str, Meta]:
    """Standard doctypes of the given apps (and the apps they require), validated together."""
    metas: dict[str, Meta] = {}
    for app in ordered(app_names):
        for name, meta in load_app_doctypes(app).items():
            if name in metas:
                raise MetadataError(f"{meta.source}: DocType '{name}' is also defined in {metas[name].source}")
            metas[name] = meta
    check_references(metas)
    return metas


def meta_from_record(record: dict[str, Any]) -> Meta:
    """Build a custom doctype's Meta from its DocType record (with `fields` and `permissions`)."""
    keep = {k: v for k, v in record.items() if v not in (None, "") and k in RECORD_KEYS}
    keep["fields"] = [{k: v for k, v in f.items() if v not in (None, "", 0) and k in FIELD_RECORD_KEYS} for f in record.get("fields", [])]
    keep["permissions"] = [
        {k: v for k, v in p.items() if v not in (None, "", 0) and k in PERM_RECORD_KEYS} for p in record.get("permissions", [])
    ]
    return build_meta(keep, f"DocType record '{record.get('name')}'")


def _keys() -> tuple[set[str], set[str], set[str]]:
    from lowcode.meta.meta import DOCFIELD_KEYS, DOCPERM_KEYS, DOCTYPE_KEYS

    return (set(DOCTYPE_KEYS) - {"fields", "permissions", "actions", "doctype"}, set(DOCFIELD_KEYS), set(DOCPERM_KEYS))


RECORD_KEYS, FIELD_RECORD_KEYS, PERM_RECORD_KEYS = _keys()
