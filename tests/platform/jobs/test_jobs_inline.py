"""Jobs on a site without Redis run inline after commit, through the same runner as a worker."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.context import acting_as
from lowcode.exceptions import PermissionError, ValidationError
from lowcode.jobs import enqueue, retry
from lowcode.jobs.api import retry_job
from tests.platform.engines_world import APPROVER, CLERK, CLERK2, make_world
from tests.platform.http_client import Client

ADD = "tests.platform.testapp.jobs.add_note"
FAIL = "tests.platform.testapp.jobs.add_note_then_fail"


def job(name: str) -> dict:
    return lowcode.get_all("Background Job", filters={"name": name}, fields=["*"])[0]


def test_inline_job_waits_for_commit_and_runs_as_the_enqueuer(ctx):
    make_world()
    with acting_as(CLERK):
        name = enqueue(ADD, title="inline")
    assert job(name)["status"] == "queued"
    assert not lowcode.exists("Test Note", {"title": "inline"})
    lowcode.db.commit()
    record = job(name)
    assert record["status"] == "finished", record["error"]
    assert record["user"] == CLERK and record["owner"] == CLERK
    assert record["started_at"] >= record["enqueued_at"] and record["ended_at"] >= record["started_at"]
    assert record["duration"] > 0 and record["attempts"] == 1
    note = lowcode.get_all("Test Note", filters={"title": "inline"}, fields=["owner", "content"])
    assert note == [{"owner": CLERK, "content": CLERK}]


def test_rolled_back_enqueue_leaves_nothing_and_runs_nothing(ctx):
    name = enqueue(ADD, title="never")
    lowcode.db.rollback()
    assert not lowcode.exists("Background Job", name)
    lowcode.db.commit()
    assert not lowcode.exists("Test Note", {"title": "never"})


def test_failed_job_is_rolled_back_recorded_and_retried(ctx):
    name = enqueue(FAIL, title="attempt")
    lowcode.db.commit()
    record = job(name)
    assert record["status"] == "failed"
    assert "RuntimeError: no 'go' note yet for attempt" in record["error"]
    assert not lowcode.exists("Test Note", {"title": "attempt"}), "the failed job's writes are rolled back"
    lowcode.new_doc("Test Note", title="go").insert()
    retry(name)
    lowcode.db.commit()
    record = job(name)
    assert record["status"] == "finished" and record["attempts"] == 2 and record["error"] is None
    assert lowcode.exists("Test Note", {"title": "attempt"})
    with pytest.raises(ValidationError, match="is finished; only failed jobs"):
        retry(name)


def test_bad_method_and_arguments_are_refused(ctx):
    with pytest.raises(ValidationError, match="does not import"):
        enqueue("tests.platform.testapp.jobs.nope")
    with pytest.raises(ValidationError, match="must be JSON values"):
        enqueue(ADD, title=object())
    with pytest.raises(ValidationError, match="plain word"):
        enqueue(ADD, queue="a b", title="x")
    assert lowcode.get_count("Background Job") == 0


def test_jobs_are_read_by_their_owner_and_retried_by_managers_only(ctx):
    make_world()
    with acting_as(CLERK):
        name = enqueue(FAIL, title="clerk-job")
    lowcode.db.commit()
    with acting_as(CLERK2):
        assert lowcode.get_list("Background Job") == []
    with acting_as(CLERK):
        assert [r["name"] for r in lowcode.get_list("Background Job")] == [name]
        with pytest.raises(PermissionError):
            retry_job(name)
    lowcode.db.rollback()  # SQLite: release the write lock before the HTTP requests
    clerk = Client(ctx.site.name, CLERK)
    assert clerk.post("lowcode.jobs.api.retry_job", name=name).status_code == 403
    manager = Client(ctx.site.name, APPROVER)
    form = manager.http.get(f"/app/background-job/{name}").text
    assert 'data-method="lowcode.jobs.api.retry_job"' in form, "the form of a failed job has a Retry button"
    assert 'data-method="lowcode.jobs.api.retry_job"' not in clerk.http.get(f"/app/background-job/{name}").text
    answer = manager.post("lowcode.jobs.api.retry_job", name=name)
    assert answer.status_code == 200, answer.text
    lowcode.db.rollback()
    assert job(name)["attempts"] == 2


def test_enqueue_now_records_the_job_at_once_and_runs_it_after_commit(ctx):
    from lowcode.context import site_context

    lowcode.new_doc("Test Note", title="caller").insert()
    name = enqueue(ADD, title="now", enqueue_after_commit=False)
    lowcode.db.rollback()
    with site_context(ctx.site) as other:
        if ctx.db.dialect == "sqlite":  # the caller holds the write lock: the record joined its transaction
            assert not lowcode.exists("Background Job", name) and not lowcode.exists("Test Note", {"title": "now"})
        else:
            assert lowcode.get_value("Background Job", name, "status") == "finished", "recorded on its own, run when the caller ended"
            assert lowcode.exists("Test Note", {"title": "now"}) and not lowcode.exists("Test Note", {"title": "caller"})
        other.db.rollback()
    lowcode.db.rollback()
    outside = enqueue(ADD, title="outside", enqueue_after_commit=False)
    assert job(outside)["status"] == "finished", "outside a transaction it runs at once"


def test_old_finished_jobs_are_cleared_and_failed_ones_kept(ctx):
    import datetime as dt

    from lowcode.jobs.cleanup import clear_old_jobs
    from lowcode.jobs.runner import job_table

    done, failed = enqueue(ADD, title="old"), enqueue(FAIL, title="old-fail")
    fresh = enqueue(ADD, title="fresh")
    lowcode.db.commit()
    table = job_table()
    lowcode.db.execute(table.update().where(table.c.name.in_([done, failed])).values(creation=lowcode.now() - dt.timedelta(days=30)))
    assert clear_old_jobs() == 1
    assert not lowcode.exists("Background Job", done)
    assert lowcode.exists("Background Job", failed) and lowcode.exists("Background Job", fresh)
