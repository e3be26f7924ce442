"""A site's full set of doctypes: its apps' files, its custom doctypes, its customisations."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from lowcode.exceptions import MetadataError
from lowcode.meta.customize import merge
from lowcode.meta.loader import load_standard, meta_from_record
from lowcode.meta.validate import check_references

if TYPE_CHECKING:
    from lowcode.meta.meta import Meta
    from lowcode.sites import Site

log = logging.getLogger(__name__)


def _rows(metas: dict[str, Meta], doctype: str, *order: str, where: Any = None) -> list[dict[str, Any]]:
    from lowcode.context import current
    from lowcode.db.tables import build_table

    table = build_table(metas[doctype])
    query = sa.select(table).order_by(*(table.c[c] for c in order))
    if where is not None:
        query = query.where(where(table))
    return [dict(r) for r in current().db.execute(query).mappings()]


def load_site_metas(site: Site, strict: frozenset[str] = frozenset()) -> dict[str, Meta]:
    """Standard metadata of the installed apps, then custom doctypes, then customisations.

    A stored customisation that no longer validates (say, a Link to a doctype of an app
    since uninstalled) is skipped with a warning rather than making the site unusable,
    except for the doctypes in `strict` (the one an admin is customising), where it raises.
    """
    from lowcode.meta.cache import site_tables_ready

    metas = dict(load_standard(site.installed_apps or ["core"]))
    if not site_tables_ready(site):
        return metas
    for record in _custom_doctype_records(metas):
        try:
            meta = meta_from_record(record)
        except MetadataError as exc:
            if record.get("name") in strict:
                raise
            log.warning("custom DocType %s skipped: %s", record.get("name"), exc.message)
            continue
        if meta.name in metas and not metas[meta.name].custom:
            message = f"DocType '{meta.name}' already exists in app {metas[meta.name].app}; choose another name."
            if meta.name in strict:
                raise MetadataError(message)
            log.warning(message)
            continue
        metas[meta.name] = meta
    if strict & set(metas):
        check_references(metas, sorted(strict & set(metas)))
    custom_fields: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(metas, "Custom Field", "idx", "creation"):
        custom_fields[row["dt"]].append(row)
    setters: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(metas, "Property Setter", "creation"):
        setters[row["doc_type"]].append(row)
    for doctype in set(custom_fields) | set(setters):
        if doctype not in metas:
            continue
        try:
            merged = merge(metas[doctype], custom_fields[doctype], setters[doctype])
            check_references({**metas, doctype: merged}, [doctype])
        except MetadataError as exc:
            if doctype in strict:
                raise
            log.warning("customisations of %s skipped: %s", doctype, exc.message)
            continue
        metas[doctype] = merged
    return metas


def _custom_doctype_records(metas: dict[str, Meta]) -> list[dict[str, Any]]:
    doctypes = _rows(metas, "DocType", "name", where=lambda t: t.c.custom == 1)
    if not doctypes:
        return []
    names = [d["name"] for d in doctypes]
    fields: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(metas, "DocField", "parent", "idx", where=lambda t: t.c.parent.in_(names)):
        fields[row["parent"]].append(row)
    perms: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(metas, "DocPerm", "parent", "idx", where=lambda t: t.c.parent.in_(names)):
        perms[row["parent"]].append(row)
    for record in doctypes:
        record["fields"] = fields[record["name"]]
        record["permissions"] = perms[record["name"]]
    return doctypes
