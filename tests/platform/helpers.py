"""Small helpers of the platform suite that read the database directly (no permissions, no
query builder), so a test sees exactly what was written."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table


def count_rows(doctype: str) -> int:
    """Rows in a doctype's table, child tables included."""
    table = get_table(doctype)
    return int(local.db.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


def table_rows(table_name: str) -> list[dict[str, Any]]:
    """Every row of a table by its SQL name, sorted, for before/after comparisons."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=local.db.conn)
    key = list(table.primary_key.columns) or list(table.columns)
    return [dict(row) for row in local.db.execute(sa.select(table).order_by(*key)).mappings()]


def table_names() -> list[str]:
    return sorted(sa.inspect(local.db.conn).get_table_names())


def snapshot(exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows (but `exclude`), for proving that an operation touched nothing else."""
    return {name: table_rows(name) for name in table_names() if name not in exclude}
