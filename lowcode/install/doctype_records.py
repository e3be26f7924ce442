"""Keeping the site's DocType records (`tabDocType`, `tabDocField`, `tabDocPerm`) in step
with the apps' JSON files; a doctype whose definition hash is unchanged is skipped."""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.meta.meta import Meta
from lowcode.model import persistence
from lowcode.model.document import new_doc
from lowcode.model.validation import coerce_values
from lowcode.utils.dates import now


def definition_hash(meta: Meta) -> str:
    return hashlib.sha256(json.dumps(meta.as_dict(), sort_keys=True, default=str).encode()).hexdigest()


def sync_records(metas: list[Meta]) -> int:
    """Write the DocType records of standard doctypes that changed; returns how many."""
    table = get_table("DocType")
    stored = dict(local.db.execute(sa.select(table.c.name, table.c.json_hash).where(table.c.custom == 0)).all())
    written = 0
    for meta in metas:
        digest = definition_hash(meta)
        if stored.get(meta.name) == digest:
            continue
        if meta.name in stored:
            delete_record(meta.name)
        record = meta.as_dict()
        record.pop("doctype", None)
        record.update(custom=0, app=meta.app, json_hash=digest)
        doc = new_doc("DocType", **record)
        doc.name = meta.name
        doc.docstatus = 0
        doc.owner = doc.modified_by = "Administrator"
        doc.creation = doc.modified = now()
        coerce_values(doc)
        persistence.insert_rows(doc)
        written += 1
    return written


def delete_record(name: str) -> None:
    for child in ("DocField", "DocPerm"):
        t = get_table(child)
        local.db.execute(t.delete().where(t.c.parent == name, t.c.parenttype == "DocType"))
    t = get_table("DocType")
    local.db.execute(t.delete().where(t.c.name == name))


def delete_app_records(app: str) -> None:
    table = get_table("DocType")
    for name in local.db.execute(sa.select(table.c.name).where(table.c.app == app, table.c.custom == 0)).scalars().all():
        delete_record(name)
