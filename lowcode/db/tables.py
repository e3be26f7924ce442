"""SQLAlchemy tables built from metadata, and the platform's internal tables.

Each doctype is one table named as in Frappe (`tabSales Order`) with the standard
columns; child tables add parent, parentfield and parenttype. Indexes come from the
metadata: `modified`, link fields, `search_index`, `unique`, Select fields that are standard
list filters, the sort field and, for child tables, the parent.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import sqlalchemy as sa

from lowcode.meta.fieldtypes import DEFAULT_LENGTH, DateTimeType, LongText

if TYPE_CHECKING:
    from lowcode.meta.meta import Meta

NAME_LENGTH = DEFAULT_LENGTH
INTERNAL_TABLES = ("tabSingles", "tabSeries", "__Auth", "__installed_fixtures", "__sessions", "__rate_limits")


def index_name(prefix: str, table: str, column: str) -> str:
    """A stable index name under the 63-character limit of PostgreSQL and MariaDB."""
    base = re.sub(r"[^a-z0-9]+", "_", f"{table}_{column}".lower())
    name = f"{prefix}_{base}"
    if len(name) > 60:
        digest = hashlib.sha1(name.encode()).hexdigest()[:8]
        name = f"{name[:51]}_{digest}"
    return name


def standard_columns(meta: Meta) -> list[sa.Column[object]]:
    columns: list[sa.Column[object]] = [
        sa.Column("name", sa.String(NAME_LENGTH), primary_key=True),
        sa.Column("owner", sa.String(NAME_LENGTH)),
        sa.Column("creation", DateTimeType),
        sa.Column("modified", DateTimeType),
        sa.Column("modified_by", sa.String(NAME_LENGTH)),
        sa.Column("docstatus", sa.SmallInteger(), nullable=False, server_default=sa.text("0")),
        sa.Column("idx", sa.Integer(), nullable=False, server_default=sa.text("0")),
    ]
    if meta.istable:
        columns += [
            sa.Column("parent", sa.String(NAME_LENGTH)),
            sa.Column("parentfield", sa.String(NAME_LENGTH)),
            sa.Column("parenttype", sa.String(NAME_LENGTH)),
        ]
    return columns


def build_table(meta: Meta, metadata: sa.MetaData | None = None) -> sa.Table:
    """The table of a (non-single) doctype, as its metadata says it should be."""
    target = metadata if metadata is not None else sa.MetaData()
    columns = standard_columns(meta)
    for df in meta.data_fields:
        ftype = df.ftype
        columns.append(
            sa.Column(
                df.fieldname,
                ftype.column_type(df),
                nullable=not ftype.numeric,
                server_default=sa.text("0") if ftype.numeric else None,
            )
        )
    table = sa.Table(meta.table_name, target, *columns)
    for column in _indexed_columns(meta):
        sa.Index(index_name("ix", meta.table_name, column), table.c[column])
    for df in meta.data_fields:
        if df.unique:
            sa.Index(index_name("uq", meta.table_name, df.fieldname), table.c[df.fieldname], unique=True)
    return table


def _indexed_columns(meta: Meta) -> list[str]:
    wanted = ["modified"]
    if meta.istable:
        wanted.append("parent")
    else:
        wanted.append("owner")
    if meta.assignee_field:
        wanted.append(meta.assignee_field)
    for df in meta.data_fields:
        if (df.search_index or df.ftype.indexed or (df.in_standard_filter and df.ftype.filter_indexed)) and not df.unique:
            wanted.append(df.fieldname)
    if meta.sort_field and meta.sort_field not in ("name", "modified") and not _is_unique(meta, meta.sort_field):
        wanted.append(meta.sort_field)
    seen: list[str] = []
    for column in wanted:
        if column not in seen:
            seen.append(column)
    return seen


def _is_unique(meta: Meta, fieldname: str) -> bool:
    df = meta.get_field(fieldname)
    return bool(df and df.unique)


def internal_tables(metadata: sa.MetaData) -> list[sa.Table]:
    """Tables that are not doctypes: singles' values, naming counters, secrets, fixtures."""
    return [
        sa.Table(
            "tabSingles", metadata,
            sa.Column("doctype", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("field", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("value", LongText),
        ),
        sa.Table(
            "tabSeries", metadata,
            sa.Column("name", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("current", sa.BigInteger(), nullable=False, server_default=sa.text("0")),
        ),
        sa.Table(
            "__Auth", metadata,
            sa.Column("doctype", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("name", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("fieldname", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("password", sa.Text(), nullable=False),
            sa.Column("encrypted", sa.SmallInteger(), nullable=False, server_default=sa.text("0")),
        ),
        sa.Table(
            "__installed_fixtures", metadata,
            sa.Column("app", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("doctype", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("docname", sa.String(NAME_LENGTH), primary_key=True),
            sa.Column("content_hash", sa.String(64), nullable=False),
            sa.Column("installed_modified", DateTimeType),
        ),
        sa.Table(
            "__sessions", metadata,
            sa.Column("sid_hash", sa.String(64), primary_key=True),
            sa.Column("user", sa.String(NAME_LENGTH), nullable=False, index=True),
            sa.Column("csrf_token", sa.String(64), nullable=False),
            sa.Column("created", DateTimeType, nullable=False),
            sa.Column("last_seen", DateTimeType, nullable=False),
            sa.Column("expires", DateTimeType, nullable=False),
            sa.Column("ip", sa.String(64)),
        ),
        sa.Table(
            "__rate_limits", metadata,
            sa.Column("key", sa.String(255), primary_key=True),
            sa.Column("hits", sa.Integer(), nullable=False, server_default=sa.text("0")),
            sa.Column("window_start", DateTimeType, nullable=False),
            sa.Column("blocked_until", DateTimeType),
        ),
    ]  # fmt: skip


_INTERNAL = sa.MetaData()
_INTERNAL_BY_NAME = {t.name: t for t in internal_tables(_INTERNAL)}


def singles_table() -> sa.Table:
    return _INTERNAL_BY_NAME["tabSingles"]


def series_table() -> sa.Table:
    return _INTERNAL_BY_NAME["tabSeries"]


def auth_table() -> sa.Table:
    return _INTERNAL_BY_NAME["__Auth"]


def fixtures_table() -> sa.Table:
    return _INTERNAL_BY_NAME["__installed_fixtures"]


def sessions_table() -> sa.Table:
    return _INTERNAL_BY_NAME["__sessions"]


def rate_limits_table() -> sa.Table:
    return _INTERNAL_BY_NAME["__rate_limits"]


def target_metadata(metas: Iterable[Meta]) -> sa.MetaData:
    """Everything the database should hold for these doctypes, internal tables included."""
    metadata = sa.MetaData()
    internal_tables(metadata)
    for meta in metas:
        if not meta.issingle:
            build_table(meta, metadata)
    return metadata


def get_table(doctype: str) -> sa.Table:
    """The current site's table for `doctype`, cached until its metadata changes."""
    from lowcode.context import current
    from lowcode.meta.cache import get_meta, site_cache

    site = current().site
    meta = get_meta(doctype, site)
    tables = site_cache(site).derived.setdefault("tables", {})
    table = tables.get(doctype)
    if table is None:
        table = build_table(meta)
        tables[doctype] = table
    return table
