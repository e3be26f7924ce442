"""Write-behind inserts for bulk work: rows are held and written with one executemany per table.

Inside `Database.deferred_inserts()`, `Database.insert` queues rows instead of running an
INSERT, and `Database.atomic()` opens its savepoint only when something inside it is about
to reach the database. Any other statement first writes the queued rows (a read sees every
earlier write), so code that runs during the bulk work behaves as without it; only the
round trips of documents that write nothing but their own rows are saved.

Undo stays exact: an operation that fails before any of its rows reached the database
drops its queued rows; one whose rows were written has its savepoint, opened just before
they were. A queued row the database refuses when it is finally written can no longer be
pinned on one operation: that raises `DeferredWriteError` for the caller to redo its batch
without deferral.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from lowcode.db.inserts import execute_many


class DeferredWriteError(RuntimeError):
    """A queued insert failed when it was written; the batch it belongs to must be redone."""


@dataclass(eq=False)
class Block:
    """An `atomic()` operation inside deferred mode: where its rows begin, and its savepoint once opened.

    Compared by identity: nested operations often begin at the same position, and closing
    one must never take another off the stack.
    """

    start: int
    savepoint: sa.NestedTransaction | None = None


@dataclass
class DeferredInserts:
    """The queued rows (table, values), in order, and the open operations."""

    rows: list[tuple[sa.Table, dict[str, Any]]] = field(default_factory=list)
    #: rows already written: the absolute position of rows[0]
    written: int = 0
    blocks: list[Block] = field(default_factory=list)

    @property
    def position(self) -> int:
        return self.written + len(self.rows)

    def queue(self, table: sa.Table, values: dict[str, Any] | list[dict[str, Any]]) -> None:
        for row in values if isinstance(values, list) else [values]:
            self.rows.append((table, row))

    def needs_flush(self, reads_only: bool) -> bool:
        """Whether a statement must first open the savepoints and write the queue."""
        return bool(self.rows) or (not reads_only and any(b.savepoint is None for b in self.blocks))

    def flush(self, conn: sa.Connection, *, for_read: bool = False) -> None:
        """Open every pending savepoint where its operation began, writing the rows queued before it; then the rest.

        Before a read, open operations that queued nothing yet need no savepoint.
        """
        for block in self.blocks:
            if block.savepoint is None:
                self._write(conn, block.start)
                if for_read and self.position <= block.start:
                    return
                block.savepoint = conn.begin_nested()
        self._write(conn, self.position)

    def _write(self, conn: sa.Connection, upto: int) -> None:
        count = upto - self.written
        if count <= 0:
            return
        batch, self.rows = self.rows[:count], self.rows[count:]
        self.written += count
        by_table: dict[sa.Table, list[dict[str, Any]]] = {}
        for table, values in batch:
            by_table.setdefault(table, []).append(values)
        for table, rows in by_table.items():
            try:
                execute_many(conn, table, rows)
            except sa.exc.DBAPIError as exc:
                raise DeferredWriteError(
                    f"A deferred insert into {table.name} failed ({str(getattr(exc, 'orig', exc)).splitlines()[0][:200]}); "
                    "redo the batch without deferred inserts to find the row."
                ) from exc  # fmt: skip

    def open(self) -> Block:
        block = Block(self.position)
        self.blocks.append(block)
        return block

    def close(self, block: Block, failed: bool) -> None:
        """End an operation: on failure its queued rows are dropped and its savepoint (if opened) rolled back."""
        self.blocks.remove(block)
        if failed:
            del self.rows[max(block.start - self.written, 0) :]
        if block.savepoint is not None and block.savepoint.is_active:
            if failed:
                block.savepoint.rollback()
            else:
                block.savepoint.commit()
