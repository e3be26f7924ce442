"""Naming documents: naming series, field values, expressions, hashes, autoincrement.

Counters live in `tabSeries` and are advanced with one atomic upsert inside the
document's own transaction: two processes never get the same number, and a rolled-back
insert gives its number back (no gaps).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite

from lowcode.context import local
from lowcode.db.tables import NAME_LENGTH, series_table
from lowcode.exceptions import InvalidNameError, MandatoryError
from lowcode.meta.validate import naming_kind
from lowcode.utils.dates import now

if TYPE_CHECKING:
    from lowcode.model.document import Document

#: random names: 16 hex digits (64 bits), so tables of millions of rows do not draw one twice
#: (with Frappe's 10, a 3.7-million-row table expects a few collisions)
HASH_LENGTH = 16
FORBIDDEN_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def make_hash(length: int = HASH_LENGTH) -> str:
    return secrets.token_hex((length + 1) // 2)[:length]


#: `local.flags` key of the counter blocks a bulk writer reserved (see `SeriesBlocks`)
SERIES_BLOCKS = "series_blocks"


def next_value(key: str, count: int = 1) -> int:
    """Advance the counter `key` by `count` and return the new value (atomic across processes).

    With `count` > 1 the caller owns the numbers new - count + 1 … new (bulk inserts). Inside an
    import that reserved blocks (`SeriesBlocks`), single numbers come from the block.
    """
    blocks = local.flags.get(SERIES_BLOCKS)
    if blocks is not None and count == 1:
        return blocks.take(key)
    return advance(key, count)


@cache
def _advance_statement(dialect: str) -> sa.Executable:
    """The upsert that advances one counter by `step` (built once; SQLAlchemy caches its SQL)."""
    table = series_table()
    step = sa.bindparam("step", type_=sa.Integer())
    if dialect == "mariadb":
        return mysql.insert(table).values(name=sa.bindparam("key"), current=step).on_duplicate_key_update(current=table.c.current + step)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(name=sa.bindparam("key"), current=step)
    return stmt.on_conflict_do_update(index_elements=[table.c.name], set_={"current": table.c.current + step}).returning(table.c.current)


@cache
def _current_statement() -> sa.Select[Any]:
    table = series_table()
    return sa.select(table.c.current).where(table.c.name == sa.bindparam("key"))


def advance(key: str, step: int) -> int:
    """Add `step` to the counter `key` in one atomic upsert; returns the new value."""
    db = local.db
    params = {"key": key, "step": step}
    if db.dialect == "mariadb":
        db.execute(_advance_statement("mariadb"), params)
        return int(db.scalar(_current_statement(), {"key": key}))
    return int(db.scalar(_advance_statement(db.dialect), params))


class SeriesBlocks:
    """Counters reserved `size` numbers at a time, for bulk inserts (one upsert per block).

    The reserved rows stay locked until the transaction ends, so nobody else takes numbers
    meanwhile; `settle()` (before commit) gives the unused numbers back, and `rewind()` after
    a failed document gives back the numbers it took, so a bulk insert leaves no gaps.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        #: key -> [next number to hand out, last reserved number]
        self.pools: dict[str, list[int]] = {}

    def take(self, key: str) -> int:
        pool = self.pools.get(key)
        if pool is None or pool[0] > pool[1]:
            last = advance(key, self.size)
            pool = self.pools[key] = [last - self.size + 1, last]
        number = pool[0]
        pool[0] += 1
        return number

    def mark(self) -> dict[str, int]:
        return {key: pool[0] for key, pool in self.pools.items()}

    def rewind(self, mark: dict[str, int]) -> None:
        """Back to `mark` after a rolled-back document (a block reserved inside it was rolled back too)."""
        for key in list(self.pools):
            if key in mark:
                self.pools[key][0] = mark[key]
            else:
                del self.pools[key]

    def settle(self) -> None:
        table = series_table()
        for key, (next_number, _last) in self.pools.items():
            local.db.execute(table.update().where(table.c.name == key).values(current=next_number - 1))
        self.pools.clear()


def current_value(key: str) -> int:
    return int(local.db.scalar(_current_statement(), {"key": key}) or 0)


#: the date parts a series or format may hold, and how each is written
DATE_PARTS: dict[str, Callable[[dt.datetime], str]] = {
    "YYYY": lambda day: f"{day.year:04d}",
    "YY": lambda day: f"{day.year % 100:02d}",
    "MM": lambda day: f"{day.month:02d}",
    "DD": lambda day: f"{day.day:02d}",
    "MON": lambda day: day.strftime("%b").upper(),
}


def _date_part(part: str, today: dt.datetime | None = None) -> str | None:
    write = DATE_PARTS.get(part)
    return write(today or now()) if write is not None else None


def name_from_series(series: str, doc: Document | None = None) -> str:
    """'CRM-OPP-.YYYY.-.#####' -> 'CRM-OPP-2026-00001' (the counter is the prefix)."""
    prefix, digits = series_prefix(series, doc)
    return f"{prefix}{next_value(prefix):0{digits}d}"


def series_prefix(series: str, doc: Document | None = None) -> tuple[str, int]:
    """'CRM-OPP-.YYYY.-.#####' -> ('CRM-OPP-2026-', 5): the counter's key and the number's width."""
    prefix_parts: list[str] = []
    digits = 0
    parts = series.split(".")
    today = now() if any(part in DATE_PARTS for part in parts) else None
    for part in parts:
        if not part:
            continue
        if set(part) == {"#"}:
            digits = len(part)
            break
        value = _date_part(part, today)
        if value is None and doc is not None and part.startswith("{") and part.endswith("}"):
            value = str(doc.get(part[1:-1]) or "")
        prefix_parts.append(value if value is not None else part)
    return "".join(prefix_parts), max(digits, 1)


def name_from_format(fmt: str, doc: Document) -> str:
    """'format:QTN-{YYYY}-{#####}' or 'format:{customer}-{####}'."""
    template = fmt.split(":", 1)[1]
    pieces = re.split(r"(\{[^}]+\})", template)
    prefix = ""
    out = ""
    for piece in pieces:
        if not (piece.startswith("{") and piece.endswith("}")):
            out += piece
            prefix += piece
            continue
        ref = piece[1:-1]
        if set(ref) == {"#"}:
            out += f"{next_value(prefix):0{len(ref)}d}"
            continue
        value = _date_part(ref)
        if value is None:
            value = str(doc.get(ref) or "")
            if not value:
                raise MandatoryError(
                    f"{doc.doctype}: {doc.meta.get_field(ref).display_label if doc.meta.get_field(ref) else ref} is needed to make the name.",
                    doctype=doc.doctype, fieldname=ref, missing=[ref],
                )  # fmt: skip
        out += value
        prefix += value
    return out


def set_new_name(doc: Document) -> None:
    """Give a new document its name according to its doctype's rule."""
    meta = doc.meta
    autoname = (meta.autoname or "").strip()
    kind = naming_kind(autoname)
    if doc.name and (kind == "prompt" or doc.get("amended_from") or doc.flags.keep_name):
        doc.name = validate_name(doc.doctype, str(doc.name))
        return
    custom = getattr(doc, "autoname", None)
    if callable(custom):
        custom()
    elif meta.istable or kind == "hash":
        doc.name = make_hash()
    elif kind == "autoincrement":
        doc.name = str(next_value(f"__autoincrement:{doc.doctype}"))
    elif kind == "field:":
        fieldname = autoname.split(":", 1)[1].strip()
        value = doc.get(fieldname)
        if value in (None, ""):
            label = meta.get_field(fieldname).display_label  # type: ignore[union-attr]
            raise MandatoryError(
                f"{doc.doctype}: {label} is required (it becomes the name).", doctype=doc.doctype, fieldname=fieldname, missing=[fieldname]
            )
        doc.name = str(value).strip()
    elif kind == "naming_series:":
        series = doc.get("naming_series") or _default_series(doc)
        doc.naming_series = series
        doc.name = name_from_series(series, doc)
    elif kind == "format:":
        doc.name = name_from_format(autoname, doc)
    elif kind == ".":
        doc.name = name_from_series(autoname, doc)
    elif kind == "prompt":
        raise MandatoryError(f"{doc.doctype}: a name is required.", doctype=doc.doctype, fieldname="name", missing=["name"])
    doc.name = validate_name(doc.doctype, str(doc.name))


def series_of(doc: Document) -> str | None:
    """The naming series that will name `doc`, when a series names it (for bulk numbering)."""
    autoname = (doc.meta.autoname or "").strip()
    kind = naming_kind(autoname)
    if doc.meta.istable or callable(getattr(doc, "autoname", None)) or (doc.name and doc.flags.keep_name):
        return None
    if kind == "naming_series:":
        doc.naming_series = doc.get("naming_series") or _default_series(doc)
        return str(doc.naming_series)
    return autoname if kind == "." else None


def _default_series(doc: Document) -> str:
    field = doc.meta.get_field("naming_series")
    options = [o for o in (field.select_options if field else []) if o]
    if field and field.default:
        return field.default
    if not options:
        raise MandatoryError(
            f"{doc.doctype}: choose a naming series.", doctype=doc.doctype, fieldname="naming_series", missing=["naming_series"]
        )
    return options[0]


def validate_name(doctype: str, name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidNameError(f"{doctype}: the name cannot be empty.", doctype=doctype, fieldname="name")
    if len(name) > NAME_LENGTH:
        raise InvalidNameError(
            f"{doctype}: the name '{name[:40]}…' is longer than {NAME_LENGTH} characters.", doctype=doctype, fieldname="name"
        )
    if FORBIDDEN_NAME_CHARS.search(name):
        raise InvalidNameError(f"{doctype}: the name may not contain control characters or line breaks.", doctype=doctype, fieldname="name")
    return name
