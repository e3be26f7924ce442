"""Background job throughput of one worker: prints figures, asserts nothing.

    python bench/jobs_throughput.py [--jobs 2000] [--db-url mariadb://root:@127.0.0.1:3306] [--redis-url redis://127.0.0.1:6379/13]

On a fresh site with Redis: enqueues `--jobs` no-op jobs and `--jobs` jobs that each
insert a Comment (each through `lowcode.jobs.enqueue`, so each has its Background Job
record), then times one worker (`run_worker(burst=True)`, in this process; RQ's
SimpleWorker, and the forking Worker on a tenth of the jobs). Beside it, plain RQ: the
same number of no-op jobs, and of jobs inserting one row with SQLAlchemy, enqueued with
`Queue.enqueue` and worked by a SimpleWorker. Finally the inline path (no Redis): enqueue
and commit one job at a time.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import redis
import sqlalchemy as sa
from rq import Queue, SimpleWorker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
#: jobs are named by import path (RQ refuses functions of __main__)
MODULE = "bench.jobs_throughput"


def noop() -> None:
    """The no-op job."""


def insert_comment(i: int) -> None:
    """The job that writes: one Comment, through the document model."""
    import lowcode

    lowcode.new_doc("Comment", comment_type="Info", content=f"bench {i}").insert(ignore_permissions=True)


def raw_insert(url: str, i: int) -> None:
    """Plain RQ's writing job: one row with SQLAlchemy Core, no platform in between."""
    from lowcode.db.engines import get_engine

    with get_engine(url).begin() as conn:
        conn.execute(sa.text("INSERT INTO bench_raw (name, content) VALUES (:n, :c)"), {"n": secrets.token_hex(8), "c": f"raw {i}"})


def make_site(root: Path, db_url: str | None, redis_url: str | None) -> object:
    from lowcode.install.sites import new_site

    name = f"jobs-{secrets.token_hex(3)}.local"
    url = db_url.rstrip("/") + "/" + name.replace(".", "_").replace("-", "_") if db_url else None
    site, _ = new_site(name, db_url=url, root=root, redis_url=redis_url)
    return site


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def platform_runs(site: object, jobs: int) -> list[tuple[str, int, float, float]]:
    """(label, jobs, enqueue seconds, work seconds) for the platform's jobs."""
    from lowcode.context import site_context
    from lowcode.db.query import get_count
    from lowcode.jobs import enqueue
    from lowcode.jobs.runner import job_table
    from lowcode.jobs.worker import run_worker

    rows = []
    for label, method, count, fork in [
        ("lowcode no-op, SimpleWorker", f"{MODULE}.noop", jobs, False),
        ("lowcode insert a Comment, SimpleWorker", f"{MODULE}.insert_comment", jobs, False),
        ("lowcode no-op, forking Worker", f"{MODULE}.noop", max(jobs // 10, 10), True),
    ]:
        with site_context(site) as unit:

            def push(unit: object = unit, method: str = method, count: int = count) -> None:
                for i in range(count):
                    enqueue(method, **({"i": i} if "insert" in method else {}))
                unit.db.commit()

            enqueue_s = timed(push)
        work_s = timed(lambda fork=fork: run_worker(site, ("default",), burst=True, fork=fork))
        with site_context(site) as unit:
            done = get_count("Background Job", filters={"status": "finished", "method": method})
            unit.db.execute(job_table().delete())
            unit.db.commit()
        rows.append((label + ("" if done == count else f" ({done} of {count} finished)"), count, enqueue_s, work_s))
    return rows


def raw_runs(site: object, redis_url: str, jobs: int) -> list[tuple[str, int, float, float]]:
    from lowcode.db.engines import get_engine

    url = site.db_url  # type: ignore[attr-defined]
    with get_engine(url).begin() as conn:
        conn.execute(sa.text("CREATE TABLE bench_raw (name VARCHAR(140) PRIMARY KEY, content TEXT)"))
    connection = redis.Redis.from_url(redis_url)
    queue = Queue(f"bench-raw-{secrets.token_hex(3)}", connection=connection)
    module = importlib.import_module(MODULE)
    rows = []
    for label, fn, args in [
        ("plain RQ no-op, SimpleWorker", module.noop, lambda i: ()),
        ("plain RQ insert a row, SimpleWorker", module.raw_insert, lambda i: (url, i)),
    ]:
        enqueue_s = timed(lambda fn=fn, args=args: [queue.enqueue(fn, *args(i)) for i in range(jobs)])
        work_s = timed(lambda: SimpleWorker([queue], connection=connection).work(burst=True, logging_level="WARNING"))
        rows.append((label, jobs, enqueue_s, work_s))
    return rows


def inline_run(site: object, jobs: int) -> tuple[str, int, float, float]:
    from lowcode.context import site_context
    from lowcode.jobs import enqueue

    def one_by_one() -> None:
        with site_context(site) as unit:
            for _ in range(jobs):
                enqueue(f"{MODULE}.noop")
                unit.db.commit()

    return ("lowcode no-op, inline (no Redis): enqueue + commit + run", jobs, 0.0, timed(one_by_one))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--db-url", help="Server URL without a database name (default: SQLite).")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="lowcode-jobs-bench-"))
    os.environ["LOWCODE_SITES_PATH"] = str(root)
    site = make_site(root, args.db_url, args.redis_url)
    backend = (args.db_url or "sqlite").split(":")[0]
    rows = platform_runs(site, args.jobs) + raw_runs(site, args.redis_url, args.jobs)
    rows.append(inline_run(make_site(root, args.db_url, None), max(args.jobs // 4, 10)))
    print(f"# jobs throughput, {backend}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print("| run | jobs | enqueue jobs/s | worker jobs/s |")
    print("| --- | ---: | ---: | ---: |")
    for label, count, enqueue_s, work_s in rows:
        enqueue_rate = f"{count / enqueue_s:,.0f}" if enqueue_s else "—"
        print(f"| {label} | {count:,} | {enqueue_rate} | {count / work_s:,.0f} |")


if __name__ == "__main__":
    main()
