"""Finding the duplicates of a record: by its keys, then through the permission-aware query builder."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.query import get_list
from lowcode.db.tables import get_table
from lowcode.duplicates.keys import KEY_DOCTYPE, keys_of
from lowcode.duplicates.rules import rules_for
from lowcode.meta.cache import get_meta
from lowcode.web.whitelist import whitelist


def matching_names(doctype: str, values: Any, exclude: str | None = None) -> dict[str, list[str]]:
    """name -> rule labels of every record sharing a key with `values` (server-side: no permissions)."""
    keys = keys_of(rules_for(doctype), values)
    if not keys:
        return {}
    table = get_table(KEY_DOCTYPE)
    clauses = [sa.and_(table.c.rule == label, table.c.dup_key == key) for label, key in keys]
    query = sa.select(table.c.reference_name, table.c.rule).where(table.c.reference_doctype == doctype, sa.or_(*clauses))
    found: dict[str, list[str]] = {}
    for name, rule in local.db.execute(query):
        if name != exclude:
            found.setdefault(name, []).append(rule)
    return found


def find_duplicates(doc: Any) -> list[dict[str, Any]]:
    """The records the user may read that duplicate `doc`: name, title and the fields that match."""
    candidates = matching_names(doc.doctype, doc, exclude=doc.name)
    if not candidates:
        return []
    meta = get_meta(doc.doctype)
    title = meta.get_title_field()
    fields = ["name"] + ([title] if title and title != "name" else [])
    rows = get_list(
        doc.doctype, fields=fields, filters=[["name", "in", sorted(candidates)]], limit=len(candidates), order_by="creation asc"
    )
    return [{"name": r["name"], "title": r.get(title) or r["name"], "matched_on": candidates[r["name"]]} for r in rows]


@whitelist(methods=("GET",))
def get_duplicates(doctype: str, name: str) -> list[dict[str, Any]]:
    """The duplicates of one record the user may read (for the form's banner)."""
    from lowcode.client import get_permitted_doc

    return find_duplicates(get_permitted_doc(doctype, name))
