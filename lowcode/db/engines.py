"""Database URLs and engines: one pooled engine per database URL per process.

Site URLs are written the short way (`mariadb://...`, `postgresql://...`, `sqlite:///...`);
this module picks the driver (mysqlclient, psycopg 3, the standard sqlite3) and sets each
dialect up the same way: UTF-8, microsecond timestamps, SQLite in WAL mode with
write transactions that take the lock at BEGIN (so two processes never deadlock).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from lowcode.exceptions import ConfigurationError

log = logging.getLogger(__name__)
DRIVERS = {
    "sqlite": "sqlite+pysqlite",
    "mariadb": "mariadb+mysqldb",
    "mysql": "mariadb+mysqldb",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
}
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def normalize_url(url: str) -> URL:
    """Map a site URL to a SQLAlchemy URL with the project's driver for that database."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ConfigurationError(
            f"'{url}' is not a database URL. Use sqlite:///path/site.db, "
            "mariadb://user:password@host:3306/name or postgresql://user@host:5432/name."
        ) from exc
    backend = parsed.get_backend_name()
    if backend not in DRIVERS:
        raise ConfigurationError(f"Database '{backend}' is not supported; use sqlite, mariadb or postgresql.")
    parsed = parsed.set(drivername=DRIVERS[backend])
    if parsed.get_backend_name() == "mariadb":
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    return parsed


def backend_of(url: str) -> str:
    return normalize_url(url).get_backend_name()


def _sqlite_setup(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=60000", "foreign_keys=OFF"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        read_only = conn.info.get("lowcode_read_only")
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def get_engine(url: str) -> Engine:
    """The process-wide engine for `url`, created on first use."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = create_engine(url)
            _engines[url] = engine
        return engine


def create_engine(url: str, **kwargs: Any) -> Engine:
    target = normalize_url(url)
    backend = target.get_backend_name()
    options: dict[str, Any] = {"future": True, **kwargs}
    if backend == "sqlite":
        options.setdefault("connect_args", {"check_same_thread": False, "timeout": 60})
        options.setdefault("poolclass", sa.pool.QueuePool)
        options.setdefault("pool_size", 5)
        options.setdefault("max_overflow", 10)
    else:
        options.setdefault("pool_pre_ping", True)
        options.setdefault("pool_recycle", 3600)
        options.setdefault("pool_size", 5)
        options.setdefault("max_overflow", 10)
    if backend == "mariadb":
        options.setdefault("isolation_level", "READ COMMITTED")
    engine = sa.create_engine(target, **options)
    if backend == "sqlite":
        _sqlite_setup(engine)
    return engine


def dispose_engine(url: str) -> None:
    with _lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def dispose_all() -> None:
    with _lock:
        engines = list(_engines.values())
        _engines.clear()
    for engine in engines:
        engine.dispose()
