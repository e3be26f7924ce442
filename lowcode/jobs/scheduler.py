"""The scheduler: `lowcode scheduler` runs every installed app's `scheduler_events`.

Each minute is one tick. A hook key is a cron string ("*/5 * * * *") or one of all (every
tick), hourly, daily, weekly, monthly; times are in the site's time zone. The first process
to claim a tick (`locks.claim_tick`) enqueues that tick's functions as Background Jobs; any
other scheduler process skips it, so each runs exactly once per tick.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable

from croniter import croniter

from lowcode.apps import collect_dict, ordered
from lowcode.context import site_context
from lowcode.exceptions import HookError
from lowcode.jobs.locks import claim_tick
from lowcode.jobs.queue import enqueue
from lowcode.sites import Site
from lowcode.utils.dates import now

log = logging.getLogger(__name__)
NAMED = {"hourly": "0 * * * *", "daily": "0 0 * * *", "weekly": "0 0 * * 0", "monthly": "0 0 1 * *"}
#: the most missed minutes a scheduler catches up on after a pause
MAX_CATCH_UP = 60


def cron_for(key: str) -> str | None:
    """The cron expression a scheduler_events key stands for (None: every tick)."""
    if key == "all":
        return None
    cron = NAMED.get(key, key)
    if not croniter.is_valid(cron):
        raise HookError(f"scheduler_events key '{key}' is neither all/hourly/daily/weekly/monthly nor a valid cron string.")
    return cron


def scheduled_events(site: Site) -> dict[str, list[str]]:
    """Hook key -> dotted functions, across the site's installed apps."""
    return collect_dict(ordered(site.installed_apps), "scheduler_events")


def due(events: dict[str, list[str]], tick: dt.datetime) -> list[tuple[str, str]]:
    """(key, function) pairs due at `tick` (a whole minute)."""
    out = []
    for key, methods in events.items():
        cron = cron_for(key)
        if cron is None or croniter.match(cron, tick):
            out.extend((key, method) for method in methods)
    return out


def run_tick(site: Site, tick: dt.datetime) -> list[str] | None:
    """Enqueue what is due at `tick`, if this process claims it; returns the job names or None."""
    tick = tick.replace(second=0, microsecond=0)
    if not claim_tick(site, tick):
        log.debug("tick %s of %s was claimed by another scheduler", tick, site.name)
        return None
    names = []
    with site_context(site) as unit:
        for key, method in due(scheduled_events(site), tick):
            names.append(enqueue(method, queue="long" if key in ("daily", "weekly", "monthly") else "default", job_name=f"scheduler:{key}"))
        unit.db.commit()
    log.info("tick %s of %s: %d jobs", tick, site.name, len(names))
    return names


def site_now(site: Site) -> dt.datetime:
    with site_context(site):
        return now()


def run_scheduler(sites: Iterable[Site], *, once: bool = False, at: dt.datetime | None = None,
                  report: Callable[[str], None] = log.info) -> None:  # fmt: skip
    """Tick every minute for each site (catching up missed minutes); `once`: one tick and return."""
    last: dict[str, dt.datetime] = {}
    sites = list(sites)
    while True:
        for site in sites:
            current = (at or site_now(site)).replace(second=0, microsecond=0)
            previous = last.get(site.name, current - dt.timedelta(minutes=1))
            start = max(previous + dt.timedelta(minutes=1), current - dt.timedelta(minutes=MAX_CATCH_UP - 1))
            tick = start
            while tick <= current:
                names = run_tick(site, tick)
                report(
                    f"{site.name} {tick:%Y-%m-%d %H:%M}: "
                    + ("claimed by another scheduler" if names is None else f"{len(names)} jobs queued")
                )
                tick += dt.timedelta(minutes=1)
            last[site.name] = current
        if once:
            return
        time.sleep(60.5 - time.time() % 60)
