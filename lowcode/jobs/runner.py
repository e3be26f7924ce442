"""Running one recorded job: claim it, call the method as the enqueuing user, record the end.

The RQ worker, the inline path (no Redis) and retries all come through `run_job`, so a
job behaves the same everywhere: its own unit of work, committed when it returns, rolled
back and recorded as failed (with the traceback) when it raises.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from lowcode.apps import import_dotted
from lowcode.context import local, site_context
from lowcode.db.tables import get_table
from lowcode.sites import Site
from lowcode.utils.dates import now

log = logging.getLogger(__name__)


def job_table() -> sa.Table:
    return get_table("Background Job")


def run_rq_job(site_name: str, sites_root: str, name: str) -> None:
    """What the RQ worker calls: a failure is re-raised so RQ counts it too."""
    run_job(site_name, sites_root, name, reraise=True)


def run_job(site_name: str, sites_root: str, name: str, *, reraise: bool = False) -> str | None:
    """Run Background Job `name` once; returns its final status (None if it was not queued)."""
    site = Site.load(site_name, Path(sites_root))
    with site_context(site) as unit:
        row = _claim(name)
        if row is None:
            log.warning("Background Job %s is not queued on %s; not run again", name, site_name)
            return None
        unit.user = str(row["user"] or "Administrator")
        unit.cache.clear()
        unit.flags["background_job"] = name
        started = time.monotonic()
        try:
            fn = import_dotted(str(row["method"]))
            fn(**json.loads(row["kwargs"] or "{}"))
            _record_end(name, "finished", started, None)
            unit.db.commit()  # the job's writes and its end in one commit
        except BaseException as exc:
            unit.db.rollback()
            _record_end(name, "failed", started, traceback.format_exc())
            unit.db.commit()
            log.warning("Background Job %s (%s) failed: %s", name, row["method"], exc)
            if reraise or not isinstance(exc, Exception):
                raise
            return "failed"
        return "finished"


#: what a job whose worker died says
LOST = ("The worker running this job stopped before it finished (killed, crashed or restarted); "
        "its writes since the last commit were undone. Retry it.")  # fmt: skip


def on_rq_failure(job: Any, connection: Any, exc_type: Any, exc_value: Any, tb: Any) -> None:
    """RQ's failure callback. A job that raised was recorded by `run_job` already; one still
    'started' here lost its worker (RQ's registry cleanup found its heartbeat expired)."""
    site_name, sites_root, name = job.args
    with site_context(Site.load(site_name, Path(sites_root))) as unit:
        table = job_table()
        lost = unit.db.execute(
            table.update().where(table.c.name == name, table.c.status == "started").values(status="failed", ended_at=now(), error=LOST)
        ).rowcount
        unit.db.commit()
    if lost:
        log.warning("Background Job %s on %s lost its worker; marked failed", name, site_name)


def _claim(name: str) -> dict[str, Any] | None:
    """queued -> started in its own commit; a job that is not queued is not run twice."""
    table = job_table()
    claimed = local.db.execute(
        table.update().where(table.c.name == name, table.c.status == "queued")
        .values(status="started", started_at=now(), attempts=sa.func.coalesce(table.c.attempts, 0) + 1)
    ).rowcount  # fmt: skip
    if claimed != 1:
        local.db.rollback()
        return None
    row = local.db.execute(table.select().where(table.c.name == name)).mappings().one()
    local.db.commit()
    return dict(row)


def _record_end(name: str, status: str, started: float, error: str | None) -> None:
    table = job_table()
    local.db.execute(table.update().where(table.c.name == name).values(
        status=status, ended_at=now(), duration=round(time.monotonic() - started, 6), error=error,
    ))  # fmt: skip
