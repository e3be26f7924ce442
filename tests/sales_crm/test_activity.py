"""Activities: due dates, urgency, next activity, timeline logging, recurrence, references."""

from __future__ import annotations

import datetime as dt

import pytest
from sales_crm.api.activity import urgency
from sales_crm.doctype.activity.recurrence import add_months

import lowcode
from lowcode.exceptions import LinkValidationError, ValidationError
from lowcode.utils.dates import today
from tests.sales_crm.world import ALL_BACKENDS, as_user

DAY = dt.timedelta(days=1)


def activity(subject: str, kind: str = "Call", **values: object) -> lowcode.Document:
    return lowcode.new_doc("Activity", activity_type=kind, subject=subject, **values).insert()


def close(name: str, status: str = "Done", outcome: str | None = None) -> lowcode.Document:
    doc = lowcode.get_doc("Activity", name)
    doc.update({"status": status, "outcome": outcome})
    return doc.save()


@pytest.fixture
def deal(crm):
    with as_user("ana"):
        return lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["ana"]).insert().name


def test_due_date_defaults_from_the_activity_type(crm):
    with as_user("ana"):
        meeting = activity("Visit", "Meeting")
        task = activity("Send prices", "Task", due_date=today() + 10 * DAY)
    assert meeting.due_date == today() + 2 * DAY
    assert task.due_date == today() + 10 * DAY
    assert meeting.assigned_to == "ana@crm.test"


def test_urgency_in_answers_and_through_the_api(crm):
    with as_user("ana"):
        late = activity("Late", due_date=today() - DAY)
        now = activity("Now", due_date=today())
        later = activity("Later", due_date=today() + DAY)
        done = activity("Done", due_date=today() - DAY, status="Done")
        assert [a.as_dict()["urgency"] for a in (late, now, later, done)] == ["overdue", "today", "future", None]
        assert "urgency" not in done.as_dict(no_nulls=True)
        answer = urgency([late.name, now.name, later.name, done.name])
    assert answer == {late.name: "overdue", now.name: "today", later.name: "future", done.name: None}
    with as_user("carla"):
        assert urgency(f'["{late.name}"]') == {}
        assert urgency(f"{now.name},{later.name}") == {}
        with pytest.raises(ValidationError, match="names must be a list"):
            urgency("[oops")


@ALL_BACKENDS
def test_next_activity_is_the_earliest_open_one(deal):
    with as_user("ana"):
        later = activity("Demo", "Meeting", reference_doctype="Opportunity", reference_name=deal, due_date=today() + 5 * DAY)
        assert lowcode.get_value("Opportunity", deal, "next_activity") == later.name
        sooner = activity("Call back", reference_doctype="Opportunity", reference_name=deal, due_date=today() + DAY)
        assert lowcode.get_value("Opportunity", deal, "next_activity") == sooner.name
        close(sooner.name)
        assert lowcode.get_value("Opportunity", deal, "next_activity") == later.name
        lowcode.delete_doc("Activity", later.name)
    assert lowcode.get_value("Opportunity", deal, "next_activity") is None


def test_moving_an_activity_to_another_document_updates_both(crm, deal):
    with as_user("ana"):
        other = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["ana"]).insert().name
        call = activity("Call", reference_doctype="Opportunity", reference_name=deal)
        doc = lowcode.get_doc("Activity", call.name)
        doc.reference_name = other
        doc.save()
    assert lowcode.get_value("Opportunity", deal, "next_activity") is None
    assert lowcode.get_value("Opportunity", other, "next_activity") == call.name


def test_done_calls_and_emails_are_logged_on_the_timeline(crm, deal):
    with as_user("ana"):
        call = activity("Price call", reference_doctype="Opportunity", reference_name=deal)
        mail = activity("Sent brochure", "Email", reference_doctype="Lead", reference_name=crm.leads["ana"])
        meeting = activity("Visit", "Meeting", reference_doctype="Opportunity", reference_name=deal)
        close(call.name, outcome="Wants 10% off")
        close(mail.name)
        close(meeting.name, outcome="Met the owner")
        close(activity("Skipped call", reference_doctype="Opportunity", reference_name=deal).name, "Cancelled")
    comments = lowcode.get_all(
        "Comment", fields=["comment_type", "reference_name", "content", "comment_email"], filters={"comment_type": ["!=", "Info"]},
        order_by="creation asc",
    )  # fmt: skip
    assert comments == [
        {"comment_type": "Call", "reference_name": deal, "content": "Price call: Wants 10% off", "comment_email": "ana@crm.test"},
        {"comment_type": "Email", "reference_name": crm.leads["ana"], "content": "Sent brochure", "comment_email": "ana@crm.test"},
    ]
    assert lowcode.get_value("Activity", call.name, "completed_on") is not None


def test_weekly_recurrence_ends_after_its_count(crm):
    start = today()
    with as_user("ana"):
        first = activity("Weekly check-in", "Meeting", due_date=start, recurrence="Weekly", repeat_count=3,
                         participants=[{"participant_type": "Lead", "participant": crm.leads["ana"]}])  # fmt: skip
        close(first.name)
        second = lowcode.get_all("Activity", filters={"status": "Open"}, fields=["name", "due_date", "occurrence"])
        assert [(r["due_date"], r["occurrence"]) for r in second] == [(start + 7 * DAY, 2)]
        assert lowcode.get_doc("Activity", second[0]["name"]).participants[0].participant == crm.leads["ana"]
        close(second[0]["name"], "Cancelled")
        third = lowcode.get_all("Activity", filters={"status": "Open"}, pluck="name")
        close(third[0])
    assert lowcode.get_count("Activity", ignore_permissions=True) == 3
    assert lowcode.get_count("Activity", {"status": "Open"}, ignore_permissions=True) == 0


def test_monthly_recurrence_ends_by_date_and_keeps_within_the_month(crm):
    with as_user("ana"):
        first = activity("Invoice review", "Task", due_date="2027-01-31", recurrence="Monthly", repeat_until="2027-03-15")
        close(first.name)
        second = lowcode.get_all("Activity", filters={"status": "Open"}, fields=["name", "due_date"])
        assert second[0]["due_date"] == dt.date(2027, 2, 28)
        close(second[0]["name"])
    assert lowcode.get_count("Activity", {"status": "Open"}, ignore_permissions=True) == 0
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2027, 11, 30), 14) == dt.date(2029, 1, 30)


def test_recurrence_needs_sense(crm):
    with as_user("ana"):
        with pytest.raises(ValidationError, match="Every must be at least 1"):
            activity("X", due_date=today(), recurrence="Daily", repeat_interval=0)
        with pytest.raises(ValidationError, match=r"Until \(.*\) is before the due date"):
            activity("X", due_date=today(), recurrence="Daily", repeat_until=today() - DAY)


def test_references_are_crm_documents_the_user_may_read(crm):
    with as_user("ana"):
        with pytest.raises(ValidationError, match="not a User"):
            activity("X", reference_doctype="User", reference_name="ana@crm.test")
        with pytest.raises(ValidationError, match="'Nope' is not a document type"):
            activity("X", reference_doctype="Nope", reference_name="x")
        with pytest.raises(ValidationError, match="give both the reference type and the reference document"):
            activity("X", reference_doctype="Lead")
        with pytest.raises(LinkValidationError, match="'Nobody' does not exist in Contact"):
            activity("X", participants=[{"participant_type": "Contact", "participant": "Nobody"}])
    with as_user("carla"), pytest.raises(lowcode.exceptions.PermissionError):
        activity("Snoop", reference_doctype="Lead", reference_name=crm.leads["ana"])
    assert lowcode.get_count("Activity", ignore_permissions=True) == 0
