"""Plain INSERTs of whole rows, compiled once per table, dialect and set of columns.

`conn.execute(table.insert(), rows)` builds every row's parameters through SQLAlchemy's
compiler, which for narrow rows costs more than the driver's own work. `execute_many`
compiles the statement once, keeps each parameter's bind processor (SQLite's datetimes
as text, for instance) and hands the driver ready tuples, still through the connection,
so its events, transaction and error wrapping are the usual ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa


def insert_statement(table: sa.Table) -> sa.Insert:
    """`table.insert()`, built once per table: a reused statement skips SQLAlchemy's per-call cache-key work."""
    statement = table.info.get("lowcode_insert")
    if statement is None:
        statement = table.info["lowcode_insert"] = table.insert()
    return statement


@dataclass(frozen=True)
class DriverInsert:
    """The INSERT's SQL for one dialect, and per parameter its column, bind processor and name in the SQL."""

    sql: str
    columns: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]
    #: the parameter names of a dialect with named parameters (None: positional)
    names: tuple[str, ...] | None

    @classmethod
    def compile(cls, table: sa.Table, dialect: sa.Dialect, columns: tuple[str, ...]) -> DriverInsert | None:
        """None when SQLAlchemy adds to the rows (Python-side defaults, RETURNING): such inserts stay with it."""
        compiled = insert_statement(table).compile(dialect=dialect, column_keys=list(columns))
        order = tuple(compiled.positiontup or ()) if dialect.positional else tuple(compiled.binds)
        if sorted(order) != sorted(columns) or compiled.effective_returning:
            return None
        types = [compiled.binds[key].type for key in order]
        processors = tuple(t.dialect_impl(dialect).bind_processor(dialect) for t in types)
        names = None if dialect.positional else tuple(compiled.escaped_bind_names.get(key, key) for key in order)
        return cls(compiled.string, order, processors, names)

    def parameters(self, rows: list[dict[str, Any]]) -> list[Any]:
        pairs = list(zip(self.columns, self.processors, strict=True))
        values = [tuple(row[key] if process is None else process(row[key]) for key, process in pairs) for row in rows]
        return values if self.names is None else [dict(zip(self.names, row, strict=True)) for row in values]


def execute_many(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts of column -> value) in one statement; rows whose columns differ from the first's go through SQLAlchemy."""
    if not rows:
        return
    first = rows[0].keys()
    if any(row.keys() != first for row in rows):
        conn.execute(insert_statement(table), rows)
        return
    columns, dialect = tuple(first), conn.dialect
    plans = table.info.setdefault("lowcode_driver_inserts", {})
    key = (dialect.name, dialect.driver, dialect.paramstyle, dialect.identifier_preparer.initial_quote, columns)
    if key not in plans:
        plans[key] = DriverInsert.compile(table, dialect, columns)
    plan = plans[key]
    if plan is None:
        conn.execute(insert_statement(table), rows)
        return
    parameters = plan.parameters(rows)
    conn.exec_driver_sql(plan.sql, parameters[0] if len(parameters) == 1 else parameters)
