"""`Database`: a site's connection for one unit of work, with transactions and savepoints."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from lowcode.db.deferred import DeferredInserts
from lowcode.db.engines import get_engine
from lowcode.db.inserts import execute_many

if TYPE_CHECKING:
    from lowcode.sites import Site

log = logging.getLogger(__name__)


class Database:
    """One connection, opened on first use; a transaction begins with the first statement.

    Nothing is committed unless `commit()` is called. `atomic()` wraps one operation in a
    savepoint, so a failing insert or save undoes exactly its own writes.
    """

    def __init__(self, site: Site, *, read_only: bool = False) -> None:
        self.site = site
        self.url = site.db_url
        self.read_only = read_only
        self._conn: sa.Connection | None = None
        self._after_commit: list[Callable[[], None]] = []
        self._after_rollback: list[Callable[[], None]] = []
        self._on_undo: list[Callable[[], None]] = []
        self._deferred: DeferredInserts | None = None

    @property
    def engine(self) -> sa.Engine:
        return get_engine(self.url)

    @property
    def conn(self) -> sa.Connection:
        """The connection, for code that runs its own statements: deferred inserts are written first."""
        return self._ready(reads_only=False)

    def _connection(self) -> sa.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = self.engine.connect()
            self._conn.info["lowcode_read_only"] = self.read_only
        return self._conn

    def _ready(self, *, reads_only: bool) -> sa.Connection:
        """The connection, once deferred inserts a statement must see (or be undone with) are written."""
        conn = self._connection()
        if self._deferred is not None and self._deferred.needs_flush(reads_only):
            self._deferred.flush(conn, for_read=reads_only)
        return conn

    @property
    def dialect(self) -> str:
        """'sqlite', 'mariadb' or 'postgresql'."""
        return self.engine.dialect.name if self.engine.dialect.name != "mysql" else "mariadb"

    def execute(self, statement: sa.Executable, params: Mapping[str, Any] | list[Any] | None = None) -> sa.CursorResult[Any]:
        conn = self._ready(reads_only=isinstance(statement, sa.Select | sa.CompoundSelect))
        return conn.execute(statement, params)  # type: ignore[arg-type]

    def insert(self, table: sa.Table, rows: dict[str, Any] | list[dict[str, Any]]) -> None:
        """INSERT one row or many (each with every column it sets); inside `deferred_inserts()` they are queued instead."""
        if self._deferred is not None:
            self._deferred.queue(table, rows)
        else:
            execute_many(self._ready(reads_only=False), table, rows if isinstance(rows, list) else [rows])

    def sql(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run platform-internal SQL text (never text from a client) and return dict rows."""
        result = self.conn.execute(sa.text(query), params or {})
        return [dict(row) for row in result.mappings()] if result.returns_rows else []

    def scalar(self, statement: sa.Executable, params: Mapping[str, Any] | None = None) -> Any:
        return self.execute(statement, params or {}).scalar()

    @contextmanager
    def deferred_inserts(self) -> Iterator[None]:
        """Queue inserts and open savepoints lazily for the block (see lowcode.db.deferred); written at its end.

        A queued row refused when written raises `DeferredWriteError`; the caller redoes
        its work without deferral (inside its own savepoint) to learn which row it was.
        """
        if self._deferred is not None:
            yield
            return
        conn = self._connection()
        if not conn.in_transaction():
            conn.begin()
        self._deferred = DeferredInserts()
        try:
            yield
            self._deferred.flush(conn)
        finally:
            self._deferred = None

    @property
    def in_transaction(self) -> bool:
        return self._conn is not None and self._conn.in_transaction()

    def commit(self) -> None:
        if self._deferred is not None:
            self._ready(reads_only=False)
        if self._conn is not None and self._conn.in_transaction():
            self._conn.commit()
        callbacks, self._after_commit = self._after_commit, []
        self._after_rollback = []
        self._on_undo = []
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        if self._deferred is not None:
            self._deferred.rows.clear()
        if self._conn is not None and self._conn.in_transaction():
            self._conn.rollback()
        callbacks, self._after_rollback = self._after_rollback, []
        self._after_commit = []
        self._run_undo()
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the current transaction commits (dropped on rollback)."""
        self._after_commit.append(callback)

    def after_rollback(self, callback: Callable[[], None]) -> None:
        self._after_rollback.append(callback)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A savepoint around one operation: an error undoes exactly its writes.

        When the operation is the first thing the unit writes (no transaction yet), the
        transaction itself is the boundary: an error rolls it back, which undoes the same
        writes without the two round trips of a savepoint (the usual one-save request).
        """
        pending = len(self._after_commit)
        if self._deferred is not None:
            yield from self._deferred_atomic(pending)
            return
        if not self._connection().in_transaction():
            earlier = self._after_commit[:pending]
            try:
                yield
            except BaseException:
                self.rollback()
                self._after_commit = earlier
                raise
            return
        undo_from = len(self._on_undo)
        savepoint = self.conn.begin_nested()
        try:
            yield
        except BaseException:
            if savepoint.is_active:
                savepoint.rollback()
            del self._after_commit[pending:]
            self._run_undo(undo_from)
            raise
        else:
            if savepoint.is_active:
                savepoint.commit()

    def _deferred_atomic(self, pending: int) -> Iterator[None]:
        """`atomic()` in deferred mode: the savepoint is opened only if the operation reaches the database."""
        assert self._deferred is not None
        undo_from = len(self._on_undo)
        block = self._deferred.open()
        try:
            yield
        except BaseException:
            self._deferred.close(block, failed=True)
            del self._after_commit[pending:]
            self._run_undo(undo_from)
            raise
        else:
            self._deferred.close(block, failed=False)

    def on_undo(self, callback: Callable[[], None]) -> None:
        """Run `callback` if the writes made so far are undone: when the innermost operation
        (savepoint) around this call rolls back, or the transaction does. For state kept
        outside the database that mirrors those writes (the metadata cache)."""
        self._on_undo.append(callback)

    def _run_undo(self, start: int = 0) -> None:
        callbacks = self._on_undo[start:]
        del self._on_undo[start:]
        for callback in callbacks:
            callback()

    @contextmanager
    def dry_run(self) -> Iterator[None]:
        """A savepoint that is always rolled back, with its after-commit callbacks (previews)."""
        pending, undo_from = len(self._after_commit), len(self._on_undo)
        savepoint = self.conn.begin_nested()
        deferred, self._deferred = self._deferred, None
        try:
            yield
        finally:
            self._deferred = deferred
            if savepoint.is_active:
                savepoint.rollback()
            del self._after_commit[pending:]
            self._run_undo(undo_from)

    def close(self) -> None:
        if self._conn is not None:
            try:
                if self._conn.in_transaction():
                    self.rollback()
            finally:
                self._conn.close()
                self._conn = None

    def for_update(self, select: sa.Select[Any]) -> sa.Select[Any]:
        """Lock the selected rows until the transaction ends (SQLite already holds the write lock)."""
        return select if self.dialect == "sqlite" else select.with_for_update()
