"""Background jobs: RQ on the site's Redis, inline after commit when the site has none.

    name = lowcode.jobs.enqueue("myapp.tasks.rebuild", queue="long", doctype="Lead")

Every job is a `Background Job` record (status, timing, the error); the worker, the
inline path and a retry all run it through `lowcode.jobs.runner.run_job`.
"""

from lowcode.jobs.queue import enqueue, retry

__all__ = ["enqueue", "retry"]
