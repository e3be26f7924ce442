"""Backups a restore reproduces exactly, on SQLite, MariaDB and PostgreSQL alike.

A backup is a `.tar.gz` holding `database.jsonl` (a header line, then for each table a
line naming it and its columns, then one line per row with typed values), the site's
config (without its database URL) and, optionally, its files. Values keep their types
(decimals, dates, times and timestamps are tagged), so a restore gives back the same
values, on the same or another kind of database.

Restore order: the apps' standard tables, then the customisation records (custom
doctypes, custom fields, property setters), then every table the merged metadata
describes, then all rows. Columns the backup holds that the metadata no longer
describes (kept after a field was removed) are recreated as they were.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import json
import logging
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.exceptions import ConfigurationError
from lowcode.meta.cache import all_metas, clear
from lowcode.utils.dates import now

log = logging.getLogger(__name__)
FORMAT = "lowcode-backup"
VERSION = 1
BATCH = 2000
CUSTOMISATION_DOCTYPES = ("DocType", "DocField", "DocPerm", "Custom Field", "Property Setter", "Custom DocPerm")
Progress = Callable[[str, int], None]


def encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$time": (dt.datetime.min + value).time().isoformat()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b64": base64.b64encode(bytes(value)).decode()}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        if tag == "$dec":
            return Decimal(text)
        if tag == "$dt":
            return dt.datetime.fromisoformat(text)
        if tag == "$date":
            return dt.date.fromisoformat(text)
        if tag == "$time":
            return dt.time.fromisoformat(text)
        if tag == "$b64":
            return base64.b64decode(text)
    return value


def _managed_tables(conn: sa.Connection) -> list[str]:
    from lowcode.db.tables import INTERNAL_TABLES

    existing = set(sa.inspect(conn).get_table_names())
    metas = all_metas(local.site)
    wanted = [m.table_name for m in metas.values() if not m.issingle] + list(INTERNAL_TABLES)
    return sorted(t for t in wanted if t in existing)


def _column_spec(column: dict[str, Any], dialect: sa.Dialect) -> dict[str, Any]:
    return {"name": column["name"], "type": _type_name(column["type"]), "nullable": bool(column.get("nullable", True))}


def _type_name(type_: Any) -> str:
    """A portable description of a reflected column type, for recreating kept columns."""
    name = type(type_).__name__.upper()
    length = getattr(type_, "length", None)
    if isinstance(type_, sa.Numeric) and not isinstance(type_, sa.Float):
        return f"NUMERIC({type_.precision or 21},{type_.scale or 9})"
    if isinstance(type_, sa.String) and not isinstance(type_, sa.Text) and length:
        return f"VARCHAR({length})"
    if isinstance(type_, sa.Text) or "TEXT" in name:
        return "TEXT"
    for kind in ("BIGINT", "SMALLINT", "INT", "DATETIME", "TIMESTAMP", "DATE", "TIME"):
        if kind in name:
            return {"INT": "INTEGER", "TIMESTAMP": "DATETIME"}.get(kind, kind)
    return "TEXT"


def _sa_type(spec: str) -> sa.types.TypeEngine[Any]:
    from lowcode.meta.fieldtypes import DateTimeType, LongText, TimeType

    if spec.startswith("VARCHAR("):
        return sa.String(int(spec[8:-1]))
    if spec.startswith("NUMERIC("):
        precision, scale = spec[8:-1].split(",")
        return sa.Numeric(int(precision), int(scale))
    return {"BIGINT": sa.BigInteger(), "SMALLINT": sa.SmallInteger(), "INTEGER": sa.Integer(), "DATETIME": DateTimeType,
            "DATE": sa.Date(), "TIME": TimeType}.get(spec, LongText)  # fmt: skip


def backup(*, output: Path | None = None, with_files: bool = False, progress: Progress | None = None) -> Path:
    """Write a backup of the active site and return its path.

    On MariaDB and PostgreSQL it reads committed data in one snapshot on a connection of its
    own, closed at the end, so the metadata locks of its reads never hold up the schema
    changes (a forced migrate) that may follow. SQLite reads on the unit's connection,
    which already holds the database's only write lock.
    """
    site = local.site
    site.backups_path.mkdir(parents=True, exist_ok=True)
    stamp = now().strftime("%Y%m%d-%H%M%S-%f")
    path = output or site.backups_path / f"{stamp}-{site.name}.lowcode.tar.gz"
    with _reading_connection() as conn, tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "database.jsonl.gz"
        with gzip.open(data, "wt", encoding="utf-8") as out:
            header = {"format": FORMAT, "version": VERSION, "site": site.name, "dialect": local.db.dialect,
                      "created": now().isoformat(), "installed_apps": site.installed_apps}  # fmt: skip
            out.write(json.dumps(header) + "\n")
            tables = _managed_tables(conn)
            first = [f"tab{d}" for d in CUSTOMISATION_DOCTYPES if f"tab{d}" in tables]
            for table_name in first + [t for t in tables if t not in first]:
                _dump_table(conn, table_name, out, progress)
        with tarfile.open(path, "w:gz") as tar:
            tar.add(data, arcname="database.jsonl.gz")
            config = {k: v for k, v in site.config.items() if k not in ("db_url", "redis_url")}
            blob = json.dumps(config, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("site_config.json")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
            if with_files:
                for folder, arc in ((site.files_path, "files"), (site.private_files_path, "private/files")):
                    if folder.exists():
                        tar.add(folder, arcname=arc)
    log.info("backup of %s written to %s", site.name, path)
    return Path(path)


@contextmanager
def _reading_connection() -> Iterator[sa.Connection]:
    if local.db.dialect == "sqlite":
        yield local.db.conn
        return
    with local.db.engine.connect() as conn:
        yield conn.execution_options(isolation_level="REPEATABLE READ")


def _dump_table(conn: sa.Connection, table_name: str, out: Any, progress: Progress | None) -> None:
    inspector = sa.inspect(conn)
    columns = inspector.get_columns(table_name)
    out.write(json.dumps({"table": table_name, "columns": [_column_spec(c, conn.dialect) for c in columns]}) + "\n")
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    key = list(table.primary_key.columns) or list(table.columns)[:1]
    count = 0
    for row in conn.execute(sa.select(table).order_by(*key).execution_options(yield_per=BATCH)):
        out.write(json.dumps([encode(v) for v in row], ensure_ascii=False) + "\n")
        count += 1
    if progress:
        progress(table_name, count)


class _Stream:
    """Reads `database.jsonl` one table at a time without holding a table in memory."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.pending: dict[str, Any] | None = None

    def tables(self) -> Iterator[tuple[dict[str, Any], Iterator[list[Any]]]]:
        for line in self.lines:
            item = json.loads(line)
            if isinstance(item, dict):
                self.pending = item
                break
        while self.pending is not None:
            spec, self.pending = self.pending, None
            yield spec, self._rows()

    def _rows(self) -> Iterator[list[Any]]:
        for line in self.lines:
            item = json.loads(line)
            if isinstance(item, dict):
                self.pending = item
                return
            yield item


def _open(path: Path) -> tuple[dict[str, Any], dict[str, Any], _Stream, tarfile.TarFile]:
    tar = tarfile.open(path, "r:gz")  # noqa: SIM115 - returned open; the caller closes it
    try:
        config = json.loads(tar.extractfile("site_config.json").read())  # type: ignore[union-attr]
        lines = gzip.open(tar.extractfile("database.jsonl.gz"), "rt", encoding="utf-8")  # type: ignore[arg-type]  # noqa: SIM115
        header = json.loads(lines.readline())
    except (KeyError, OSError, ValueError, AttributeError) as exc:
        tar.close()
        raise ConfigurationError(f"{path} is not a lowcode backup ({exc}). Give the path of a .lowcode.tar.gz file.") from exc
    if header.get("format") != FORMAT:
        tar.close()
        raise ConfigurationError(f"{path} is not a lowcode backup. Give the path of a .lowcode.tar.gz file.")
    return header, config, _Stream(iter(lines)), tar


def restore(path: Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """Replace the active site's data with the backup's: every table the backup holds is
    emptied and refilled; tables and columns the site lacks are created first."""
    from lowcode.db.schema import schema_connection, sync_doctypes
    from lowcode.install.apps import install_app

    site = local.site
    header, config, stream, tar = _open(Path(path))
    first = {f"tab{d}" for d in CUSTOMISATION_DOCTYPES}
    with tar:
        if "secret_key" in config:
            site.set_config("secret_key", config["secret_key"])
        for app in header["installed_apps"]:
            if app not in site.installed_apps:
                install_app(app)
        synced = False
        for spec, rows in stream.tables():
            if spec["table"] not in first and not synced:
                local.db.commit()
                clear(site)
                sync_doctypes()
                synced = True
            with schema_connection() as conn:
                _ensure_columns(conn, spec)
            _load_rows(spec, rows, progress)
        local.db.commit()
        members = [m for m in tar.getmembers() if m.name.startswith(("files/", "private/files/")) and m.isfile()]
        if members:
            tar.extractall(site.path, members=members, filter="data")
    clear(site)
    return header


def _ensure_columns(conn: sa.Connection, spec: dict[str, Any]) -> None:
    """Create the table or columns the backup holds and the site lacks (kept columns)."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    ops = Operations(MigrationContext.configure(conn))
    inspector = sa.inspect(conn)
    table_name = spec["table"]
    if not inspector.has_table(table_name):
        ops.create_table(table_name, *(sa.Column(c["name"], _sa_type(c["type"]), nullable=c["nullable"]) for c in spec["columns"]))
        return
    present = {c["name"] for c in inspector.get_columns(table_name)}
    for column in spec["columns"]:
        if column["name"] not in present:
            ops.add_column(table_name, sa.Column(column["name"], _sa_type(column["type"]), nullable=True))


def _load_rows(spec: dict[str, Any], rows: Iterator[list[Any]], progress: Progress | None) -> None:
    conn = local.db.conn
    table = sa.Table(spec["table"], sa.MetaData(), autoload_with=conn)
    names = [c["name"] for c in spec["columns"]]
    conn.execute(table.delete())
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        batch.append(dict(zip(names, (decode(v) for v in row), strict=True)))
        if len(batch) >= BATCH:
            conn.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)
        count += len(batch)
    if progress:
        progress(spec["table"], count)
