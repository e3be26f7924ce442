"""Keeping a site's tables in step with its metadata (used by migrate and by customisations)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db import sync
from lowcode.db.tables import target_metadata
from lowcode.exceptions import ConfigurationError
from lowcode.meta.cache import all_metas

log = logging.getLogger(__name__)


#: seconds MariaDB's DDL waits for a table lock before giving up
DDL_LOCK_WAIT_SECONDS = 20
MARIADB_LOCK_WAIT_TIMEOUT = 1205


@contextmanager
def schema_connection() -> Iterator[sa.Connection]:
    """The connection DDL runs on.

    SQLite and PostgreSQL have transactional DDL: it runs in the unit's own transaction and
    rolls back with it. MariaDB commits on every DDL statement, so there it runs on a
    separate autocommit connection and the unit's transaction (and its savepoints) stay
    intact. Either way a refused change is found by `sync.plan` before any DDL runs.
    """
    db = local.db
    if db.dialect != "mariadb":
        yield db.conn
        return
    with db.engine.connect() as raw:
        conn = raw.execution_options(isolation_level="AUTOCOMMIT")
        # never wait forever on a table this unit of work itself holds open
        conn.exec_driver_sql(f"SET SESSION lock_wait_timeout = {int(DDL_LOCK_WAIT_SECONDS)}")
        try:
            yield conn
        except sa.exc.OperationalError as exc:
            if getattr(exc.orig, "args", (None,))[0] != MARIADB_LOCK_WAIT_TIMEOUT:
                raise
            raise ConfigurationError(
                f"The table could not be changed: it is in use, most likely by rows this same request wrote before "
                f"({str(exc.statement or '')[:80]}). Save those rows first (commit), then make the change again.",
            ) from exc


def sync_doctypes(
    doctypes: Iterable[str] | None = None,
    *,
    force: bool = False,
    before_forced: Callable[[], None] | None = None,
    progress: Callable[[sync.Change], None] | None = None,
) -> sync.Plan:
    """Create or alter the tables of `doctypes` (all of the site's when None)."""
    metas = all_metas(local.site)
    chosen = [metas[d] for d in doctypes] if doctypes is not None else list(metas.values())
    target = target_metadata(chosen)
    tables = None if doctypes is None else {m.table_name for m in chosen if not m.issingle}
    with schema_connection() as conn:
        return sync.sync(conn, target, tables, force=force, before_forced=before_forced, progress=progress)


def plan_doctypes(doctypes: Iterable[str] | None = None) -> sync.Plan:
    metas = all_metas(local.site)
    chosen = [metas[d] for d in doctypes] if doctypes is not None else list(metas.values())
    tables = None if doctypes is None else {m.table_name for m in chosen if not m.issingle}
    with schema_connection() as conn:
        return sync.plan(conn, target_metadata(chosen), tables)
