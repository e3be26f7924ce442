"""Keeping the Duplicate Key rows: the normalised keys of each record of a doctype with rules.

Written on every insert and save (a `doc_events` hook of the core app; a bulk writer's
deferred inserts queue them with the records), dropped on delete, and rebuilt for records
that existed before their rules did (`rebuild`, run after migrate).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.duplicates.rules import Rule, doctypes_with_rules, rules_for
from lowcode.model.naming import make_hash
from lowcode.utils.dates import now

KEY_DOCTYPE = "Duplicate Key"


def keys_of(rules: list[Rule], values: Any) -> list[tuple[str, str]]:
    """(rule label, key) of every rule the values give a key for."""
    out = []
    for rule in rules:
        key = rule.key(values)
        if key:
            out.append((rule.label, key))
    return out


def _rows(doctype: str, name: str, keys: list[tuple[str, str]], stamp: Any = None) -> list[dict[str, Any]]:
    """Duplicate Key rows, stamped with `stamp` (the document's modified time) or now."""
    stamp, user = stamp or now(), local.user
    return [
        {"name": make_hash(), "reference_doctype": doctype, "reference_name": name, "rule": label, "dup_key": key,
         "owner": user, "creation": stamp, "modified": stamp, "modified_by": user, "docstatus": 0, "idx": 0}
        for label, key in keys
    ]  # fmt: skip


def sync_keys(doc: Any, method: str | None = None) -> None:
    """doc_events "*" on_update: replace the document's keys (nothing for doctypes without rules)."""
    rules = rules_for(doc.doctype)
    if not rules or doc.meta.istable:
        return
    table = get_table(KEY_DOCTYPE)
    if not doc.flags.in_insert:
        local.db.execute(table.delete().where(table.c.reference_doctype == doc.doctype, table.c.reference_name == doc.name))
    rows = _rows(doc.doctype, doc.name, keys_of(rules, doc), doc.get("modified"))
    if rows:
        local.db.insert(table, rows)


def drop_keys(doc: Any, method: str | None = None) -> None:
    """doc_events "*" after_delete."""
    if not rules_for(doc.doctype):
        return
    table = get_table(KEY_DOCTYPE)
    local.db.execute(table.delete().where(table.c.reference_doctype == doc.doctype, table.c.reference_name == doc.name))


def rebuild(doctype: str, batch: int = 1000) -> int:
    """Recompute the keys of every record of `doctype`; returns how many keys were written."""
    rules = rules_for(doctype)
    keys_table = get_table(KEY_DOCTYPE)
    local.db.execute(keys_table.delete().where(keys_table.c.reference_doctype == doctype))
    if not rules:
        return 0
    source = get_table(doctype)
    wanted = sorted({f for rule in rules for f, _ in rule.fields})
    written, last = 0, None
    while True:
        query = sa.select(source.c.name, *(source.c[f] for f in wanted)).order_by(source.c.name).limit(batch)
        if last is not None:
            query = query.where(source.c.name > last)
        page = list(local.db.execute(query).mappings())
        if not page:
            return written
        rows = [key_row for row in page for key_row in _rows(doctype, row["name"], keys_of(rules, row))]
        written += _flush(keys_table, rows)
        last = page[-1]["name"]


def _flush(table: sa.Table, rows: list[dict[str, Any]]) -> int:
    if rows:
        local.db.execute(table.insert(), rows)
    return len(rows)


def rebuild_missing() -> None:
    """after_migrate: rebuild the keys of doctypes that have records but no keys yet (rules just added)."""
    keys_table = get_table(KEY_DOCTYPE)
    for doctype in doctypes_with_rules():
        if not rules_for(doctype):
            continue
        has_keys = local.db.scalar(sa.select(keys_table.c.name).where(keys_table.c.reference_doctype == doctype).limit(1))
        source = get_table(doctype)
        if has_keys is None and local.db.scalar(sa.select(source.c.name).limit(1)) is not None:
            rebuild(doctype)
