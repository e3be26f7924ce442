"""Checking a document's values before it is written.

Every check collects all problems of a kind and raises one error listing them (with
`errors` data: fieldname, row and message for each), so a form can show each message
next to its field.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from lowcode.db.tables import get_table
from lowcode.exceptions import DuplicateEntryError, LinkValidationError, MandatoryError, ValidationError
from lowcode.meta.cache import get_meta
from lowcode.meta.fieldtypes import CoercionError
from lowcode.utils.safe_expr import ExpressionError, evaluate_bool

if TYPE_CHECKING:
    from lowcode.meta.meta import DocField
    from lowcode.model.base import BaseDocument
    from lowcode.model.document import Document

MAX_SHOWN = 5


def _where(doc: BaseDocument, df: DocField) -> str:
    """'Quantity' or 'Row 2 of Items: Quantity'."""
    parent = doc.parent_doc
    if parent is not None:
        table_df = parent.meta.get_field(doc.parentfield or "")
        table_label = table_df.display_label if table_df else doc.parentfield
        return f"Row {doc.idx} of {table_label}: {df.display_label}"
    return df.display_label


def _error(doc: BaseDocument, df: DocField, message: str) -> dict[str, Any]:
    entry = {"fieldname": df.fieldname, "message": f"{_where(doc, df)} {message}"}
    if doc.parent_doc is not None:
        entry.update(row=doc.idx, tablefield=doc.parentfield)
    return entry


def _title(doc: BaseDocument) -> str:
    root = doc.parent_doc or doc
    if not root.name or root.__dict__.get("_is_new"):
        return f"New {root.doctype}"
    return f"{root.doctype} '{root.name}'"


def _raise(cls: type[ValidationError], doc: BaseDocument, errors: list[dict[str, Any]], **data: Any) -> None:
    shown = "; ".join(e["message"] for e in errors[:MAX_SHOWN])
    more = f" (and {len(errors) - MAX_SHOWN} more)" if len(errors) > MAX_SHOWN else ""
    root = doc.parent_doc or doc
    raise cls(
        f"{_title(doc)}: {shown}{more}.",
        doctype=root.doctype, name=root.name, fieldname=errors[0]["fieldname"], errors=errors, **data,
    )  # fmt: skip


def all_rows(doc: Document) -> list[BaseDocument]:
    return [doc, *doc.get_children()]


#: values that cannot change in place, so one that is still the very object an earlier coercion left needs no second one
IMMUTABLE = (str, int, float, Decimal, dt.date, dt.time, dt.timedelta, type(None))
#: row id -> (the row, kept alive so its id is not reused, and the values coercion left in it)
Coerced = dict[int, tuple["BaseDocument", dict[str, Any]]]


def coerce_values(doc: Document, coerced: Coerced | None = None) -> Coerced:
    """Turn every value into its fieldtype's Python value; collect what cannot be.

    Returns what it left in each row (by the row's id); given that back after hooks ran,
    it skips the immutable values they did not replace.
    """
    errors: list[dict[str, Any]] = []
    out: Coerced = {}
    for row in all_rows(doc):
        values = row.__dict__
        left = coerced[id(row)][1] if coerced and id(row) in coerced else {}
        for df, coerce, non_negative, keeps_none in row.meta.coercions:
            value = values.get(df.fieldname)
            if value is None and keeps_none:
                values[df.fieldname] = None
                continue
            if left and value is left.get(df.fieldname, left) and isinstance(value, IMMUTABLE):
                continue
            try:
                value = coerce(value, df)
            except CoercionError as exc:
                errors.append(_error(row, df, str(exc)))
                continue
            if non_negative and value < 0:
                errors.append(_error(row, df, "cannot be negative"))
            values[df.fieldname] = value
        out[id(row)] = (row, dict(values))
    if errors:
        _raise(ValidationError, doc, errors)
    return out


def _visible(row: BaseDocument, df: DocField) -> bool:
    try:
        return evaluate_bool(df.depends_on, row)
    except ExpressionError:
        return True


def check_mandatory(doc: Document) -> None:
    errors: list[dict[str, Any]] = []
    missing: list[str] = []
    for row in all_rows(doc):
        for df in row.meta.maybe_mandatory:
            required = bool(df.reqd)
            if not required and df.mandatory_depends_on:
                try:
                    required = evaluate_bool(df.mandatory_depends_on, row)
                except ExpressionError:
                    required = False
            if not required or not _visible(row, df):
                continue
            value = row.__dict__.get(df.fieldname)
            empty = value in (None, "", []) or (df.ftype.is_table and not value)
            if df.fieldtype == "Check":
                empty = False
            if empty:
                errors.append(_error(row, df, "is required"))
                missing.append(df.fieldname)
    if errors:
        _raise(MandatoryError, doc, errors, missing=missing)


def _link_target(row: BaseDocument, df: DocField) -> str | None:
    if df.fieldtype == "Link":
        return df.options
    target = row.__dict__.get(df.options or "")
    return str(target) if target else None


def check_links(doc: Document) -> None:
    """Every Link and Dynamic Link names an existing record (and not a disabled one)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    uses: list[tuple[BaseDocument, DocField, str, str]] = []
    errors: list[dict[str, Any]] = []
    for row in all_rows(doc):
        meta = row.meta
        for df in meta.link_fields + meta.dynamic_link_fields:
            value = row.__dict__.get(df.fieldname)
            if value in (None, ""):
                continue
            target = _link_target(row, df)
            if not target:
                errors.append(_error(row, df, "needs its document type to be set first"))
                continue
            try:
                target_meta = get_meta(target)
            except Exception:  # noqa: BLE001 - reported as a validation error below
                errors.append(_error(row, df, f"points to '{target}', which is not a document type"))
                continue
            if target_meta.issingle or target_meta.istable:
                errors.append(_error(row, df, f"cannot point to {target}"))
                continue
            wanted[target].add(str(value))
            uses.append((row, df, target, str(value)))
    fetched: dict[tuple[str, str], int] = doc.flags.pop(FETCHED, None) or {}
    found: dict[str, dict[str, int]] = {}
    for target, names in wanted.items():
        seen = {name: fetched[(target, name)] for name in names if (target, name) in fetched}
        found[target] = seen | (_existing(target, names - seen.keys()) if names - seen.keys() else {})
    for row, df, target, value in uses:
        status = found[target].get(value)
        if status is None:
            errors.append(_error(row, df, f"'{value}' does not exist in {target}"))
        elif status:
            errors.append(_error(row, df, f"'{value}' is disabled in {target}"))
    if errors:
        _raise(LinkValidationError, doc, errors)


#: `doc.flags` key: link targets that `fetch_linked_values` read in this operation ((doctype, name) -> disabled),
#: so `check_links` does not read them again
FETCHED = "fetched_links"
#: `local.flags` key of a bulk writer's `LinkMemo`
LINK_MEMO = "link_memo"


class LinkMemo:
    """Link targets a bulk writer has read, in the order it learnt them.

    `known[key][name]` is a target's disabled flag (key: the doctype) or its fetched values
    (key: ("fetch", doctype, columns)). A document that fails is rolled back, and what was
    read during it may have been its own writes: `forget_since(mark)` drops exactly that.
    """

    def __init__(self) -> None:
        self.known: dict[Any, dict[str, Any]] = {}
        self.learnt: list[tuple[Any, str]] = []

    def table(self, key: Any) -> dict[str, Any]:
        return self.known.setdefault(key, {})

    def learn(self, key: Any, values: Mapping[str, Any]) -> None:
        self.table(key).update(values)
        self.learnt.extend((key, name) for name in values)

    def mark(self) -> int:
        return len(self.learnt)

    def forget_since(self, mark: int) -> None:
        for key, name in self.learnt[mark:]:
            self.known[key].pop(name, None)
        del self.learnt[mark:]


def _existing(doctype: str, names: set[str]) -> dict[str, int]:
    """name -> disabled flag (0 when the doctype has no `disabled` field)."""
    from lowcode.context import local

    memo: LinkMemo | None = local.flags.get(LINK_MEMO)
    known = memo.table(doctype) if memo is not None else {}
    missing = names - known.keys()
    found = {name: known[name] for name in names & known.keys()}
    if missing:
        query = _reused(get_table(doctype), ("exists",), _exists_query)
        fresh = {name: int(flag or 0) for name, flag in local.db.execute(query, {"names": sorted(missing)})}
        if memo is not None:
            memo.learn(doctype, fresh)
        found.update(fresh)
    return found


def _reused(table: sa.Table, key: tuple[str, ...], build: Callable[[sa.Table], sa.Select[Any]]) -> sa.Select[Any]:
    """A query built once per table (and key) with bound parameters: SQLAlchemy then skips its
    per-call construction and cache-key work, which is most of a small query's cost."""
    queries = table.info.setdefault("lowcode_queries", {})
    query = queries.get(key)
    if query is None:
        query = queries[key] = build(table)
    return query


def _exists_query(table: sa.Table) -> sa.Select[Any]:
    disabled = table.c.disabled if "disabled" in table.c else sa.literal(0)
    return sa.select(table.c.name, disabled).where(table.c.name.in_(sa.bindparam("names", expanding=True)))


def _fetch_query(table: sa.Table, columns: tuple[str, ...]) -> sa.Select[Any]:
    disabled = table.c.disabled if "disabled" in table.c else sa.literal(0)
    return sa.select(disabled.label("__disabled"), *(table.c[c] for c in columns)).where(table.c.name == sa.bindparam("link_name"))


def fetch_linked_values(doc: Document, before: Document | None) -> None:
    """Fill `fetch_from` fields from the linked records (when the link changed, or when empty)."""

    doc.flags.pop(FETCHED, None)
    for row in all_rows(doc):
        meta = row.meta
        by_link: dict[str, list[DocField]] = defaultdict(list)
        for df in meta.fields:
            if df.fetch_from and df.has_column:
                by_link[df.fetch_from.split(".")[0]].append(df)
        for link_name, targets in by_link.items():
            link_df = meta.get_field(link_name)
            value = row.__dict__.get(link_name)
            if link_df is None or value in (None, ""):
                continue
            changed = before is None or row.parent_doc is not None or _old_value(before, row, link_name) != value
            needed = [df for df in targets if (changed and not df.fetch_if_empty) or row.__dict__.get(df.fieldname) in (None, "", 0)]
            if not needed:
                continue
            sources = [df.fetch_from.split(".")[1] for df in needed]  # type: ignore[union-attr]
            record = _fetched_record(link_df.options or "", str(value), tuple(sources))
            if record is None:
                continue
            doc.flags.setdefault(FETCHED, {})[(link_df.options or "", str(value))] = int(record["__disabled"] or 0)
            for df, source in zip(needed, sources, strict=True):
                row.__dict__[df.fieldname] = df.ftype.coerce(record[source], df)


def _fetched_record(doctype: str, name: str, sources: tuple[str, ...]) -> Mapping[str, Any] | None:
    """The linked record's `sources` columns and its disabled flag (memoised for a bulk writer, like link targets)."""
    from lowcode.context import local

    memo: LinkMemo | None = local.flags.get(LINK_MEMO)
    key = ("fetch", doctype, sources)
    if memo is not None and name in memo.table(key):
        return memo.known[key][name]
    query = _reused(get_table(doctype), ("fetch", *sources), lambda t: _fetch_query(t, sources))
    record = local.db.execute(query, {"link_name": name}).mappings().first()
    if memo is not None:
        memo.learn(key, {name: record})
    return record


def _old_value(before: Document, row: BaseDocument, fieldname: str) -> Any:
    return before.__dict__.get(fieldname) if row.parent_doc is None else None


def check_unique(doc: Document) -> None:
    from lowcode.context import local

    for row in all_rows(doc):
        meta = row.meta
        unique = [df for df in meta.data_fields if df.unique and row.__dict__.get(df.fieldname) not in (None, "")]
        if not unique:
            continue
        table = get_table(row.doctype)
        for df in unique:
            value = row.__dict__[df.fieldname]
            query = sa.select(table.c.name).where(table.c[df.fieldname] == value)
            if row.name:
                query = query.where(table.c.name != row.name)
            other = local.db.scalar(query.limit(1))
            if other is not None:
                raise DuplicateEntryError(
                    f"{_title(row)}: {_where(row, df)} '{value}' is already used by {row.doctype} '{other}'.",
                    doctype=row.doctype, name=row.name, fieldname=df.fieldname, existing=other,
                )  # fmt: skip
