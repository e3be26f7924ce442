"""Parsing Frappe-style filters into SQLAlchemy conditions, checked against the metadata.

Accepted forms: `{"status": "Open"}`, `{"amount": [">", 100]}`, `[["status", "=", "Open"]]`,
`[["Lead", "status", "=", "Open"]]`, and child fields as `"items.item_code"` or
`["Quotation Item", "item_code", "=", "X"]`. Operators: = != < > <= >= like, not like, in,
not in, is (set / not set), between, descendants of, ancestors of (tree doctypes).
Values are coerced by the field's type; no client text becomes SQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lowcode.exceptions import ValidationError
from lowcode.meta.fieldtypes import CoercionError
from lowcode.meta.meta import DocField, Meta

OPERATORS = (
    "=", "!=", "<", ">", "<=", ">=", "like", "not like", "in", "not in", "is", "between",
    "descendants of", "ancestors of", "not descendants of", "not ancestors of", "descendants of (inclusive)",
)  # fmt: skip
ALIASES = {"==": "=", "<>": "!=", "not_in": "not in", "not_like": "not like"}
MAX_IN_VALUES = 1000


class InvalidQueryError(ValidationError):
    """Raised when fields, filters or order_by name something the doctype does not have."""


@dataclass(frozen=True)
class Filter:
    doctype: str  # the doctype whose field is filtered (the parent or a child table)
    fieldname: str
    operator: str
    value: Any
    tablefield: str | None = None  # for child filters: the parent's Table field


def _bad(message: str, doctype: str) -> InvalidQueryError:
    return InvalidQueryError(message, doctype=doctype)


def parse_json_arg(value: Any, what: str, doctype: str) -> Any:
    if isinstance(value, (bytes, str)):
        text = value.decode() if isinstance(value, bytes) else value
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise _bad(f"{what} must be JSON ({getattr(exc, 'msg', 'nested too deeply')}).", doctype) from exc
    return value


def normalize(meta: Meta, filters: Any, child_of: Callable[[str], tuple[str, str] | None]) -> list[Filter]:
    """Turn any accepted filter form into Filter objects; raise InvalidQueryError on bad input."""
    filters = parse_json_arg(filters, "filters", meta.name)
    if not filters:
        return []
    out: list[Filter] = []
    if isinstance(filters, dict):
        for key, value in filters.items():
            if isinstance(value, (list, tuple)) and len(value) == 2 and isinstance(value[0], str) and _op(value[0]):
                out.append(_make(meta, None, key, value[0], value[1], child_of))
            else:
                out.append(_make(meta, None, key, "=", value, child_of))
        return out
    if isinstance(filters, (list, tuple)):
        items: Sequence[Any] = filters
        if items and isinstance(items[0], str) and len(items) in (3, 4):
            items = [items]
        for item in items:
            if not isinstance(item, (list, tuple)) or len(item) not in (2, 3, 4):
                raise _bad(f"Each filter must be [field, operator, value]; got {item!r}.", meta.name)
            if len(item) == 2:
                out.append(_make(meta, None, item[0], "=", item[1], child_of))
            elif len(item) == 3:
                out.append(_make(meta, None, item[0], item[1], item[2], child_of))
            else:
                out.append(_make(meta, item[0], item[1], item[2], item[3], child_of))
        return out
    raise _bad("filters must be a list of [field, operator, value] or an object of field: value.", meta.name)


def _op(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    op = ALIASES.get(text.strip().lower(), text.strip().lower())
    return op if op in OPERATORS else None


def _make(meta: Meta, doctype: Any, fieldname: Any, operator: Any, value: Any,
          child_of: Callable[[str], tuple[str, str] | None]) -> Filter:  # fmt: skip
    if not isinstance(fieldname, str):
        raise _bad(f"A filter field must be text, not {fieldname!r}.", meta.name)
    op = _op(operator)
    if op is None:
        raise _bad(f"Unknown filter operator {operator!r}; use one of: {', '.join(OPERATORS)}.", meta.name)
    tablefield = None
    target = meta.name
    if "." in fieldname:
        tablefield, fieldname = fieldname.split(".", 1)
        resolved = child_of(tablefield)
        if resolved is None:
            raise _bad(f"{meta.name} has no table field '{tablefield}'.", meta.name)
        target = resolved[1]
    elif doctype not in (None, meta.name):
        if not isinstance(doctype, str):
            raise _bad(f"A filter doctype must be text, not {doctype!r}.", meta.name)
        resolved = child_of(doctype)
        if resolved is None:
            raise _bad(f"'{doctype}' is not a child table of {meta.name}.", meta.name)
        tablefield, target = resolved
    return Filter(target, fieldname, op, value, tablefield)


def _coerce(df: DocField | None, value: Any, doctype: str, fieldname: str) -> Any:
    if df is None:
        if isinstance(value, (dict, list)):
            raise _bad(f"The value for {fieldname} must be a single value.", doctype)
        return value
    if isinstance(value, (dict, list, tuple)):
        raise _bad(f"The value for {df.display_label} must be a single value.", doctype)
    try:
        if df.ftype.numeric:
            return df.ftype.coerce(value, df) if value not in (None, "") else 0
        if df.fieldtype in ("Date", "Datetime", "Time"):
            return df.ftype.coerce(value, df)
    except CoercionError as exc:
        raise _bad(f"Filter on {df.display_label}: {exc}.", doctype) from exc
    return None if value is None else str(value)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple, set)):
        return list(value)
    return [value]


def condition(column: sa.ColumnElement[Any], df: DocField | None, flt: Filter, dialect: str,
              tree: Callable[[Filter], sa.ColumnElement[bool]] | None = None) -> sa.ColumnElement[bool]:  # fmt: skip
    """The SQL condition of one filter on `column`."""
    op, value, doctype = flt.operator, flt.value, flt.doctype
    if "descendants of" in op or "ancestors of" in op:
        if tree is None:
            raise _bad(f"'{op}' works only on tree doctypes.", doctype)
        return tree(flt)
    if op == "is":
        wanted = str(value).strip().lower()
        if wanted not in ("set", "not set"):
            raise _bad("The 'is' operator takes 'set' or 'not set'.", doctype)
        numeric = df is not None and df.ftype.numeric
        is_set = (column != 0) if numeric else sa.and_(column.is_not(None), sa.cast(column, sa.String) != "")
        return is_set if wanted == "set" else sa.not_(is_set)
    if op in ("in", "not in"):
        values = _as_list(value)
        if len(values) > MAX_IN_VALUES:
            raise _bad(f"At most {MAX_IN_VALUES} values may be given to '{op}'.", doctype)
        values = [_coerce(df, v, doctype, flt.fieldname) for v in values]
        if not values:
            return sa.false() if op == "in" else sa.true()
        cond = column.in_(values)
        return cond if op == "in" else sa.or_(column.not_in(values), column.is_(None))
    if op == "between":
        values = _as_list(value) if not isinstance(value, (list, tuple)) else list(value)
        if len(values) != 2:
            raise _bad("'between' takes two values: [from, to].", doctype)
        low, high = (_coerce(df, v, doctype, flt.fieldname) for v in values)
        if df is not None and df.fieldtype == "Datetime" and isinstance(values[1], str) and len(values[1].strip()) == 10:
            import datetime as dt

            high = dt.datetime.combine(high.date(), dt.time.max)
        return column.between(low, high)
    if op in ("like", "not like"):
        if isinstance(value, (dict, list, tuple)):
            raise _bad("'like' takes text.", doctype)
        pattern = str(value if value is not None else "")
        if "%" not in pattern and "_" not in pattern:
            pattern = f"%{pattern}%"
        text_column = sa.cast(column, sa.String) if df is not None and not hasattr(df.ftype, "max_length") and df.ftype.numeric else column
        cond = text_column.ilike(pattern) if dialect == "postgresql" else text_column.like(pattern)
        return cond if op == "like" else sa.or_(sa.not_(cond), column.is_(None))
    coerced = _coerce(df, value, doctype, flt.fieldname)
    if coerced is None:
        if op == "=":
            return column.is_(None) if not (df and df.ftype.numeric) else column == 0
        if op == "!=":
            return column.is_not(None)
    compare = {"=": column.__eq__, "!=": column.__ne__, "<": column.__lt__, ">": column.__gt__,
               "<=": column.__le__, ">=": column.__ge__}[op]  # fmt: skip
    cond = compare(coerced)
    if op == "!=" and not (df and df.ftype.numeric):
        cond = sa.or_(cond, column.is_(None))
    return cond
