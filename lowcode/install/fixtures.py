"""Installing an app's fixtures (records it ships) idempotently, without clobbering admins.

Each installed record is tracked in `__installed_fixtures` with the hash of its fixture
and the `modified` stamp it had when installed. On an upgrade:

- a record the app never installed and the site does not hold is inserted;
- a record the site already held before the app came is adopted and never changed;
- a record an admin deleted stays deleted;
- a record whose fixture changed is updated only if nobody edited it since install.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from lowcode.apps import App
from lowcode.context import local
from lowcode.db.tables import fixtures_table
from lowcode.exceptions import MetadataError
from lowcode.meta.cache import get_meta
from lowcode.meta.loader import read_json_file
from lowcode.model import persistence
from lowcode.model.document import get_doc, new_doc

log = logging.getLogger(__name__)


def _fixture_name(record: dict[str, Any], source: str) -> str:
    if record.get("name"):
        return str(record["name"])
    meta = get_meta(record["doctype"])
    autoname = (meta.autoname or "").strip()
    if autoname.startswith("field:"):
        value = record.get(autoname.split(":", 1)[1].strip())
        if value:
            return str(value)
    raise MetadataError(f"{source}: a {record['doctype']} fixture needs a 'name' (its doctype names records by {autoname or 'hash'})")


def _hash(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def load_records(app: App) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for relative in app.hook("fixtures") or []:
        path = app.path / relative
        records = read_json_file(path)
        if not isinstance(records, list) or not all(isinstance(r, dict) and r.get("doctype") for r in records):
            raise MetadataError(f"{path}: a fixtures file holds a JSON list of records, each with a 'doctype'")
        out.extend((str(path), r) for r in records)
    return out


def sync_fixtures(app: App, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Install or update the app's fixtures; returns counts by outcome."""
    return install_records(app, load_records(app), progress)


def install_records(app: App, records: list[tuple[str, dict[str, Any]]], progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Install or update records the app ships (fixtures, workflows, reports ...) under the rules above."""
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "kept": 0, "adopted": 0, "skipped": 0}
    table = fixtures_table()
    for source, record in records:
        doctype = record["doctype"]
        name = _fixture_name(record, source)
        digest = _hash(record)
        key = (table.c.app == app.name) & (table.c.doctype == doctype) & (table.c.docname == name)
        tracked = local.db.execute(sa.select(table).where(key)).mappings().first()
        present = persistence.exists(doctype, name) if not get_meta(doctype).issingle else True
        outcome = _apply(app, record, name, digest, tracked, present, key)
        counts[outcome] += 1
        if progress:
            progress(f"{doctype} {name}: {outcome}")
    return counts


def _apply(app: App, record: dict[str, Any], name: str, digest: str, tracked: Any, present: bool, key: Any) -> str:
    table = fixtures_table()
    doctype = record["doctype"]
    values = {k: v for k, v in record.items() if k != "doctype"}
    if not present:
        if tracked is not None:
            return "skipped"
        doc = new_doc(doctype, **values)
        doc.name = name
        doc.flags.keep_name = True
        doc.flags.ignore_version = True
        doc.insert(ignore_permissions=True)
        local.db.execute(table.insert().values(app=app.name, doctype=doctype, docname=name, content_hash=digest,
                                               installed_modified=doc.modified))  # fmt: skip
        return "inserted"
    if tracked is None:
        local.db.execute(table.insert().values(app=app.name, doctype=doctype, docname=name, content_hash=digest, installed_modified=None))
        return "adopted"
    if tracked["content_hash"] == digest:
        return "unchanged"
    doc = get_doc(doctype, name)
    if tracked["installed_modified"] is None or doc.modified != tracked["installed_modified"]:
        local.db.execute(table.update().where(key).values(content_hash=digest))
        log.info("fixture %s %s changed in app %s but was edited on this site; the site's version is kept", doctype, name, app.name)
        return "kept"
    doc.update(values)
    doc.flags.ignore_version = True
    doc.save(ignore_permissions=True)
    local.db.execute(table.update().where(key).values(content_hash=digest, installed_modified=doc.modified))
    return "updated"
