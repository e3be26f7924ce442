"""Notification rules end to end: events, conditions, recipients who may read, bell and email."""

from __future__ import annotations

import datetime as dt

import pytest

import lowcode
from lowcode.context import acting_as, site_context
from lowcode.exceptions import ValidationError
from lowcode.jobs.scheduler import run_tick
from lowcode.utils.dates import today
from tests.platform.engines_world import APPROVER, BOSS, CLERK, CLERK2, make_order, make_world
from tests.platform.jobs.notification_world import add_rule, logs
from tests.platform.smtp_inbox import add_email_account


def test_value_change_rule_tells_readers_in_the_bell_and_by_email(ctx, smtp_inbox):
    make_world()
    add_email_account(smtp_inbox.port)
    add_rule(
        "Order closed", event="Value Change", value_changed="status", condition="doc.status == 'Closed'", send_email=1,
        subject="{{ doc.name }} for {{ doc.customer }} is closed", message="<p>Total {{ doc.total }}</p>",
        recipients=[{"receiver_by_document_field": "owner"}, {"receiver_by_role": "Test Clerk"}, {"receiver_by_role": "System Manager"},
                    {"receiver_by_document_field": "customer_email"}, {"receiver_by_resolver": "boss"}],
    )  # fmt: skip
    order = make_order(CLERK, status="Open")
    lowcode.db.commit()
    assert logs() == [], "creating an order changes no watched value to Closed"
    with acting_as(CLERK):
        order.status = "Closed"
        order.save()
    lowcode.db.commit()
    subject = f"{order.name} for Acme is closed"
    # clerk2 has the role but may read only their own orders: not told
    told = sorted(["Administrator", APPROVER, BOSS, CLERK])
    assert [(r["for_user"], r["subject"], r["owner"]) for r in logs()] == [(u, subject, u) for u in told]
    addresses = [a for a in (lowcode.get_value("User", u, "email") for u in told) if a] + ["info@acme.example"]  # fetched from Acme
    received = smtp_inbox.wait_for(len(addresses))
    assert sorted(m["To"] for m in received) == sorted(addresses), lowcode.get_all("Email Queue", fields=["recipients", "status", "error"])
    assert {m["Subject"] for m in received} == {subject}
    with acting_as(CLERK):
        order.reload()
        order.remarks = "still closed"
        order.save()
    lowcode.db.commit()
    assert len(logs()) == len(told), "a save that leaves the status alone sends nothing"


def test_new_submit_and_cancel_rules(ctx):
    make_world()
    add_rule("New order", event="New", subject="New order {{ doc.name }}", recipients=[{"receiver_by_role": "System Manager"}])
    add_rule("Submitted", event="Submit", subject="Submitted {{ doc.name }}")
    add_rule("Cancelled", event="Cancel", subject="Cancelled {{ doc.name }}", condition="doc.total > 1000")
    order = make_order(CLERK)
    with acting_as(CLERK):
        order.submit()
    with acting_as(APPROVER):
        order.reload()
        order.cancel()
    lowcode.db.commit()
    assert {(r["for_user"], r["subject"]) for r in logs()} == {
        ("Administrator", f"New order {order.name}"), (APPROVER, f"New order {order.name}"), (BOSS, f"New order {order.name}"),
        (CLERK, f"Submitted {order.name}"),
    }  # fmt: skip


def test_days_before_rule_runs_in_the_daily_scheduler_tick(ctx):
    make_world()
    add_rule("Due soon", event="Days Before", date_changed="order_date", days_in_advance=3, subject="{{ doc.name }} is due in 3 days")
    soon = make_order(CLERK, order_date=today() + dt.timedelta(days=3))
    make_order(CLERK2, order_date=today() + dt.timedelta(days=4))
    lowcode.db.commit()
    assert logs() == []
    lowcode.db.rollback()  # SQLite: the tick's own unit of work needs the write lock
    run_tick(ctx.site, dt.datetime.combine(today(), dt.time()))  # midnight: the daily jobs run inline
    lowcode.db.rollback()
    assert [(r["for_user"], r["subject"]) for r in logs()] == [(CLERK, f"{soon.name} is due in 3 days")]


BAD_RULES = [
    ({"condition": "doc.total >"}, "condition is not a valid expression"),
    ({"condition": "__import__('os')"}, "condition is not a valid expression"),
    ({"subject": "{{ doc.name "}, "template syntax error"),
    ({"message": "{% for x in %}"}, "template syntax error"),
    ({"event": "Value Change", "value_changed": "nope"}, "no field 'nope'"),
    ({"event": "Days After", "date_changed": "customer"}, "not a Date or Datetime field"),
    ({"recipients": [{"receiver_by_document_field": "total"}]}, "not a Link to User"),
    ({"recipients": [{"receiver_by_resolver": "ghost"}]}, "no resolver 'ghost'"),
    ({"recipients": [{"receiver_by_role": "All", "receiver_by_resolver": "boss"}]}, "exactly one"),
    ({"send_system_notification": 0}, "at least one channel"),
    ({"document_type": "Test Note", "event": "Submit"}, "not submittable"),
    ({"document_type": "Notification Log"}, "cannot trigger notifications"),
]


def test_bad_rules_are_refused_with_a_clear_message(make_site):
    """Validation does not depend on the database: one SQLite site for every case."""
    with site_context(make_site("sqlite")):
        for values, message in BAD_RULES:
            with pytest.raises(ValidationError, match=message):
                add_rule("Bad", **{"event": "Save", **values})
        assert not lowcode.exists("Notification", "Bad")
