"""Reading and writing a document's rows: the parent row, child rows and single values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.errors import unique_violation
from lowcode.db.tables import get_table, singles_table
from lowcode.exceptions import DoesNotExistError, DuplicateEntryError
from lowcode.meta.cache import get_meta
from lowcode.model.naming import make_hash

if TYPE_CHECKING:
    from lowcode.model.base import BaseDocument
    from lowcode.model.document import Document


def row_values(row: BaseDocument) -> dict[str, Any]:
    values = row.__dict__
    return {column: values.get(column) for column in row.meta.column_names}


def insert_rows(doc: Document) -> None:
    table = get_table(doc.doctype)
    try:
        local.db.insert(table, row_values(doc))
    except sa.exc.IntegrityError as exc:
        which = unique_violation(exc)
        if which is None:
            raise
        if which == "name":
            raise DuplicateEntryError(f"{doc.doctype} '{doc.name}' already exists.", doctype=doc.doctype, name=doc.name) from exc
        raise DuplicateEntryError(
            f"{doc.doctype} '{doc.name}': another record already has this value ({which}).", doctype=doc.doctype, name=doc.name
        ) from exc
    for df in doc.meta.table_fields:
        rows = doc.__dict__.get(df.fieldname) or []
        if rows:
            _insert_children(doc, df.fieldname, rows)


def _prepare_child(doc: Document, fieldname: str, row: BaseDocument, idx: int) -> None:
    values = row.__dict__
    values.update(parent=doc.name, parentfield=fieldname, parenttype=doc.doctype, idx=idx,
                  docstatus=doc.docstatus, owner=doc.owner, creation=values.get("creation") or doc.modified,
                  modified=doc.modified, modified_by=doc.modified_by)  # fmt: skip
    if not values.get("name"):
        values["name"] = make_hash()


def _insert_children(doc: Document, fieldname: str, rows: list[BaseDocument]) -> None:
    for idx, row in enumerate(rows, start=1):
        _prepare_child(doc, fieldname, row, idx)
    _insert_child_rows(doc, get_table(rows[0].doctype), rows)


def _insert_child_rows(doc: Document, table: sa.Table, rows: list[BaseDocument]) -> None:
    """A new row may not take the name of a row of another document (a client can send one)."""
    try:
        local.db.insert(table, [row_values(r) for r in rows])
    except sa.exc.IntegrityError as exc:
        if unique_violation(exc) is None:
            raise
        raise DuplicateEntryError(
            f"{doc.doctype} '{doc.name}': a new {rows[0].doctype} row has the name of an existing row; leave the name of new rows empty.",
            doctype=doc.doctype, name=doc.name,
        ) from exc  # fmt: skip


def update_by_name(table: sa.Table, name: str, values: dict[str, Any]) -> None:
    """UPDATE one row; the statement is built once per table and its parameters bound."""
    local.db.execute(table.update().where(table.c.name == sa.bindparam("__row_name")), {"__row_name": name, **values})


def update_many(table: sa.Table, changes: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
    """UPDATE rows by name: one executemany for each set of columns written."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for name, values in changes:
        groups.setdefault(tuple(values), []).append({"__row_name": name, **values})
    statement = table.update().where(table.c.name == sa.bindparam("__row_name"))
    for params in groups.values():
        local.db.execute(statement, params)


def update_rows(doc: Document) -> None:
    table = get_table(doc.doctype)
    values = row_values(doc)
    values.pop("name")
    update_by_name(table, doc.name, values)
    for df in doc.meta.table_fields:
        _sync_children(doc, df.fieldname, df.options or "")


def _sync_children(doc: Document, fieldname: str, child_doctype: str) -> None:
    table = get_table(child_doctype)
    rows = doc.__dict__.get(fieldname) or []
    existing = set(
        local.db.execute(
            sa.select(table.c.name).where(table.c.parent == doc.name, table.c.parenttype == doc.doctype, table.c.parentfield == fieldname)
        ).scalars()
    )
    keep = {r.name for r in rows if r.name in existing}
    gone = existing - keep
    if gone:
        local.db.execute(table.delete().where(table.c.name.in_(sorted(gone))))
    new_rows = []
    for idx, row in enumerate(rows, start=1):
        is_new = row.name not in existing
        _prepare_child(doc, fieldname, row, idx)
        if is_new:
            new_rows.append(row)
        else:
            values = row_values(row)
            values.pop("name")
            update_by_name(table, row.name, values)
    if new_rows:
        _insert_child_rows(doc, table, new_rows)


def delete_rows(doc: Document) -> None:
    for df in doc.meta.table_fields:
        table = get_table(df.options or "")
        local.db.execute(
            table.delete().where(table.c.parent == doc.name, table.c.parenttype == doc.doctype, table.c.parentfield == df.fieldname)
        )
    table = get_table(doc.doctype)
    local.db.execute(table.delete().where(table.c.name == doc.name))


def load_values(doctype: str, name: str, *, for_update: bool = False) -> dict[str, Any]:
    """The parent row and its child rows (as lists of dicts) of one document."""
    meta = get_meta(doctype)
    if meta.issingle:
        return load_single(doctype)
    table = get_table(doctype)
    query = sa.select(table).where(table.c.name == name)
    if for_update:
        query = local.db.for_update(query)
    row = local.db.execute(query).mappings().first()
    if row is None:
        raise DoesNotExistError(f"{doctype} '{name}' not found.", doctype=doctype, name=name)
    values = dict(row)
    for df in meta.table_fields:
        child = get_table(df.options or "")
        query = (
            sa.select(child)
            .where(child.c.parent == name, child.c.parenttype == doctype, child.c.parentfield == df.fieldname)
            .order_by(child.c.idx)
        )
        values[df.fieldname] = [dict(r) for r in local.db.execute(query).mappings()]
    return values


def load_single(doctype: str) -> dict[str, Any]:
    meta = get_meta(doctype)
    table = singles_table()
    stored = dict(local.db.execute(sa.select(table.c.field, table.c.value).where(table.c.doctype == doctype)).all())
    values: dict[str, Any] = {"name": doctype, "docstatus": 0, "idx": 0}
    for key in ("modified", "creation"):
        if stored.get(key):
            values[key] = dt.datetime.fromisoformat(stored[key])
    for key in ("owner", "modified_by"):
        values[key] = stored.get(key)
    from lowcode.model.document import default_value

    for df in meta.data_fields:
        if df.fieldname in stored:
            values[df.fieldname] = df.ftype.coerce(stored[df.fieldname], df)
        elif df.default not in (None, ""):  # never saved: the field's default, as a new document would have
            values[df.fieldname] = df.ftype.coerce(default_value(df.default, df.fieldtype), df)
    for df in meta.table_fields:
        child = get_table(df.options or "")
        query = sa.select(child).where(child.c.parent == doctype, child.c.parentfield == df.fieldname).order_by(child.c.idx)
        values[df.fieldname] = [dict(r) for r in local.db.execute(query).mappings()]
    return values


def save_single(doc: Document) -> None:
    from lowcode.utils.dates import format_iso
    from lowcode.utils.json import to_jsonable

    table = singles_table()
    local.db.execute(table.delete().where(table.c.doctype == doc.doctype))
    rows = []
    for df in doc.meta.data_fields:
        value = doc.__dict__.get(df.fieldname)
        if value is not None:
            rows.append({"doctype": doc.doctype, "field": df.fieldname, "value": str(to_jsonable(value))})
    for key in ("modified", "creation"):
        if doc.__dict__.get(key):
            rows.append({"doctype": doc.doctype, "field": key, "value": format_iso(doc.__dict__[key])})
    for key in ("owner", "modified_by"):
        if doc.__dict__.get(key):
            rows.append({"doctype": doc.doctype, "field": key, "value": doc.__dict__[key]})
    if rows:
        local.db.execute(table.insert(), rows)
    for df in doc.meta.table_fields:
        _sync_children(doc, df.fieldname, df.options or "")


def exists(doctype: str, name: str) -> bool:
    table = get_table(doctype)
    return local.db.scalar(sa.select(table.c.name).where(table.c.name == name)) is not None
