"""The bell's API and page, the /api/realtime stream (Redis pub/sub and the in-process fallback), mentions."""

from __future__ import annotations

import threading
import time

import pytest

import lowcode
from lowcode.context import acting_as, site_context
from lowcode.notifications import notify
from lowcode.notifications.mentions import mentioned
from tests.platform.engines_world import APPROVER, CLERK, CLERK2, make_order, make_world
from tests.platform.http_client import Client
from tests.platform.jobs.notification_world import logs


def test_the_bell_shows_and_marks_only_the_users_own_notifications(ctx):
    make_world()
    order = make_order(CLERK)
    [mine, _other] = notify([CLERK], "For clerk", document_type="Test Order", document_name=order.name) + notify([CLERK2], "For clerk2")
    notify([CLERK], "Second for clerk")
    lowcode.db.commit()
    clerk = Client(ctx.site.name, CLERK)
    answer = clerk.get("lowcode.notifications.api.get_notifications").json()["message"]
    assert answer["unread"] == 2 and [n["subject"] for n in answer["notifications"]] == ["Second for clerk", "For clerk"]
    listed = clerk.http.get("/api/resource/Notification Log", params={"fields": '["subject"]'}).json()["data"]
    assert sorted(r["subject"] for r in listed) == ["For clerk", "Second for clerk"]
    assert clerk.http.get(f"/api/resource/Notification Log/{_other}").status_code in (403, 404)
    assert clerk.post("lowcode.notifications.api.mark_as_read", name=_other).status_code in (403, 404)
    assert clerk.post("lowcode.notifications.api.mark_as_read", name=mine).json()["message"] == 1
    page = clerk.http.get("/app").text
    assert "data-unread-count >1</span>" in page and "Second for clerk" in page and "For clerk2" not in page
    assert f'href="/app/test-order/{order.name}"' in page
    manager = Client(ctx.site.name, APPROVER)
    assert manager.http.get("/api/resource/Notification Log").json()["data"] == [], "not even a System Manager reads others' bells"
    assert clerk.post("lowcode.notifications.api.mark_all_as_read").json()["message"] == 1
    assert clerk.get("lowcode.notifications.api.get_notifications").json()["message"]["unread"] == 0
    clerk2 = Client(ctx.site.name, CLERK2)
    assert clerk2.get("lowcode.notifications.api.get_notifications").json()["message"]["unread"] == 1


def test_mentions_notify_only_mentioned_users_who_may_read(ctx):
    make_world()
    order = make_order(CLERK)
    lowcode.db.commit()
    text = "<p>@clerk@example.com please call, and @[Clerk2] too; @nobody@example.com and a@b mail</p>"
    assert mentioned(text) == [CLERK, "nobody@example.com", CLERK2]
    with acting_as(APPROVER):
        order.add_comment("Comment", text + " @approver@example.com")
    lowcode.db.commit()
    assert [(r["for_user"], r["type"], r["document_name"]) for r in logs()] == [(CLERK, "Mention", order.name)]
    assert logs()[0]["subject"] == f"Approver mentioned you in Test Order {order.name}"


def read_stream(client: Client, params: dict, actions, delay: float = 0.8) -> str:
    """GET /api/realtime for `params` while `actions` run in another thread after `delay`."""

    def later() -> None:
        time.sleep(delay)
        actions()

    worker = threading.Thread(target=later)
    worker.start()
    answer = client.http.get("/api/realtime", params=params)
    worker.join()
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/event-stream")
    return answer.text


@pytest.mark.parametrize("redis", [False, True], ids=["in-process", "redis"])
def test_stream_delivers_own_notifications_and_comments_on_the_open_document(make_site, redis):
    site = make_site("sqlite", redis=redis)
    with site_context(site):
        make_world()
        watched, other = make_order(CLERK), make_order(CLERK)
        lowcode.db.commit()
        names = (watched.name, other.name)

    def actions() -> None:
        with site_context(site) as unit:
            notify([CLERK], "Ping for clerk")
            notify([CLERK2], "Ping for clerk2")
            with acting_as(APPROVER):
                lowcode.get_doc("Test Order", names[0]).add_comment("Comment", "on the watched order")
                lowcode.get_doc("Test Order", names[1]).add_comment("Comment", "on another order")
            unit.db.commit()

    text = read_stream(Client(site.name, CLERK), {"doctype": "Test Order", "docname": watched.name, "lifetime": 2.5}, actions)
    assert text.count("event: ready") == 1 and '"unread": 0' in text
    assert text.count("event: notification") == 1 and "Ping for clerk" in text and "clerk2" not in text
    assert text.count("event: comment") == 1 and "on the watched order" in text and "another order" not in text


def test_stream_needs_a_login_and_read_permission_on_the_document(make_site):
    site = make_site("sqlite")
    with site_context(site):
        make_world()
        order = make_order(CLERK)
        lowcode.db.commit()
    assert Client(site.name).http.get("/api/realtime").status_code == 401
    answer = Client(site.name, CLERK2).http.get("/api/realtime", params={"doctype": "Test Order", "docname": order.name})
    assert answer.status_code == 403
