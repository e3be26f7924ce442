"""Deferred inserts (lowcode.db.deferred): queued rows are written together, reads see them,
and a failed operation leaves nothing behind whether or not its rows had reached the database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import lowcode
from lowcode.context import local
from lowcode.db.deferred import DeferredWriteError
from lowcode.db.inserts import execute_many
from lowcode.db.tables import get_table
from lowcode.exceptions import LinkValidationError
from lowcode.imports import speedups
from lowcode.imports.speedups import batch_caches
from lowcode.model.validation import LINK_MEMO
from tests.platform.helpers import count_rows
from tests.platform.testapp.doctype.test_order.test_order import BoomError


def order(customer: str = "Acme", **values: object) -> lowcode.Document:
    values.setdefault("items", [{"item_name": "Chair", "qty": 1, "rate": 10}])
    return lowcode.new_doc("Test Order", customer=customer, **values)


@pytest.fixture
def acme(sctx):
    if not lowcode.exists("Test Customer", "Acme"):
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    return sctx


def test_documents_are_queued_and_written_with_one_statement_per_table(acme) -> None:
    before = count_rows("Test Order"), count_rows("Test Order Item")
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement.split()[0].upper())

    engine = local.db.conn.engine
    with batch_caches(), local.db.deferred_inserts():  # series numbers reserved in blocks, as an import does
        order(notes="first").insert()  # reserves the block: a write, so its savepoint opens
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            names = [order(notes=f"n{i}").insert().name for i in range(5)]
            assert seen == []  # nothing written yet, and no savepoint opened
            assert count_rows("Test Order") == before[0] + 6  # a read writes the queue first
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
    assert seen == ["INSERT", "INSERT", "SELECT"]  # the orders, their item rows, then the count
    assert count_rows("Test Order Item") == before[1] + 6
    assert lowcode.get_doc("Test Order", names[-1]).items[0].item_name == "Chair"


def test_a_read_sees_the_queued_rows(acme) -> None:
    with local.db.deferred_inserts():
        name = order().insert().name
        assert lowcode.exists("Test Order", name)
        assert lowcode.get_doc("Test Order", name).total == 10


def test_a_failure_before_the_rows_were_written_drops_them(acme) -> None:
    before = count_rows("Test Order"), count_rows("Test Order Item")
    with local.db.deferred_inserts():
        kept = order().insert().name
        with pytest.raises(BoomError):
            order(notes="explode").insert()  # fails in on_update, after its rows were queued
    assert (count_rows("Test Order"), count_rows("Test Order Item")) == (before[0] + 1, before[1] + 1)
    assert lowcode.exists("Test Order", kept)


def test_a_failure_after_a_read_wrote_the_rows_is_undone_by_the_late_savepoint(acme) -> None:
    before = count_rows("Test Order")
    with local.db.deferred_inserts():
        kept = order().insert().name
        with pytest.raises(BoomError), local.db.atomic():
            order().insert()
            assert count_rows("Test Order") == before + 2  # the read wrote both; the savepoint sits between them
            raise BoomError("fail after the write")
    assert count_rows("Test Order") == before + 1
    assert lowcode.exists("Test Order", kept)


def test_a_row_the_database_refuses_when_written_raises_deferred_write_error(acme) -> None:
    table = get_table("Test Customer")
    row = dict.fromkeys(table.c.keys()) | {"name": "Twice", "customer_name": "Twice", "docstatus": 0, "idx": 0}
    with pytest.raises(DeferredWriteError, match="redo the batch"), local.db.atomic(), local.db.deferred_inserts():
        local.db.insert(table, row)
        local.db.insert(table, dict(row))
    assert not lowcode.exists("Test Customer", "Twice")


def test_rollback_drops_queued_rows(acme) -> None:
    with local.db.deferred_inserts():
        order().insert()
        local.db.rollback()
        after_rollback = count_rows("Test Order")
    assert count_rows("Test Order") == after_rollback


def test_a_failed_document_forgets_only_the_link_targets_read_during_it(acme) -> None:
    with batch_caches(), local.db.deferred_inserts():
        order().insert()  # learns that Test Customer 'Acme' exists
        before = speedups.mark()
        with pytest.raises(BoomError), local.db.atomic():
            lowcode.new_doc("Test Customer", customer_name="Gone").insert()
            order("Gone", notes="explode").insert()  # reads 'Gone', then everything it did is rolled back
        speedups.rewind(before)
        memo = local.flags[LINK_MEMO]  # keys: the doctype, or ("fetch", doctype, columns) for fetched values
        known = {(key if isinstance(key, str) else key[1], name) for key, names in memo.known.items() for name in names}
        assert ("Test Customer", "Acme") in known and ("Test Customer", "Gone") not in known
        with pytest.raises(LinkValidationError, match="'Gone' does not exist"):
            order("Gone").insert()
        assert order().insert().name  # 'Acme' comes from the memo


def test_inserts_sqlalchemy_adds_to_stay_with_it(sctx) -> None:
    """A column with a Python-side default the rows leave out: execute_many lets SQLAlchemy fill it."""
    table = sa.Table("tmp_with_default", sa.MetaData(), sa.Column("name", sa.String(20), primary_key=True),
                     sa.Column("kind", sa.String(20), default=lambda: "filled"), prefixes=["TEMPORARY"])  # fmt: skip
    conn = local.db.conn
    table.create(conn)
    try:
        execute_many(conn, table, [{"name": "a"}, {"name": "b"}])
        execute_many(conn, table, [{"name": "c", "kind": "given"}])
        rows = conn.execute(sa.select(table.c.name, table.c.kind).order_by(table.c.name)).all()
        assert [tuple(r) for r in rows] == [("a", "filled"), ("b", "filled"), ("c", "given")]
    finally:
        table.drop(conn)
