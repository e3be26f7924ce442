"""Jobs on a site with Redis wait in RQ until a real worker process runs them."""

from __future__ import annotations

import signal
import time

from rq import Queue
from rq.registry import StartedJobRegistry

import lowcode
from lowcode.context import acting_as, site_context
from lowcode.jobs import enqueue, retry
from lowcode.jobs.queue import rq_queue_name
from lowcode.jobs.runner import LOST
from lowcode.jobs.worker import worker_connection
from tests.platform.engines_world import CLERK, make_world
from tests.platform.jobs.helpers import run_cli, start_cli

ADD = "tests.platform.testapp.jobs.add_note"
FAIL = "tests.platform.testapp.jobs.add_note_then_fail"


def statuses(names: list[str]) -> dict[str, str]:
    rows = lowcode.get_all("Background Job", filters={"name": ["in", names]}, fields=["name", "status"])
    return {r["name"]: r["status"] for r in rows}


def test_worker_process_runs_queued_jobs_as_their_users(backend, make_site):
    site = make_site(backend, redis=True)
    with site_context(site):
        make_world()
        with acting_as(CLERK):
            ok = [enqueue(ADD, title=f"w{i}") for i in range(3)]
        urgent = enqueue(ADD, title="urgent", queue="short")
        failing = enqueue(FAIL, title="bad")
        lowcode.db.commit()
        names = [*ok, urgent, failing]
        assert set(statuses(names).values()) == {"queued"}, "nothing runs before a worker takes the jobs"
        assert lowcode.get_count("Test Note") == 0
    out = run_cli(site, "worker", "--burst")
    assert out == "" or "Traceback" not in out
    with site_context(site):
        assert statuses(names) == {**dict.fromkeys([*ok, urgent], "finished"), failing: "failed"}
        notes = lowcode.get_all("Test Note", fields=["title", "owner", "content"], order_by="title asc")
        assert notes == [{"title": "urgent", "owner": "Administrator", "content": "Administrator"},
                         *({"title": f"w{i}", "owner": CLERK, "content": CLERK} for i in range(3))]  # fmt: skip
        error = lowcode.get_value("Background Job", failing, "error")
        assert "no 'go' note yet for bad" in error
        lowcode.new_doc("Test Note", title="go").insert()
        retry(failing)
        lowcode.db.commit()
        assert statuses([failing]) == {failing: "queued"}
    run_cli(site, "worker", "--burst", "--queue", "default")
    with site_context(site):
        assert statuses([failing]) == {failing: "finished"}
        assert lowcode.exists("Test Note", {"title": "bad"})


def test_a_job_whose_worker_was_killed_is_marked_failed_and_can_be_retried(make_site):
    """SIGKILL leaves the job 'started'; once RQ's registry cleanup (which workers run periodically) finds its
    heartbeat expired, the failure callback records it failed with a clear message, and a retry runs it."""
    site = make_site("sqlite", redis=True)
    with site_context(site):
        make_world()
        name = enqueue("tests.platform.testapp.jobs.note_then_wait", title="slow", seconds=60)
        lowcode.db.commit()
    worker = start_cli(site, "worker")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with site_context(site, read_only=True):
            if lowcode.exists("Test Note", {"title": "slow"}):
                break
        time.sleep(0.1)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    with site_context(site):
        assert statuses([name]) == {name: "started"}
    registry = StartedJobRegistry(queue=Queue(rq_queue_name(site, "default"), connection=worker_connection(site)))
    registry.cleanup(timestamp=time.time() + 24 * 3600)  # as a worker's maintenance does once the heartbeat has expired
    with site_context(site):
        assert statuses([name]) == {name: "failed"}
        assert lowcode.get_value("Background Job", name, "error") == LOST
        job = lowcode.get_doc("Background Job", name)
        job.db_set("kwargs", '{"title": "again", "seconds": 0}')  # the retry should not take a minute
        retry(name)
        lowcode.db.commit()
    run_cli(site, "worker", "--burst")
    with site_context(site):
        assert statuses([name]) == {name: "finished"}
        assert lowcode.exists("Test Note", {"title": "again"})
