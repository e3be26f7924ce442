"""Schema sync: diff the metadata against the live database with Alembic and apply it.

Alembic's autogenerate comparison produces the operations; this module sorts them into
what is safe (new tables, columns and indexes, wider types) and what could lose data
(narrower or converted types whose current values would not survive, dropping
columns). Safe changes apply at once. A change that would lose or alter a stored value
is refused with the exact reason unless forced. Columns that left the metadata are kept
(and reported) unless forced. Nothing is written as hand-made DDL: every step is an
Alembic operation, in batch mode on SQLite.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext
from alembic.operations import Operations, ops

from lowcode.exceptions import DataLossError
from lowcode.meta.fieldtypes import DEFAULT_LENGTH

log = logging.getLogger(__name__)
EXAMPLES = 3
MANAGED_INDEX_PREFIXES = ("ix_", "uq_")


@dataclass
class Change:
    """One step of a plan, described for a person."""

    op: Any
    table: str
    kind: str
    description: str
    #: why the change would lose data; refused unless forced
    data_loss: str | None = None
    #: why the change cannot be made at all (even forced)
    impossible: str | None = None
    #: a column no longer in the metadata, kept unless forced
    kept: bool = False


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)

    @property
    def applicable(self) -> list[Change]:
        return [c for c in self.changes if not (c.data_loss or c.impossible or c.kept)]

    @property
    def refused(self) -> list[Change]:
        return [c for c in self.changes if c.data_loss]

    @property
    def impossible(self) -> list[Change]:
        return [c for c in self.changes if c.impossible]

    @property
    def kept(self) -> list[Change]:
        return [c for c in self.changes if c.kept]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def describe(self) -> list[str]:
        lines = []
        for change in self.changes:
            note = change.impossible or change.data_loss
            if change.kept:
                note = "kept; `lowcode migrate --force` drops it after a backup"
            lines.append(f"{change.description}" + (f" — {note}" if note else ""))
        return lines


def _context(conn: sa.Connection, target: sa.MetaData, tables: set[str] | None) -> MigrationContext:
    wanted = tables if tables is not None else set(target.tables)

    def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
        if type_ == "table":
            return name in wanted
        if type_ == "index":
            return bool(name) and str(name).startswith(MANAGED_INDEX_PREFIXES)
        return True

    def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "table":
            return name in wanted
        if type_ in ("unique_constraint", "foreign_key_constraint"):
            return False
        if type_ == "index":
            return bool(name) and str(name).startswith(MANAGED_INDEX_PREFIXES)
        return True

    return MigrationContext.configure(
        conn,
        opts={
            "compare_type": True,
            "compare_server_default": False,
            "include_name": include_name,
            "include_object": include_object,
        },
    )


def plan(conn: sa.Connection, target: sa.MetaData, tables: Iterable[str] | None = None) -> Plan:
    """Compare `target` with the database and classify every difference."""
    context = _context(conn, target, set(tables) if tables is not None else None)
    script = produce_migrations(context, target)
    result = Plan()
    for op in script.upgrade_ops.ops:
        if isinstance(op, ops.CreateTableOp):
            result.changes.append(Change(op, op.table_name, "create_table", f"create table {op.table_name}"))
        elif isinstance(op, ops.ModifyTableOps):
            for sub in op.ops:
                result.changes.append(_classify(conn, op.table_name, sub))
        elif isinstance(op, ops.CreateIndexOp):
            result.changes.append(_index_change(conn, op.table_name, op))
        elif isinstance(op, ops.DropIndexOp):
            result.changes.append(Change(op, op.table_name or "", "drop_index", f"drop index {op.index_name}"))
        else:
            log.debug("ignoring schema difference %r", op)
    return result


def _classify(conn: sa.Connection, table: str, op: Any) -> Change:
    if isinstance(op, ops.AddColumnOp):
        return Change(op, table, "add_column", f"add column {table}.{op.column.name}")
    if isinstance(op, ops.DropColumnOp):
        filled = _count_filled(conn, table, op.column_name)
        return Change(
            op, table, "drop_column",
            f"column {table}.{op.column_name} is no longer in the metadata ({filled} non-empty values)",
            kept=True,
        )  # fmt: skip
    if isinstance(op, ops.CreateIndexOp):
        return _index_change(conn, table, op)
    if isinstance(op, ops.DropIndexOp):
        return Change(op, table, "drop_index", f"drop index {op.index_name}")
    if isinstance(op, ops.AlterColumnOp):
        return _alter_change(conn, table, op)
    return Change(op, table, "other", f"{type(op).__name__} on {table}")


def _index_change(conn: sa.Connection, table: str, op: ops.CreateIndexOp) -> Change:
    columns = [c if isinstance(c, str) else c.name for c in op.columns]
    change = Change(op, table, "add_index", f"add {'unique ' if op.unique else ''}index {op.index_name} on {table}({', '.join(columns)})")
    if op.unique and _has_table(conn, table):
        dupes = _duplicates(conn, table, columns[0])
        if dupes:
            shown = ", ".join(repr(v) for v in dupes[:EXAMPLES])
            change.impossible = (
                f"cannot make {table}.{columns[0]} unique: {len(dupes)} values appear more than once "
                f"(for example {shown}); make them unique first"
            )
    return change


def _alter_change(conn: sa.Connection, table: str, op: ops.AlterColumnOp) -> Change:
    column = op.column_name
    old, new = op.existing_type, op.modify_type
    if new is None:
        what = "allow empty values in" if op.modify_nullable else "require a value in"
        return Change(op, table, "nullable", f"{what} {table}.{column}")
    old_s, new_s = _type_text(conn, old), _type_text(conn, new)
    description = f"change {table}.{column} from {old_s} to {new_s}"
    if is_widening(old, new):
        return Change(op, table, "widen", description)
    bad, examples = _unconvertible(conn, table, column, new)
    change = Change(op, table, "convert", description)
    if bad:
        shown = "; ".join(f"{value!r} in {name}" for name, value in examples)
        change.data_loss = (
            f"{bad} stored values would not survive the change to {new_s} (for example {shown}). "
            "Correct them first, or run `lowcode migrate --force` to convert anyway after a backup"
        )
    return change


def _type_text(conn: sa.Connection, type_: Any) -> str:
    try:
        return str(type_.compile(dialect=conn.dialect))
    except Exception:  # noqa: BLE001 - a description only
        return str(type_)


def _kind(type_: Any) -> tuple[str, int, int]:
    """(family, size, scale) for comparing capacities."""
    t = type_
    if isinstance(t, sa.types.Variant) or (hasattr(t, "impl") and isinstance(getattr(t, "impl", None), sa.types.TypeEngine)):
        t = getattr(t, "impl", t)
    name = type(t).__name__.upper()
    if isinstance(t, (sa.String,)) and not isinstance(t, sa.Text) and getattr(t, "length", None):
        return ("text", int(t.length), 0)
    if isinstance(t, sa.Text) or "TEXT" in name or "CLOB" in name:
        size = {"TINYTEXT": 255, "TEXT": 65535, "MEDIUMTEXT": 16_777_215, "LONGTEXT": 4_294_967_295}.get(name, 4_294_967_295)
        return ("text", size, 0)
    if isinstance(t, sa.Numeric) and not isinstance(t, sa.Float):
        return ("decimal", int(t.precision or 38), int(t.scale or 0))
    if isinstance(t, sa.Integer):
        size = (
            16
            if isinstance(t, sa.SmallInteger) or "SMALL" in name or "TINY" in name
            else 64
            if isinstance(t, sa.BigInteger) or "BIG" in name
            else 32
        )
        return ("int", size, 0)
    if isinstance(t, sa.DateTime):
        return ("datetime", 0, 0)
    if isinstance(t, sa.Date):
        return ("date", 0, 0)
    if isinstance(t, sa.Time):
        return ("time", 0, 0)
    return (name.lower(), 0, 0)


INT_DIGITS = {16: 5, 32: 10, 64: 19}


def is_widening(old: Any, new: Any) -> bool:
    """True when every value of `old` fits `new` unchanged."""
    (of, osize, oscale), (nf, nsize, nscale) = _kind(old), _kind(new)
    if of == nf == "text" or of == nf == "int":
        return nsize >= osize
    if of == nf == "decimal":
        return nscale >= oscale and (nsize - nscale) >= (osize - oscale)
    if of == "int" and nf == "decimal":
        return (nsize - nscale) >= INT_DIGITS[osize]
    return of == nf


INTEGER_RE = re.compile(r"^-?\d+$")
DECIMAL_RE = re.compile(r"^-?\d+(\.\d+)?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")
TIME_RE = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")


def survives(value: Any, new: Any) -> bool:
    """Whether `value` converts to the new column type the same way on every database."""
    family, size, scale = _kind(new)
    text = value if isinstance(value, str) else None
    if family == "text":
        return len(str(value)) <= size
    if family == "int":
        if isinstance(value, bool):
            return True
        if isinstance(value, int):
            number = value
        elif isinstance(value, Decimal) and value == value.to_integral_value():
            number = int(value)
        elif text is not None and INTEGER_RE.match(text):
            number = int(text)
        else:
            return False
        limit = 2 ** (size - 1)
        return -limit <= number < limit and (size > 16 or number in (0, 1) or abs(number) < 32768)
    if family == "decimal":
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            number = Decimal(value)
        elif text is not None and DECIMAL_RE.match(text):
            number = Decimal(text)
        else:
            return False
        try:
            return number == number.quantize(Decimal(1).scaleb(-scale)) and abs(number) < Decimal(10) ** (size - scale)
        except InvalidOperation:
            return False
    if family == "date":
        import datetime as dt

        if isinstance(value, dt.datetime):
            return value.time() == dt.time()
        if isinstance(value, dt.date):
            return True
        return bool(text and DATE_RE.match(text) and _parses(dt.date.fromisoformat, text))
    if family == "datetime":
        import datetime as dt

        if isinstance(value, (dt.date, dt.datetime)):
            return True
        return bool(text and DATETIME_RE.match(text) and _parses(dt.datetime.fromisoformat, text))
    if family == "time":
        import datetime as dt

        if isinstance(value, dt.time):
            return True
        return bool(text and TIME_RE.match(text) and _parses(dt.time.fromisoformat, text.zfill(8) if len(text) < 8 else text))
    return False


def _parses(parser: Callable[[str], Any], text: str) -> bool:
    try:
        parser(text)
    except ValueError:
        return False
    return True


def _reflected(conn: sa.Connection, table: str, *columns: str) -> sa.Table:
    return sa.Table(table, sa.MetaData(), *(sa.Column(c) for c in ("name", *columns)))


def _has_table(conn: sa.Connection, table: str) -> bool:
    return sa.inspect(conn).has_table(table)


def _unconvertible(conn: sa.Connection, table: str, column: str, new: Any) -> tuple[int, list[tuple[str, Any]]]:
    t = sa.Table(table, sa.MetaData(), autoload_with=conn)
    query = sa.select(t.c.name, t.c[column]).where(t.c[column].is_not(None))
    bad = 0
    examples: list[tuple[str, Any]] = []
    for name, value in conn.execute(query):
        if value == "" or survives(value, new):
            continue
        bad += 1
        if len(examples) < EXAMPLES:
            examples.append((name, value))
    return bad, examples


def _count_filled(conn: sa.Connection, table: str, column: str) -> int:
    t = _reflected(conn, table, column)
    query = sa.select(sa.func.count()).select_from(t).where(t.c[column].is_not(None))
    return int(conn.execute(query).scalar() or 0)


def _duplicates(conn: sa.Connection, table: str, column: str) -> list[Any]:
    t = _reflected(conn, table, column)
    query = (
        sa.select(t.c[column]).where(t.c[column].is_not(None)).group_by(t.c[column])
        .having(sa.func.count() > 1).limit(100)
    )  # fmt: skip
    return [row[0] for row in conn.execute(query)]


def apply(
    conn: sa.Connection,
    the_plan: Plan,
    *,
    force: bool = False,
    before_forced: Callable[[], None] | None = None,
    progress: Callable[[Change], None] | None = None,
) -> list[Change]:
    """Apply the plan; refuse (raise DataLossError, nothing applied) when it would lose data."""
    if the_plan.impossible:
        raise DataLossError("The schema cannot be changed:\n- " + "\n- ".join(c.impossible or "" for c in the_plan.impossible))
    if the_plan.refused and not force:
        raise DataLossError(
            "The schema change was refused because it would lose data; nothing was changed:\n- "
            + "\n- ".join(f"{c.description}: {c.data_loss}" for c in the_plan.refused),
            changes=[c.description for c in the_plan.refused],
        )
    todo = the_plan.applicable + (the_plan.refused + the_plan.kept if force else [])
    if force and (the_plan.refused or the_plan.kept) and before_forced:
        before_forced()
    operations = Operations(MigrationContext.configure(conn))
    order = {"create_table": 0, "add_column": 1, "nullable": 2, "widen": 2, "convert": 2, "drop_index": 3, "add_index": 4, "drop_column": 5}
    for change in sorted(todo, key=lambda c: order.get(c.kind, 9)):
        log.info("schema: %s", change.description)
        _apply_one(conn, operations, change)
        if progress:
            progress(change)
    for change in the_plan.kept if not force else []:
        log.warning("schema: %s; kept", change.description)
    return todo


def _apply_one(conn: sa.Connection, operations: Operations, change: Change) -> None:
    op = change.op
    sqlite = conn.dialect.name == "sqlite"
    if isinstance(op, ops.AlterColumnOp):
        _prepare_alter(conn, change.table, op)
    if sqlite and isinstance(op, (ops.AlterColumnOp, ops.DropColumnOp)):
        reflect_args = []
        if isinstance(op, ops.AlterColumnOp) and op.modify_type is not None and _kind(op.modify_type)[0] in ("date", "datetime", "time"):
            # SQLite keeps dates as text: copy the text as it is instead of CAST (which would keep only the year)
            reflect_args = [sa.Column(op.column_name, op.modify_type)]
        with operations.batch_alter_table(change.table, reflect_args=reflect_args) as batch:
            batch.invoke(op)
        return
    operations.invoke(op)


def _prepare_alter(conn: sa.Connection, table: str, op: ops.AlterColumnOp) -> None:
    """Put stored values in a form every database converts the same way."""
    if op.modify_type is None:
        return
    t = _reflected(conn, table, op.column_name)
    column = t.c[op.column_name]
    _clear_lost_values(conn, t, column, op.modify_type)
    old_family, new_family = _kind(op.existing_type)[0], _kind(op.modify_type)[0]
    if old_family == "text" and new_family != "text":
        conn.execute(t.update().where(column == "").values({op.column_name: None}))
    new_numeric = new_family in ("int", "decimal")
    if new_numeric and op.existing_nullable:
        zero: Any = "0" if old_family == "text" else 0
        conn.execute(t.update().where(column.is_(None)).values({op.column_name: zero}))
        op.modify_nullable = False
        op.modify_server_default = sa.text("0")
    elif not new_numeric and old_family in ("int", "decimal"):
        op.modify_nullable = True
        op.modify_server_default = None
    if conn.dialect.name == "postgresql":
        target = op.modify_type.compile(dialect=conn.dialect)
        op.kw["postgresql_using"] = f'"{op.column_name}"::{target}'


def _clear_lost_values(conn: sa.Connection, t: sa.Table, column: sa.Column[Any], new: Any) -> None:
    """A forced change: text too long is cut to the new length, a value that does not convert is
    emptied (the backup taken before holds it), so every database applies the change the same way."""
    family, size, _scale = _kind(new)
    lost = [(name, value) for name, value in conn.execute(sa.select(t.c.name, column).where(column.is_not(None)))
            if value != "" and not survives(value, new)]  # fmt: skip
    for name, value in lost:
        kept = str(value)[:size] if family == "text" else None
        log.warning("schema: %s.%s of %s: %r becomes %r", t.name, column.name, name, value, kept)
        conn.execute(t.update().where(t.c.name == name).values({column.name: kept}))


def sync(
    conn: sa.Connection,
    target: sa.MetaData,
    tables: Iterable[str] | None = None,
    *,
    force: bool = False,
    before_forced: Callable[[], None] | None = None,
    progress: Callable[[Change], None] | None = None,
) -> Plan:
    """Plan and apply in one go; returns the plan (what was kept is in `plan.kept`)."""
    the_plan = plan(conn, target, tables)
    if the_plan:
        apply(conn, the_plan, force=force, before_forced=before_forced, progress=progress)
    return the_plan


__all__ = ["DEFAULT_LENGTH", "Change", "Plan", "apply", "is_widening", "plan", "survives", "sync"]
