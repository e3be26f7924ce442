"""Follow-ups for quiet customers, and recurring activities that fall due."""

from __future__ import annotations

import datetime as dt

from sales_crm.doctype.activity.recurrence import schedule_due_occurrences
from sales_crm.follow_ups import create_follow_ups

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.utils.dates import now, today
from tests.sales_crm.world import ALL_BACKENDS, as_user

DAY = dt.timedelta(days=1)


def customer(name: str, manager: str | None, months_old: int = 12, **values: object) -> str:
    doc = lowcode.new_doc("Customer", customer_name=name, account_manager=manager, **values).insert()
    table = get_table("Customer")
    local.db.execute(table.update().where(table.c.name == doc.name).values(creation=now() - dt.timedelta(days=31 * months_old)))
    return doc.name


def backdate(doctype: str, name: str, days: int, *fields: str) -> None:
    table = get_table(doctype)
    local.db.execute(table.update().where(table.c.name == name).values(**{f: now() - dt.timedelta(days=days) for f in fields}))


def follow_ups() -> dict[str, str]:
    rows = lowcode.get_all("Activity", filters={"activity_type": "Follow-up"}, fields=["reference_name", "assigned_to"])
    return {r["reference_name"]: r["assigned_to"] for r in rows}


@ALL_BACKENDS
def test_quiet_customers_get_one_follow_up(crm):
    quiet = customer("Quiet SA", crm.users["ana"])
    customer("No Manager SA", None)
    customer("New SA", crm.users["ana"], months_old=2)
    customer("Disabled SA", crm.users["ana"], disabled=1)
    talked = customer("Talked SA", crm.users["bruno"])
    call = lowcode.new_doc("Activity", activity_type="Call", subject="Hello", reference_doctype="Customer", reference_name=talked).insert()
    old_talk = customer("Old Talk SA", crm.users["carla"])
    old_call = lowcode.new_doc(
        "Activity", activity_type="Call", subject="Hi", reference_doctype="Customer", reference_name=old_talk
    ).insert()
    backdate("Activity", old_call.name, 200, "creation")
    assert call.name
    created = create_follow_ups()
    assert follow_ups() == {quiet: crm.users["ana"], old_talk: crm.users["carla"]}
    assert len(created) == 2
    assert create_follow_ups() == []
    with as_user("ana"):
        mine = lowcode.get_list("Activity", filters={"activity_type": "Follow-up"}, fields=["reference_name", "due_date", "subject"])
    assert mine == [{"reference_name": quiet, "due_date": today(), "subject": "Follow up with Quiet SA: no orders or activity lately"}]


def test_follow_up_period_comes_from_selling_settings(crm):
    name = customer("Seven Months SA", crm.users["ana"], months_old=12)
    activity = lowcode.new_doc("Activity", activity_type="Call", subject="Hi", reference_doctype="Customer", reference_name=name).insert()
    backdate("Activity", activity.name, 7 * 31, "creation")
    settings = lowcode.get_doc("Selling Settings")
    settings.follow_up_months = 8
    settings.save()
    assert create_follow_ups() == []
    settings.follow_up_months = 6
    settings.save()
    assert follow_ups() == {} and len(create_follow_ups()) == 1


def test_recurring_activity_due_gets_its_next_occurrence_once(crm):
    with as_user("ana"):
        weekly = lowcode.new_doc("Activity", activity_type="Meeting", subject="Weekly review", due_date=today() - DAY,
                                 recurrence="Weekly").insert()  # fmt: skip
        later = lowcode.new_doc(
            "Activity", activity_type="Call", subject="Monthly call", due_date=today() + DAY, recurrence="Monthly"
        ).insert()
    created = schedule_due_occurrences()
    assert len(created) == 1
    nxt = lowcode.get_doc("Activity", created[0])
    assert (nxt.subject, nxt.due_date, nxt.occurrence, nxt.assigned_to) == ("Weekly review", today() + 6 * DAY, 2, "ana@crm.test")
    assert schedule_due_occurrences() == []
    with as_user("ana"):
        doc = lowcode.get_doc("Activity", weekly.name)
        doc.status = "Done"
        doc.save()
    assert lowcode.get_count("Activity", {"subject": "Weekly review"}, ignore_permissions=True) == 2
    assert lowcode.get_value("Activity", later.name, "next_occurrence") is None


@ALL_BACKENDS
def test_activity_reminders_are_sent_once_before_the_due_time(crm):
    from sales_crm.reminders import remind_due_activities

    at = dt.datetime.combine(today(), dt.time(10, 0))
    with as_user("ana"):
        soon = lowcode.new_doc("Activity", activity_type="Call", subject="Call Jorge", due_date=today(), due_time="10:10:00").insert()
        lowcode.new_doc("Activity", activity_type="Call", subject="Later", due_date=today(), due_time="11:00:00").insert()
        lowcode.new_doc("Activity", activity_type="Call", subject="No time", due_date=today()).insert()
    assert remind_due_activities(at) == [soon.name]
    assert remind_due_activities(at) == []
    bell = lowcode.get_all("Notification Log", filters={"document_name": soon.name}, fields=["for_user", "subject"])
    assert bell == [{"for_user": "ana@crm.test", "subject": "Reminder: Call Jorge at 10:10"}]
    assert lowcode.get_count("Email Queue", {"reference_name": soon.name}, ignore_permissions=True) == 1
    with as_user("ana"):
        lowcode.set_value("Activity", soon.name, "due_time", "12:00:00")
    assert remind_due_activities(at.replace(hour=11, minute=50)) == [soon.name]
    lowcode.set_value("CRM Settings", None, "activity_reminder_minutes", 0)
    assert remind_due_activities(at.replace(hour=10, minute=55)) == []
