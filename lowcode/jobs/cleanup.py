"""Daily housekeeping of job records."""

from __future__ import annotations

import datetime as dt

from lowcode.context import local
from lowcode.jobs.runner import job_table
from lowcode.utils.dates import now


def clear_old_jobs() -> int:
    """Delete finished Background Jobs older than `job_log_days`; failed ones stay for retry."""
    table = job_table()
    cutoff = now() - dt.timedelta(days=int(local.site.get("job_log_days")))
    return int(local.db.execute(table.delete().where(table.c.status == "finished", table.c.creation < cutoff)).rowcount)
