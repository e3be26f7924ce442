"""The RQ worker of one site: `lowcode --site S worker [--queue default ...] [--burst]`."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import redis
from rq import Queue, SimpleWorker, Worker

from lowcode.context import site_context
from lowcode.db.engines import dispose_all
from lowcode.exceptions import ConfigurationError
from lowcode.jobs.queue import rq_queue_name
from lowcode.meta.cache import all_metas
from lowcode.sites import Site

log = logging.getLogger(__name__)
DEFAULT_QUEUES = ("short", "default", "long")


def worker_connection(site: Site) -> redis.Redis:
    """A connection of its own: RQ blocks on BLPOP far longer than the shared client's timeout."""
    if not site.redis_url:
        raise ConfigurationError(
            f"Site {site.name} has no redis_url, so its jobs run inline and need no worker. "
            "Set one with `lowcode set-config redis_url redis://127.0.0.1:6379/0` to queue them."
        )
    return redis.Redis.from_url(site.redis_url)


def run_worker(site: Site, queues: Sequence[str] = DEFAULT_QUEUES, *, burst: bool = False, fork: bool = False,
               max_jobs: int | None = None) -> bool:  # fmt: skip
    """Work the site's queues (in the order given) until stopped, or until empty with `burst`.

    By default jobs run in the worker process itself (RQ's SimpleWorker: metadata stays
    cached, no fork per job); `fork` runs each in a forked work horse, so a job that
    crashes the interpreter or leaks memory cannot harm the worker.
    """
    connection = worker_connection(site)
    with site_context(site):
        all_metas(site)  # load the metadata once, before any job (and before forking)
    if fork:
        dispose_all()  # work horses must not share the parent's database connections
    rq_queues = [Queue(rq_queue_name(site, q), connection=connection) for q in queues]
    worker_class = Worker if fork else SimpleWorker
    worker = worker_class(rq_queues, connection=connection)
    log.info("worker %s on %s", worker.name, ", ".join(q.name for q in rq_queues))
    return bool(worker.work(burst=burst, logging_level="WARNING", max_jobs=max_jobs))
