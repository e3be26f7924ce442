"""Creating and dropping a site's database on its server."""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from lowcode.db.engines import dispose_engine, normalize_url
from lowcode.exceptions import ConfigurationError

log = logging.getLogger(__name__)


def _server_engine(url: URL) -> sa.Engine:
    backend = url.get_backend_name()
    admin_db = "postgres" if backend == "postgresql" else "information_schema"
    return sa.create_engine(url.set(database=admin_db), isolation_level="AUTOCOMMIT")


def _sqlite_path(url: URL) -> Path | None:
    return Path(url.database) if url.database and url.database != ":memory:" else None


def database_exists(site_url: str) -> bool:
    url = normalize_url(site_url)
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        return bool(path and path.exists())
    engine = _server_engine(url)
    try:
        with engine.connect() as conn:
            if url.get_backend_name() == "postgresql":
                query = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
            else:
                query = sa.text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :name")
            return conn.execute(query, {"name": url.database}).first() is not None
    except sa.exc.OperationalError as exc:
        raise ConfigurationError(
            f"Cannot reach the database server at {url.host}:{url.port} ({exc.orig}). Start it, or check the URL and credentials."
        ) from exc
    finally:
        engine.dispose()


def create_database(site_url: str) -> None:
    """Create the empty database named in the URL (UTF-8)."""
    url = normalize_url(site_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        path = _sqlite_path(url)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
        return
    name = url.database
    if not name or not name.replace("_", "").replace("-", "").isalnum():
        raise ConfigurationError(f"Database name '{name}' must use letters, digits, - and _.")
    engine = _server_engine(url)
    quoted = engine.dialect.identifier_preparer.quote(name)
    ddl = f"CREATE DATABASE {quoted}"
    if backend == "mariadb":
        ddl += " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    else:
        ddl += " ENCODING 'UTF8' TEMPLATE template0"
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(ddl)
    finally:
        engine.dispose()
    log.info("created database %s", name)


def drop_database(site_url: str) -> None:
    """Drop the database named in the URL; closes this process's pooled connections first."""
    dispose_engine(site_url)
    url = normalize_url(site_url)
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if path:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        return
    engine = _server_engine(url)
    quoted = engine.dialect.identifier_preparer.quote(url.database or "")
    try:
        with engine.connect() as conn:
            if url.get_backend_name() == "postgresql":
                conn.execute(
                    sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"),
                    {"name": url.database},
                )
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted}")
    finally:
        engine.dispose()
    log.info("dropped database %s", url.database)
