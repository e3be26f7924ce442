"""The one permission-aware query builder behind every read: lists, counts, values, reports.

Fields, filters, order_by and group_by from clients are parsed and checked against the
metadata here; the user's read condition (`lowcode.perms.read_condition`) is added to
every query unless the caller is server code that passes `ignore_permissions=True`.
Fields above the user's read level are left out of answers and refused in filters and
sorting. No client text ever becomes SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.expressions import days_between
from lowcode.db.filters import Filter, InvalidQueryError, condition, normalize, parse_json_arg
from lowcode.db.tables import get_table
from lowcode.exceptions import PermissionError
from lowcode.meta.cache import get_meta
from lowcode.meta.meta import Meta
from lowcode.perms import read_condition, readable_fields
from lowcode.perms.documents import check_doctype_permission

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
FIELD_RE = re.compile(
    rf"^\s*(?:`?tab(?P<table>[A-Za-z0-9 _-]+)`?\.)?`?(?P<path>{IDENT}(?:\.{IDENT})?|\*)`?\s*(?:\s+as\s+`?(?P<alias>{IDENT})`?)?\s*$",
    re.IGNORECASE,
)
DAYS_RE = re.compile(
    rf"^\s*days_between\s*\(\s*`?(?P<start>{IDENT}(?:\.{IDENT})?)`?\s*,\s*`?(?P<end>{IDENT}(?:\.{IDENT})?)`?\s*\)"
    rf"\s*(?:as\s+`?(?P<alias>{IDENT})`?)?\s*$",
    re.IGNORECASE,
)
AGG_RE = re.compile(
    rf"^\s*(?P<fn>count|sum|avg|min|max)\s*\(\s*(?P<distinct>distinct\s+)?`?(?P<arg>\*|{IDENT}(?:\.{IDENT})?|days_between\s*\([^()]*\))`?\s*\)"
    rf"\s*(?:as\s+`?(?P<alias>{IDENT})`?)?\s*$",
    re.IGNORECASE,
)
ORDER_RE = re.compile(
    rf"^\s*(?:`?tab(?P<table>[A-Za-z0-9 _-]+)`?\.)?`?(?P<field>{IDENT}(?:\.{IDENT})?)`?\s*(?P<dir>asc|desc)?\s*$", re.IGNORECASE
)
AGGREGATES = {"count": sa.func.count, "sum": sa.func.sum, "avg": sa.func.avg, "min": sa.func.min, "max": sa.func.max}
DEFAULT_PAGE = 20


@dataclass
class ListQuery:
    """A parsed, checked list request, ready to become a SELECT."""

    doctype: str
    fields: list[Any] = field(default_factory=list)
    filters: Any = None
    or_filters: Any = None
    order_by: str | None = None
    group_by: str | None = None
    limit_start: int = 0
    limit: int | None = DEFAULT_PAGE
    distinct: bool = False
    ignore_permissions: bool = False
    user: str | None = None
    right: str = "read"
    #: for reading a child doctype directly: its parent doctype, whose permissions apply
    parent_doctype: str | None = None


class Builder:
    """Builds the SELECT for one ListQuery; joins child tables as fields or filters need them."""

    def __init__(self, q: ListQuery) -> None:
        self.q = q
        self.meta: Meta = get_meta(q.doctype)
        if self.meta.istable and not self._valid_parent(q):
            raise InvalidQueryError(
                f"{q.doctype} is a child table; read it through its parent document (pass parent=<parent doctype>).",
                doctype=q.doctype,
            )  # fmt: skip
        if self.meta.issingle:
            raise InvalidQueryError(f"{q.doctype} is a single (settings) doctype; use get_doc.", doctype=q.doctype)
        self.table = get_table(q.doctype)
        self.user = q.user or local.user
        self.readable = None if q.ignore_permissions else readable_fields(q.doctype, self.user, q.parent_doctype)
        self.joins: dict[str, sa.Table] = {}
        self.aliases: dict[str, sa.ColumnElement[Any]] = {}
        self.has_aggregate = False

    @staticmethod
    def _valid_parent(q: ListQuery) -> bool:
        if not q.parent_doctype:
            return False
        parent = get_meta(q.parent_doctype)
        return any(df.options == q.doctype for df in parent.table_fields)

    # -- names ---------------------------------------------------------------------------
    def child_of(self, ref: str) -> tuple[str, str] | None:
        """(table field, child doctype) for a table field name or a child doctype name."""
        for df in self.meta.table_fields:
            if ref in (df.fieldname, df.options):
                return df.fieldname, df.options or ""
        return None

    def _check_readable(self, doctype: str, fieldname: str, how: str) -> None:
        """Refuse filtering or sorting by a field above the user's read level."""
        if self.q.ignore_permissions:
            return
        allowed = self.readable if doctype == self.q.doctype else readable_fields(doctype, self.user, self.q.doctype)
        if allowed is not None and fieldname not in allowed:
            raise PermissionError(f"You may not {how} {doctype}.{fieldname}.", doctype=self.q.doctype, fieldname=fieldname)

    def column(self, path: str, how: str, table_prefix: str | None = None) -> tuple[sa.ColumnElement[Any], str, Any]:
        """The column for `field` or `tablefield.field`; (column, doctype, docfield)."""
        doctype = self.q.doctype
        if table_prefix and table_prefix.strip() != doctype:
            resolved = self.child_of(table_prefix.strip())
            if resolved is None:
                raise InvalidQueryError(f"'{table_prefix}' is not {doctype} or one of its child tables.", doctype=doctype)
            path = f"{resolved[0]}.{path}"
        if "." in path:
            tablefield, fieldname = path.split(".", 1)
            resolved = self.child_of(tablefield)
            if resolved is None:
                raise InvalidQueryError(f"{doctype} has no table field '{tablefield}'.", doctype=doctype)
            child_meta = get_meta(resolved[1])
            if not child_meta.has_field(fieldname) or fieldname not in self._child_table(resolved).c:
                raise InvalidQueryError(f"{child_meta.name} has no field '{fieldname}'.", doctype=doctype, fieldname=fieldname)
            self._check_readable(child_meta.name, fieldname, how)
            return self._child_table(resolved).c[fieldname], child_meta.name, child_meta.get_field(fieldname)
        if path in self.aliases and how == "sort by":
            return self.aliases[path], doctype, None
        if not self.meta.has_field(path) or path not in self.table.c:
            raise InvalidQueryError(f"{doctype} has no field '{path}'.", doctype=doctype, fieldname=path)
        self._check_readable(doctype, path, how)
        return self.table.c[path], doctype, self.meta.get_field(path)

    def _child_table(self, resolved: tuple[str, str]) -> sa.Table:
        tablefield, child_doctype = resolved
        if tablefield not in self.joins:
            self.joins[tablefield] = get_table(child_doctype).alias(f"child_{tablefield}")
        return self.joins[tablefield]

    # -- parts --------------------------------------------------------------------------
    def select_list(self) -> list[sa.ColumnElement[Any]]:
        specs = parse_json_arg(self.q.fields, "fields", self.q.doctype) or ["name"]
        if isinstance(specs, str):
            specs = [s for s in specs.split(",") if s.strip()] if not specs.strip().startswith("[") else specs
        if not isinstance(specs, list):
            raise InvalidQueryError("fields must be a list of field names.", doctype=self.q.doctype)
        out: list[sa.ColumnElement[Any]] = []
        for spec in specs:
            if not isinstance(spec, str):
                raise InvalidQueryError(f"Each field must be text, not {spec!r}.", doctype=self.q.doctype)
            out.extend(self._select_item(spec))
        return out

    def _select_item(self, spec: str) -> list[sa.ColumnElement[Any]]:
        agg = AGG_RE.match(spec)
        if agg:
            self.has_aggregate = True
            fn, arg = agg.group("fn").lower(), agg.group("arg")
            target: Any = sa.literal_column("*") if arg == "*" else self.operand(arg)
            if agg.group("distinct"):
                target = sa.distinct(target)
            alias = agg.group("alias") or (f"{fn}" if arg == "*" else f"{fn}({arg})")
            expr = AGGREGATES[fn](target).label(alias)
            self.aliases[alias] = sa.literal_column(_quote(alias))
            return [expr]
        days = DAYS_RE.match(spec)
        if days:
            alias = days.group("alias") or "days_between"
            self.aliases[alias] = sa.literal_column(_quote(alias))
            return [self.operand(spec).label(alias)]
        match = FIELD_RE.match(spec)
        if not match:
            raise InvalidQueryError(f"'{spec[:80]}' is not a field name.", doctype=self.q.doctype)
        path = match.group("path")
        if path == "*":
            names = [c for c in self.meta.column_names if self.readable is None or c in self.readable]
            return [self.table.c[n] for n in names]
        if not self.q.ignore_permissions and self._unreadable(path, match.group("table")):
            return []
        column, _doctype, _df = self.column(path, "read", match.group("table"))
        alias = match.group("alias") or path
        self.aliases[alias] = column
        return [column.label(alias)] if alias != column.name or "." in path else [column]

    def operand(self, arg: str) -> sa.ColumnElement[Any]:
        """A field's column, or `days_between(start, end)` of two date or datetime fields (days with fraction)."""
        days = DAYS_RE.match(arg)
        if days is None:
            return self.column(arg, "read")[0]
        ends = [self.column(days.group(part), "read")[0] for part in ("start", "end")]
        for column in ends:
            if not isinstance(column.type, (sa.Date, sa.DateTime)):
                raise InvalidQueryError(f"days_between takes date or datetime fields, not '{column.name}'.", doctype=self.q.doctype)
        return days_between(*ends)

    def _unreadable(self, path: str, table_prefix: str | None) -> bool:
        """Asked-for fields above the read level are left out of the answer."""
        if "." in path or (table_prefix and table_prefix.strip() != self.q.doctype):
            tablefield, fieldname = path.split(".", 1) if "." in path else (table_prefix or "", path)
            resolved = self.child_of(tablefield.strip())
            if resolved is None:
                return False
            allowed = readable_fields(resolved[1], self.user, self.q.doctype)
            return allowed is not None and fieldname in get_meta(resolved[1]).column_names and fieldname not in allowed
        return self.readable is not None and path in self.meta.column_names and path not in self.readable

    def where(self) -> list[sa.ColumnElement[bool]]:
        conds: list[sa.ColumnElement[bool]] = []
        for flt in normalize(self.meta, self.q.filters, self.child_of):
            conds.append(self._filter(flt))
        ors = [self._filter(f) for f in normalize(self.meta, self.q.or_filters, self.child_of)]
        if ors:
            conds.append(sa.or_(*ors))
        if self.q.parent_doctype and self.meta.istable:
            conds.append(self.table.c.parenttype == self.q.parent_doctype)
            if not self.q.ignore_permissions:
                parent = get_table(self.q.parent_doctype)
                perm = read_condition(self.q.parent_doctype, parent, self.user, self.q.right)
                if perm is not None:
                    conds.append(self.table.c.parent.in_(sa.select(parent.c.name).where(perm)))
        elif not self.q.ignore_permissions:
            perm = read_condition(self.q.doctype, self.table, self.user, self.q.right)
            if perm is not None:
                conds.append(perm)
        return conds

    def _filter(self, flt: Filter) -> sa.ColumnElement[bool]:
        if flt.tablefield is None:
            column, _doctype, df = self.column(flt.fieldname, "filter by")
            return condition(column, df, flt, local.db.dialect, self._tree)
        child_doctype = get_meta(self.child_of(flt.tablefield)[1])  # type: ignore[index]
        if not child_doctype.has_field(flt.fieldname):
            raise InvalidQueryError(f"{child_doctype.name} has no field '{flt.fieldname}'.", doctype=self.q.doctype)
        self._check_readable(child_doctype.name, flt.fieldname, "filter by")
        child = get_table(child_doctype.name).alias()
        inner = condition(child.c[flt.fieldname], child_doctype.get_field(flt.fieldname), flt, local.db.dialect)
        return sa.exists(
            sa.select(sa.literal(1)).where(
                child.c.parent == self.table.c.name,
                child.c.parenttype == self.q.doctype,
                child.c.parentfield == flt.tablefield,
                inner,
            )
        )

    def _tree(self, flt: Filter) -> sa.ColumnElement[bool]:
        from lowcode.db.tree import tree_condition

        column, _doctype, df = self.column(flt.fieldname, "filter by")
        return tree_condition(column, df, flt)

    def order(self) -> list[sa.ColumnElement[Any]]:
        text = self.q.order_by
        if text is None or not str(text).strip():
            if self.has_aggregate or self.q.group_by:
                return []
            column = self.table.c[self.meta.sort_field]
            primary = column.desc() if self.meta.sort_order.upper() == "DESC" else column.asc()
            return [primary] if self.meta.sort_field == "name" else [primary, self.table.c.name.desc()]
        out = []
        for part in str(text).split(","):
            match = ORDER_RE.match(part)
            if not match:
                raise InvalidQueryError(f"Cannot sort by '{part.strip()[:80]}'; use 'field asc' or 'field desc'.", doctype=self.q.doctype)
            column = self.column(match.group("field"), "sort by", match.group("table"))[0]
            out.append(column.desc() if (match.group("dir") or "asc").lower() == "desc" else column.asc())
        return out

    def groups(self) -> list[sa.ColumnElement[Any]]:
        if not self.q.group_by:
            return []
        return [self.column(part.strip().strip("`"), "group by")[0] for part in str(self.q.group_by).split(",") if part.strip()]

    def from_clause(self) -> Any:
        source: Any = self.table
        for tablefield, child in self.joins.items():
            source = source.outerjoin(
                child,
                sa.and_(child.c.parent == self.table.c.name, child.c.parenttype == self.q.doctype, child.c.parentfield == tablefield),
            )
        return source

    def select(self) -> sa.Select[Any]:
        columns = self.select_list()
        if not columns:
            raise PermissionError("You may not read any of the fields asked for.", doctype=self.q.doctype)
        where = self.where()
        order = self.order()
        groups = self.groups()
        query = sa.select(*columns).select_from(self.from_clause()).where(*where)
        if groups:
            query = query.group_by(*groups)
        if self.q.distinct:
            query = query.distinct()
        if order:
            query = query.order_by(*order)
        if self.q.limit:
            query = query.limit(self.q.limit)
        if self.q.limit_start:
            query = query.offset(self.q.limit_start)
        return query

    def count(self, distinct: bool = False) -> sa.Select[Any]:
        where = self.where()
        counted = sa.func.count(sa.distinct(self.table.c.name)) if (self.joins or distinct) else sa.func.count()
        return sa.select(counted).select_from(self.from_clause()).where(*where)


def _quote(alias: str) -> str:
    return local.db.engine.dialect.identifier_preparer.quote(alias)


def _page(limit_page_length: Any, limit: Any, ignore_permissions: bool) -> int | None:
    raw = limit if limit not in (None, "") else limit_page_length
    if raw in (None, ""):
        size: int | None = None if ignore_permissions else DEFAULT_PAGE
    else:
        try:
            size = int(raw)
        except (TypeError, ValueError) as exc:
            raise InvalidQueryError(f"The page length must be a whole number, not {raw!r}.") from exc
        if size < 0:
            raise InvalidQueryError("The page length cannot be negative.")
    cap = int(local.site.get("max_page_length"))
    if not ignore_permissions and (size is None or size == 0 or size > cap):
        size = cap
    return size or None


def _start(value: Any) -> int:
    try:
        start = int(value or 0)
    except (TypeError, ValueError) as exc:
        raise InvalidQueryError(f"limit_start must be a whole number, not {value!r}.") from exc
    if start < 0:
        raise InvalidQueryError("limit_start cannot be negative.")
    return start


def get_list(
    doctype: str,
    fields: Any = None,
    filters: Any = None,
    or_filters: Any = None,
    order_by: str | None = None,
    group_by: str | None = None,
    limit_start: Any = 0,
    limit_page_length: Any = None,
    limit: Any = None,
    pluck: str | None = None,
    as_list: bool = False,
    distinct: bool = False,
    ignore_permissions: bool = False,
    user: str | None = None,
    right: str = "read",
    parent_doctype: str | None = None,
) -> list[Any]:
    """Rows of `doctype` the user may read, as dicts (or lists, or one plucked field)."""
    if not ignore_permissions:
        check_doctype_permission(parent_doctype if parent_doctype and get_meta(doctype).istable else doctype, right, user)
    if pluck:
        fields = [pluck]
    q = ListQuery(
        doctype, fields, filters, or_filters, order_by, group_by, _start(limit_start),
        _page(limit_page_length, limit, ignore_permissions), distinct, ignore_permissions, user, right, parent_doctype,
    )  # fmt: skip
    result = local.db.execute(Builder(q).select())
    if pluck:
        return [row[0] for row in result]
    if as_list:
        return [list(row) for row in result]
    return [dict(row) for row in result.mappings()]


def iter_list(doctype: str, fields: Any = None, filters: Any = None, or_filters: Any = None, order_by: str | None = None, *,
              right: str = "read", batch: int = 1000) -> tuple[list[str], Iterator[list[Any]]]:  # fmt: skip
    """Every row the user may `right` (no page cap), streamed from one query: (column keys, rows as lists)."""
    check_doctype_permission(doctype, right)
    q = ListQuery(doctype, fields, filters, or_filters, order_by, None, 0, None, False, False, None, right, None)
    result = local.db.execute(Builder(q).select().execution_options(yield_per=batch))
    return list(result.keys()), (list(row) for row in result)


def get_all(doctype: str, **kwargs: Any) -> list[Any]:
    """Server-side reads without the user's permissions (like Frappe's get_all)."""
    kwargs.setdefault("ignore_permissions", True)
    return get_list(doctype, **kwargs)


def get_count(doctype: str, filters: Any = None, or_filters: Any = None, *, distinct: bool = False,
              ignore_permissions: bool = False, user: str | None = None, parent_doctype: str | None = None) -> int:  # fmt: skip
    if not ignore_permissions:
        check_doctype_permission(parent_doctype if parent_doctype and get_meta(doctype).istable else doctype, "read", user)
    q = ListQuery(doctype, ["name"], filters, or_filters, None, None, 0, None, distinct, ignore_permissions, user, "read", parent_doctype)
    return int(local.db.scalar(Builder(q).count(distinct)) or 0)


def get_value(doctype: str, filters: Any, fieldname: str | list[str] = "name", *, as_dict: bool = False,
              ignore_permissions: bool = True, order_by: str | None = None) -> Any:  # fmt: skip
    """One row's value(s). `filters` may be a name. Server-side by default (no permissions)."""
    meta = get_meta(doctype)
    if meta.issingle:
        from lowcode.model.document import get_doc

        doc = get_doc(doctype)
        if isinstance(fieldname, list):
            values = {f: doc.get(f) for f in fieldname}
            return values if as_dict else [values[f] for f in fieldname]
        return doc.get(fieldname)
    if isinstance(filters, str):
        filters = {"name": filters}
    fields = fieldname if isinstance(fieldname, list) else [fieldname]
    rows = get_list(doctype, fields=fields, filters=filters, order_by=order_by, limit=1, ignore_permissions=ignore_permissions)
    if not rows:
        return None
    row = rows[0]
    if as_dict:
        return row
    if isinstance(fieldname, list):
        return [row.get(f) for f in fieldname]
    return row.get(fieldname)
