"""Running a checked SELECT in its own read-only transaction, with a time limit per database.

SQLite: `PRAGMA query_only` and a progress handler that interrupts past the deadline.
MariaDB: `START TRANSACTION READ ONLY` and `SET STATEMENT max_statement_time=... FOR`.
PostgreSQL: `SET TRANSACTION READ ONLY` and `SET LOCAL statement_timeout`.
The connection is separate from the unit of work's and always rolled back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.exceptions import QueryTimeoutError, ReportError

log = logging.getLogger(__name__)
TIMEOUT_CODES = {"57014", "1969", "3024"}


@contextmanager
def read_only_connection(timeout: float) -> Iterator[tuple[sa.Connection, str]]:
    """A connection in a read-only transaction; yields it and the statement prefix for the time limit."""
    dialect = local.db.dialect
    with local.db.engine.connect() as conn:
        conn.info["lowcode_read_only"] = True
        raw = conn.connection.driver_connection
        prefix = ""
        try:
            if dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA query_only = ON")
                deadline = time.monotonic() + timeout
                raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 20_000)  # type: ignore[union-attr]
            elif dialect == "mariadb":
                conn.exec_driver_sql("START TRANSACTION READ ONLY")
                prefix = f"SET STATEMENT max_statement_time={max(timeout, 0.001):.3f} FOR "
            else:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(int(timeout * 1000), 1)}")
            yield conn, prefix
        finally:
            conn.rollback()
            if dialect == "sqlite":
                raw.set_progress_handler(None, 0)  # type: ignore[union-attr]
                conn.exec_driver_sql("PRAGMA query_only = OFF")
                conn.rollback()


def _timed_out(exc: sa.exc.DBAPIError) -> bool:
    orig = exc.orig
    code = str(getattr(orig, "sqlstate", "") or (orig.args[0] if getattr(orig, "args", None) else ""))
    return code in TIMEOUT_CODES or "interrupted" in str(orig).lower()


def run_select(sql: str, params: dict[str, Any], *, timeout: float, max_rows: int) -> tuple[list[str], list[tuple[Any, ...]], bool]:
    """(column names, rows, truncated) of one SELECT; raises QueryTimeoutError or ReportError."""
    started = time.monotonic()
    try:
        with read_only_connection(timeout) as (conn, prefix):
            result = conn.execute(sa.text(prefix + sql), params)
            keys = list(result.keys())
            rows = [tuple(r) for r in result.fetchmany(max_rows + 1)]
    except sa.exc.DBAPIError as exc:
        if _timed_out(exc):
            raise QueryTimeoutError(
                f"The report's query ran longer than {timeout:g} seconds and was stopped. Narrow the filters, "
                "or ask a System Manager to add an index or simplify the query.",
                timeout=timeout,
            ) from None  # fmt: skip
        message = str(exc.orig).strip().splitlines()[0][:300] if exc.orig else type(exc).__name__
        raise ReportError(f"The report's query failed: {message}") from None
    log.debug("report query took %.3f s", time.monotonic() - started)
    return keys, rows[:max_rows], len(rows) > max_rows
