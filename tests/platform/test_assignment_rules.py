"""Assignment Rules and ToDos: round robin, load balancing, by field, conditions, schedule, on demand."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator

import pytest

import lowcode
from lowcode.assignment import apply_on_demand
from lowcode.assignment.rules import DAYS, is_active
from lowcode.context import local, site_context
from lowcode.exceptions import LinkExistsError, ValidationError
from lowcode.sites import Site
from lowcode.utils.dates import now
from tests.conftest import BACKENDS
from tests.platform.engines_world import make_user

USERS = ["ana@example.com", "ben@example.com", "cris@example.com"]


@pytest.fixture
def world(site: Site) -> Iterator[Site]:
    """Three clerks and two customers, committed; the test runs in a unit of work."""
    with site_context(site):
        for user in USERS:
            make_user(user, ("Test Clerk",))
        lowcode.new_doc("Test Territory", territory_name="North").insert()
        lowcode.new_doc("Test Territory", territory_name="South").insert()
        lowcode.new_doc("Test Customer", customer_name="Acme", territory="North").insert()
        lowcode.db.commit()
    with site_context(site):
        yield site


def rule(name: str, kind: str = "Round Robin", users: list[str] = USERS, doctype: str = "Test Order", **values: object) -> lowcode.Document:
    doc = lowcode.new_doc("Assignment Rule", rule_name=name, document_type=doctype, rule=kind, users=[{"user": u} for u in users], **values)
    return doc.insert()


def order(**values: object) -> lowcode.Document:
    return lowcode.new_doc("Test Order", customer="Acme", **values).insert()


def open_todos(doctype: str = "Test Order") -> Counter[str]:
    rows = lowcode.get_all("ToDo", filters={"reference_type": doctype, "status": "Open"}, pluck="allocated_to")
    return Counter(rows)


def test_round_robin_spreads_100_documents_evenly(world):
    rule("Orders", set_field="assigned_to")
    orders = [order() for _ in range(100)]
    assert open_todos() == {USERS[0]: 34, USERS[1]: 33, USERS[2]: 33}
    assert [o.assigned_to for o in orders[:4]] == [USERS[0], USERS[1], USERS[2], USERS[0]]
    todo = lowcode.get_all("ToDo", filters={"reference_name": orders[1].name}, fields=["allocated_to", "owner", "assignment_rule"])
    assert todo == [{"allocated_to": USERS[1], "owner": USERS[1], "assignment_rule": "Orders"}]
    assert lowcode.get_value("Assignment Rule", "Orders", "last_user") == USERS[0]
    comments = lowcode.get_all("Comment", filters={"reference_name": orders[2].name, "comment_type": "Assigned"}, pluck="content")
    assert comments == [f"Assigned to {USERS[2]} by rule Orders"]
    bell = lowcode.get_all("Notification Log", filters={"document_name": orders[2].name}, fields=["for_user", "type", "subject"])
    assert bell == [{"for_user": USERS[2], "type": "Assignment", "subject": f"Test Order {orders[2].name} (Acme) has been assigned to you"}]


def test_load_balancing_fills_the_least_loaded_first(world):
    for _ in range(5):
        lowcode.assignment.assign(order(), USERS[0])
    rule("Orders", "Load Balancing")
    for _ in range(100):
        order()
    assert open_todos() == {USERS[0]: 35, USERS[1]: 35, USERS[2]: 35}
    first = lowcode.get_all("ToDo", filters={"assignment_rule": "Orders"}, pluck="allocated_to", order_by="creation asc", limit=10)
    assert USERS[0] not in first


def test_closed_todos_do_not_count_as_load(world):
    busy = [order() for _ in range(3)]
    for doc in busy:
        lowcode.assignment.assign(doc, USERS[1])
    assert lowcode.assignment.close_assignments("Test Order", busy[0].name) == 1
    lowcode.assignment.close_assignments("Test Order", busy[1].name, "Cancelled")
    rule("Orders", "Load Balancing", users=[USERS[1], USERS[2]])
    picked = [lowcode.get_all("ToDo", filters={"reference_name": order().name}, pluck="allocated_to")[0] for _ in range(3)]
    assert picked == [USERS[2], USERS[1], USERS[2]]


def test_done_cancelled_and_deleted_documents_close_their_todos_so_load_balancing_counts_live_work(world):
    rule("Orders", "Load Balancing", users=[USERS[0], USERS[1]], close_condition='status == "Closed"')
    first, second, third = order(), order(), order()
    assert open_todos() == {USERS[0]: 2, USERS[1]: 1}
    first.status = "Closed"
    first.save()  # meets the close condition
    statuses = dict(lowcode.get_all("ToDo", fields=["reference_name", "status"], as_list=True))
    assert statuses[first.name] == "Closed" and open_todos() == {USERS[0]: 1, USERS[1]: 1}
    second.submit()
    second.cancel()
    assert lowcode.get_all("ToDo", filters={"reference_name": second.name}, pluck="status") == ["Cancelled"]
    lowcode.delete_doc("Test Order", third.name)  # its ToDo and notification do not stop it, and go with it
    assert lowcode.get_all("ToDo", filters={"reference_name": third.name}) == []
    assert lowcode.get_all("Notification Log", filters={"document_name": third.name}) == []
    assert open_todos() == {}
    assert lowcode.get_all("ToDo", filters={"reference_name": order().name}, pluck="allocated_to") == [USERS[0]]


def test_a_done_document_is_not_assigned_and_a_todo_still_holds_its_user(world):
    rule("Orders", users=[USERS[0]], close_condition='status == "Closed"')
    done = order(status="Closed")
    assert open_todos() == {} and apply_on_demand("Test Order", done.name) is None
    live = order()
    assert open_todos() == {USERS[0]: 1}
    with pytest.raises(LinkExistsError, match="ToDo"):  # the ToDo's user link still counts; only its reference does not
        lowcode.delete_doc("User", USERS[0])
    with pytest.raises(LinkExistsError, match="ToDo"):
        lowcode.delete_doc("Assignment Rule", "Orders")
    assert lowcode.exists("Test Order", live.name)


def test_a_close_condition_that_does_not_parse_is_refused(world):
    with pytest.raises(ValidationError, match="the close condition is not valid"):
        rule("Broken", close_condition="status ==")


def test_by_field_with_priority_and_fallback(world):
    rule("By territory", "Based on Field", users=[], doctype="Test Customer", based_on_field="territory", priority=10,
         field_users=[{"value": "North", "user": USERS[2]}])  # fmt: skip
    rule("Everyone else", users=[USERS[0]], doctype="Test Customer")
    north = lowcode.new_doc("Test Customer", customer_name="Norte SA", territory="North").insert()
    south = lowcode.new_doc("Test Customer", customer_name="Sur SA", territory="South").insert()
    owners = {r["reference_name"]: r["allocated_to"] for r in lowcode.get_all("ToDo", fields=["reference_name", "allocated_to"])}
    assert owners == {north.name: USERS[2], south.name: USERS[0]}


def test_condition_and_explicit_value(world):
    rule("Urgent", users=[USERS[1]], condition="priority >= 2", set_field="assigned_to")
    small, big = order(priority=1), order(priority=3)
    chosen = order(priority=2, assigned_to=USERS[2])
    assert (small.assigned_to, big.assigned_to, chosen.assigned_to) == (None, USERS[1], USERS[2])
    assert open_todos() == {USERS[1]: 2}


def test_active_days_and_hours(world):
    monday_9 = dt.datetime(2026, 11, 23, 9, 0)
    doc = rule("Office hours", assignment_days=[{"day": "Monday"}, {"day": "Tuesday"}], from_time="08:00:00", to_time="18:00:00")
    assert is_active(doc, monday_9)
    assert not is_active(doc, monday_9.replace(hour=19))
    assert not is_active(doc, monday_9 + dt.timedelta(days=2))
    night = rule("Night", from_time="22:00:00", to_time="06:00:00")
    assert is_active(night, monday_9.replace(hour=23)) and is_active(night, monday_9.replace(hour=5))
    assert not is_active(night, monday_9)
    today = DAYS[now().weekday()]
    doc.set("assignment_days", [{"day": d} for d in DAYS if d != today])
    doc.from_time = doc.to_time = None
    doc.save()
    night.disabled = 1
    night.save()
    order()
    assert open_todos() == {}


BAD_RULES = [
    ({"condition": "__import__('os')"}, "condition is not valid"),
    ({"set_field": "remarks"}, "Field to Set must be a Link field of Test Order; 'remarks'"),
    ({"users": []}, "add at least one user"),
    ({"rule": "Based on Field", "based_on_field": "nope"}, "Test Order has no field 'nope'"),
    ({"from_time": "09:00:00"}, "give both From and To"),
    ({"document_type": "Test Order Item"}, "child table or a single"),
]


def test_a_bad_rule_is_refused_with_its_reason(world):
    for values, message in BAD_RULES:
        with pytest.raises(ValidationError, match=message):
            lowcode.new_doc(
                "Assignment Rule", **{"rule_name": "Bad", "document_type": "Test Order", "users": [{"user": USERS[0]}], **values}
            ).insert()
        assert not lowcode.exists("Assignment Rule", "Bad")


def test_todos_are_read_by_their_assignee_only(world):
    rule("Orders")
    orders = [order() for _ in range(3)]
    for user in USERS:
        local.user, local.cache = user, {}
        mine = lowcode.get_list("ToDo", fields=["reference_name", "allocated_to"])
        assert [r["allocated_to"] for r in mine] == [user]
    assert {r["reference_name"] for r in lowcode.get_all("ToDo", fields=["reference_name"])} == {o.name for o in orders}


def test_apply_on_demand_assigns_once(world):
    existing = order()
    rule("Orders", users=[USERS[1]], set_field="assigned_to")
    first = apply_on_demand("Test Order", existing.name)
    again = apply_on_demand("Test Order", existing.name)
    assert first["allocated_to"] == again["allocated_to"] == USERS[1] and first["name"] == again["name"]
    assert lowcode.get_value("Test Order", existing.name, "assigned_to") == USERS[1]
    local.user, local.cache = USERS[0], {}
    with pytest.raises(lowcode.exceptions.PermissionError):
        apply_on_demand("Test Order", existing.name)


SERVERS = [b for b in BACKENDS if b != "sqlite"]


@pytest.mark.parametrize("backend", SERVERS or [pytest.param("mariadb", marks=pytest.mark.skip("no server backend"))], indirect=True)
def test_round_robin_turns_are_not_shared_between_concurrent_writers(world):
    rule("Orders")
    lowcode.db.commit()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with site_context(world):
                for _ in range(15):
                    order()
                    lowcode.db.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    local.db.rollback()
    assert open_todos() == {USERS[0]: 10, USERS[1]: 10, USERS[2]: 10}
