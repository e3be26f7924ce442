"""Claiming a scheduler tick so that exactly one process runs it.

With Redis: `SET NX` on a key per site and tick. Without (SQLite-only sites): the last
claimed tick in a file under the site folder, read and written under an exclusive
`flock`, so two processes on the machine agree.
"""

from __future__ import annotations

import datetime as dt
import fcntl

from lowcode.sites import Site
from lowcode.utils.redis import get_redis

#: how long a claimed tick's Redis key lives (seconds); far beyond any clock skew
TICK_KEY_TTL = 24 * 3600


def claim_tick(site: Site, tick: dt.datetime) -> bool:
    """True for the first process to claim `tick` on `site`, False for every other."""
    stamp = tick.strftime("%Y-%m-%dT%H:%M")
    redis = get_redis(site)
    if redis is not None:
        return bool(redis.set(f"lowcode:{site.name}:scheduler:tick:{stamp}", "1", nx=True, ex=TICK_KEY_TTL))
    locks = site.path / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / "scheduler.lock", "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            claimed = set(handle.read().split())
            if stamp in claimed:
                return False
            recent = sorted(claimed)[-1440:]  # a day of minutes is plenty to remember
            handle.seek(0)
            handle.truncate()
            handle.write("\n".join([*recent, stamp]) + "\n")
            handle.flush()
            return True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
