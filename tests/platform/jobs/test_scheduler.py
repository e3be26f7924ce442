"""The scheduler runs each tick's events exactly once, even with two scheduler processes."""

from __future__ import annotations

import datetime as dt

import pytest

import lowcode
from lowcode.context import site_context
from lowcode.exceptions import HookError
from lowcode.jobs.scheduler import due, run_tick
from tests.platform.jobs.helpers import run_cli, start_cli

EVENTS = {"all": ["a"], "daily": ["d"], "hourly": ["h"], "weekly": ["w"], "monthly": ["m"], "*/15 9-17 * * 1-5": ["c"]}


@pytest.mark.parametrize(
    ("tick", "expected"),
    [
        ("2026-03-02 10:07", {"a"}),
        ("2026-03-02 10:15", {"a", "c"}),
        ("2026-03-02 18:15", {"a"}),
        ("2026-03-02 11:00", {"a", "h", "c"}),
        ("2026-03-02 00:00", {"a", "h", "d"}),
        ("2026-03-01 00:00", {"a", "h", "d", "w", "m"}),
    ],
)
def test_due_events_follow_cron(tick, expected):
    assert {method for _key, method in due(EVENTS, dt.datetime.fromisoformat(tick))} == expected


def test_a_bad_schedule_is_refused():
    from lowcode.jobs.scheduler import cron_for

    with pytest.raises(HookError, match="valid cron"):
        cron_for("every morning")


def tick_counts() -> dict[str, int]:
    rows = lowcode.get_all("Test Note", fields=["title"], filters={"title": ["like", "tick:%"]})
    jobs = lowcode.get_all("Background Job", fields=["method"], filters={"method": ["like", "%testapp.jobs.tick%"]})
    counts = {f"note {r['title']}": 0 for r in rows} | {f"job {r['method'].rsplit('.', 1)[1]}": 0 for r in jobs}
    for r in rows:
        counts[f"note {r['title']}"] += 1
    for r in jobs:
        counts[f"job {r['method'].rsplit('.', 1)[1]}"] += 1
    return counts


@pytest.mark.parametrize("redis", [False, True], ids=["file-lock", "redis-lock"])
def test_two_scheduler_processes_run_a_tick_once(make_site, redis):
    site = make_site("sqlite", redis=redis)
    processes = [start_cli(site, "scheduler", "--once", "--at", "2026-03-02 00:00") for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    said = "".join(out for out, _err in outputs)
    assert said.count("jobs queued") == 1 and said.count("claimed by another scheduler") == 1, said
    if redis:
        with site_context(site):
            assert tick_counts() == {"job tick_all": 1, "job tick_daily": 1}, "queued, not yet run"
        run_cli(site, "worker", "--burst")
    with site_context(site):
        assert tick_counts() == {"job tick_all": 1, "job tick_daily": 1, "note tick:all": 1, "note tick:daily": 1}
    run_cli(site, "scheduler", "--once", "--at", "2026-03-02 00:00")
    with site_context(site):
        assert tick_counts()["job tick_all"] == 1, "a tick already run is not run again"


def test_a_tick_enqueues_as_administrator_into_queues_by_period(site):
    names = run_tick(site, dt.datetime(2026, 3, 2, 0, 15, 30))
    with site_context(site):
        rows = lowcode.get_all("Background Job", filters={"name": ["in", names]}, fields=["method", "queue", "user", "job_name", "status"])
    by_method = {r["method"].rsplit(".", 1)[1]: r for r in rows}
    assert set(by_method) >= {"tick_all", "noop"} and "tick_daily" not in by_method
    assert by_method["noop"] | {} == {"method": "tests.platform.testapp.jobs.noop", "queue": "default", "user": "Administrator",
                                      "job_name": "scheduler:*/15 * * * *", "status": "finished"}  # fmt: skip
    assert run_tick(site, dt.datetime(2026, 3, 2, 0, 15)) is None


def test_a_worker_needs_redis_and_says_so(site):
    from tests.platform.jobs.helpers import start_cli

    process = start_cli(site, "worker", "--burst")
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and "has no redis_url" in err and "run inline" in err


def test_an_app_with_a_bad_schedule_fails_to_load():
    import types

    from lowcode.apps import load_hooks

    module = types.ModuleType("badapp")
    hooks = types.ModuleType("badapp.hooks")
    hooks.__dict__.update(
        app_name="badapp", app_title="Bad", app_version="1", scheduler_events={"every day": ["lowcode.jobs.cleanup.clear_old_jobs"]}
    )
    import sys

    sys.modules["badapp"], sys.modules["badapp.hooks"] = module, hooks
    try:
        with pytest.raises(HookError, match="'every day' is neither"):
            load_hooks("badapp", module)
    finally:
        del sys.modules["badapp"], sys.modules["badapp.hooks"]
