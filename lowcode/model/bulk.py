"""Bulk writes: many new documents of one doctype in batches, without controllers.

For generated or migrated data whose derived values the caller computes itself (demo data,
benchmarks, loads of millions of rows). Each document still gets the platform's
invariants: the user's create right on the doctype, field defaults, its name from the
doctype's naming rule (series counters advance atomically, like a normal insert),
standard and child columns, values coerced to their fieldtypes and mandatory fields
checked. What does *not* run: controllers and `doc_events`, link checks, unique checks
beyond the database's own, versions. A batch is one savepoint: a bad document leaves
nothing of its batch behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.errors import unique_violation
from lowcode.db.tables import get_table
from lowcode.exceptions import DuplicateEntryError
from lowcode.meta.validate import naming_kind
from lowcode.model import validation
from lowcode.model.controllers import get_controller
from lowcode.model.document import Document
from lowcode.model.naming import make_hash, next_value, series_of, series_prefix, set_new_name, validate_name
from lowcode.model.persistence import row_values, update_many
from lowcode.perms.documents import check_doctype_permission
from lowcode.utils.dates import now

DEFAULT_BATCH = 500
#: a batch whose random names collide with stored ones is retried with new names this many
#: times (a safety net: with 16 hex digits a collision is improbable even in huge tables)
HASH_RETRIES = 3


def insert_many(doctype: str, rows: Iterable[Mapping[str, Any]], *, batch_size: int = DEFAULT_BATCH,
                on_batch: Callable[[int], None] | None = None) -> list[str]:  # fmt: skip
    """Insert `rows` (dicts of field values, child tables as lists of dicts) and return their names.

    A row may carry `owner`, `creation` and `modified` (kept, for data that has a history);
    `name` is kept only where the naming rule takes a given name (prompt) or the row sets
    `__keep_name`. `on_batch(n)` is called after each batch with the number written.
    """
    check_doctype_permission(doctype, "create")
    names: list[str] = []
    for batch in _batches(rows, batch_size):
        with local.db.atomic():
            docs = [_prepare(doctype, values) for values in batch]
            _name_by_series(docs)
            for doc in docs:
                _finish(doc)
            _write(doctype, docs)
        names.extend(str(doc.name) for doc in docs)
        if on_batch:
            on_batch(len(docs))
    return names


def set_values(doctype: str, changes: Mapping[str, Mapping[str, Any]], *, batch_size: int = DEFAULT_BATCH) -> None:
    """Write field values of existing documents straight to their rows (no controllers, no versions).

    For back-links a bulk load fills once both sides exist (a lead's opportunity); the
    caller must have write right on the doctype. `modified` is left as it is.
    """
    check_doctype_permission(doctype, "write")
    table = get_table(doctype)
    items = list(changes.items())
    for start in range(0, len(items), batch_size):
        with local.db.atomic():
            update_many(table, items[start : start + batch_size])


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _prepare(doctype: str, values: Mapping[str, Any]) -> Document:
    data = dict(values)
    keep_name = bool(data.pop("__keep_name", False))
    history = {key: data.pop(key) for key in ("owner", "creation", "modified") if key in data}
    doc = get_controller(doctype)(doctype, data)
    doc.docstatus = 0
    doc._set_defaults()
    _stamp(doc, history)
    doc.flags.keep_name = keep_name
    doc.flags.series = series_of(doc)
    if doc.flags.series is None:
        set_new_name(doc)
    else:
        doc.name = None  # numbered with its batch
    return doc


def _name_by_series(docs: list[Document]) -> None:
    """Documents named by a naming series take a block of numbers: one counter update per prefix."""
    groups: dict[tuple[str, int], list[Document]] = {}
    fixed: dict[str, tuple[str, int]] = {}  # prefixes of series that take no value from the document
    for doc in docs:
        series = doc.flags.series if doc.name is None else None
        if series is None:
            continue
        prefix = fixed.get(series) or series_prefix(series, doc)
        if "{" not in series:
            fixed[series] = prefix
        groups.setdefault(prefix, []).append(doc)
    for (prefix, digits), members in groups.items():
        first = next_value(prefix, len(members)) - len(members) + 1
        for number, doc in enumerate(members, start=first):
            doc.name = validate_name(doc.doctype, f"{prefix}{number:0{digits}d}")


def _finish(doc: Document) -> None:
    validation.coerce_values(doc)
    validation.check_mandatory(doc)
    for df in doc.meta.table_fields:
        for idx, row in enumerate(doc.__dict__.get(df.fieldname) or [], start=1):
            set_new_name(row)
            row.__dict__.update(parent=doc.name, parentfield=df.fieldname, parenttype=doc.doctype, idx=idx, docstatus=0,
                                owner=doc.owner, creation=doc.creation, modified=doc.modified, modified_by=doc.modified_by)  # fmt: skip


def _stamp(doc: Document, history: dict[str, Any]) -> None:
    user = local.user
    creation = history.get("creation") or now()
    if isinstance(creation, str):
        creation = dt.datetime.fromisoformat(creation)
    modified = history.get("modified") or creation
    doc.owner = history.get("owner") or user
    doc.creation = creation
    doc.modified = dt.datetime.fromisoformat(modified) if isinstance(modified, str) else modified
    doc.modified_by = doc.owner


def _write(doctype: str, docs: list[Document]) -> None:
    """INSERT the batch; when a random (hash) name collides with a stored one, draw new ones and try again."""
    for attempt in range(HASH_RETRIES + 1):
        try:
            with local.db.atomic():
                _insert(doctype, docs)
            return
        except sa.exc.IntegrityError as exc:
            which = unique_violation(exc)
            if which is None:
                raise
            if which == "name" and attempt < HASH_RETRIES and _rehash(docs):
                continue
            message = f"{doctype}: a document of this batch has a {which} another record already has; nothing of the batch was written."
            raise DuplicateEntryError(message, doctype=doctype) from exc


def _insert(doctype: str, docs: list[Document]) -> None:
    children: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        for row in doc.get_children():
            children.setdefault(row.doctype, []).append(row_values(row))
    local.db.execute(get_table(doctype).insert(), [row_values(doc) for doc in docs])
    for child_doctype, rows in children.items():
        local.db.execute(get_table(child_doctype).insert(), rows)


def _rehash(docs: list[Document]) -> bool:
    """New random names for the batch's hash-named rows (child rows; documents of a hash-named doctype); False if none."""
    renamed = False
    for doc in docs:
        if (
            naming_kind((doc.meta.autoname or "").strip()) == "hash"
            and not doc.flags.keep_name
            and not callable(getattr(doc, "autoname", None))
        ):
            doc.name = make_hash()
            renamed = True
        for row in doc.get_children():
            row.__dict__.update(name=make_hash(), parent=doc.name)
            renamed = True
    return renamed
