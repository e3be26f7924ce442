"""Enqueueing jobs: the `Background Job` record, then RQ (or the inline run) after commit."""

from __future__ import annotations

import logging
from typing import Any

from lowcode.context import local, site_context
from lowcode.exceptions import ValidationError
from lowcode.sites import Site
from lowcode.utils.dates import now
from lowcode.utils.json import dumps
from lowcode.utils.redis import get_redis

log = logging.getLogger(__name__)
DOCTYPE = "Background Job"
#: RQ timeouts per queue when the caller gives none (seconds), as in Frappe
QUEUE_TIMEOUTS = {"short": 300, "default": 300, "long": 1500}
#: seconds RQ keeps a finished or failed job's own record (ours is the Background Job)
RESULT_TTL = 600


def rq_queue_name(site: Site, queue: str) -> str:
    """Queues are per site, so workers of different sites sharing one Redis never mix jobs."""
    return f"lowcode:{site.name}:{queue}"


def enqueue(method: str, *, queue: str = "default", timeout: int | None = None, job_name: str | None = None,
            at_front: bool = False, enqueue_after_commit: bool = True, **kwargs: Any) -> str:  # fmt: skip
    """Run `method(**kwargs)` in the background as the current user; returns the Background Job name.

    With `enqueue_after_commit` (the default) the job is recorded in the current transaction
    and handed to the worker once it commits, so it sees what the caller wrote and never runs
    if the caller rolls back. Without Redis the job runs in this process after the commit.
    """
    _check(method, queue, kwargs)
    values = {
        "method": method, "queue": queue, "job_name": job_name or method, "user": local.user,
        "timeout": timeout or QUEUE_TIMEOUTS.get(queue, QUEUE_TIMEOUTS["default"]), "status": "queued",
        "attempts": 0, "enqueued_at": now(), "kwargs": dumps(kwargs, sort_keys=True),
    }  # fmt: skip
    site, user = local.site, local.user
    if local.db.in_transaction and local.db.dialect == "sqlite":
        enqueue_after_commit = True  # the caller may hold SQLite's only write lock: the record joins its transaction
    if enqueue_after_commit:
        name = _insert(values)
        local.db.after_commit(lambda: dispatch(site, name, queue, int(values["timeout"]), at_front))
        return name
    with site_context(site, user=user) as own:
        name = _insert(values)
        own.db.commit()
    if get_redis(site) is None and local.db.in_transaction:
        # inline: once the caller's transaction ends, whichever way (it may hold SQLite's write lock now)
        run = lambda: dispatch(site, name, queue, int(values["timeout"]), at_front)  # noqa: E731
        local.db.after_commit(run)
        local.db.after_rollback(run)
    else:
        dispatch(site, name, queue, int(values["timeout"]), at_front)
    return name


def _check(method: str, queue: str, kwargs: dict[str, Any]) -> None:
    from lowcode.apps import import_dotted

    try:
        fn = import_dotted(method)
    except (ImportError, AttributeError) as exc:
        raise ValidationError(f"Background Job: method '{method}' does not import ({exc}).", doctype=DOCTYPE, fieldname="method") from exc
    if not callable(fn):
        raise ValidationError(f"Background Job: '{method}' is not a function.", doctype=DOCTYPE, fieldname="method")
    if not queue.replace("_", "").isalnum():
        raise ValidationError(
            f"Background Job: queue '{queue}' must be a plain word (short, default, long).", doctype=DOCTYPE, fieldname="queue"
        )
    try:
        dumps(kwargs)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            f"Background Job: the arguments of '{method}' must be JSON values ({exc}).", doctype=DOCTYPE, fieldname="kwargs"
        ) from exc


def _insert(values: dict[str, Any]) -> str:
    from lowcode.model.document import new_doc

    doc = new_doc(DOCTYPE, **values)
    doc.insert(ignore_permissions=True)
    return str(doc.name)


def dispatch(site: Site, name: str, queue: str, timeout: int, at_front: bool = False) -> None:
    """Hand a recorded job to RQ, or run it here and now when the site has no Redis."""
    from lowcode.jobs.runner import run_job

    redis = get_redis(site)
    if redis is None:
        run_job(site.name, str(site.root), name)
        return
    from rq import Callback, Queue

    Queue(rq_queue_name(site, queue), connection=redis).enqueue_call(
        "lowcode.jobs.runner.run_rq_job", args=(site.name, str(site.root), name), timeout=timeout,
        job_id=name, at_front=at_front, result_ttl=RESULT_TTL, failure_ttl=RESULT_TTL, description=name,
        on_failure=Callback("lowcode.jobs.runner.on_rq_failure"),
    )  # fmt: skip
    log.debug("queued %s on %s", name, rq_queue_name(site, queue))


def retry(name: str) -> str:
    """Queue a failed job again (same record, one more attempt); returns its name."""
    from lowcode.jobs.runner import job_table

    table = job_table()
    row = local.db.execute(table.select().where(table.c.name == name)).mappings().first()
    if row is None:
        from lowcode.exceptions import DoesNotExistError

        raise DoesNotExistError(f"Background Job '{name}' not found.", doctype=DOCTYPE, name=name)
    if row["status"] != "failed":
        raise ValidationError(f"Background Job '{name}' is {row['status']}; only failed jobs can be retried.", doctype=DOCTYPE, name=name)
    local.db.execute(table.update().where(table.c.name == name).values(
        status="queued", error=None, started_at=None, ended_at=None, duration=0, enqueued_at=now(),
    ))  # fmt: skip
    site, queue, timeout = local.site, str(row["queue"]), int(row["timeout"] or QUEUE_TIMEOUTS["default"])
    local.db.after_commit(lambda: dispatch(site, name, queue, timeout))
    return name
