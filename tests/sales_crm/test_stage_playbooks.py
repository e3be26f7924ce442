"""Stage playbooks: activities created on entering a stage, required steps before leaving it."""

from __future__ import annotations

import datetime as dt

import pytest

import lowcode
from lowcode.exceptions import ValidationError
from lowcode.utils.dates import today
from tests.sales_crm.world import as_user


@pytest.fixture
def playbooks(crm):
    settings = lowcode.get_doc("CRM Settings")
    settings.stage_playbooks = 1
    settings.save()
    return crm


def deal(**values: object) -> lowcode.Document:
    with as_user("ana"):
        return lowcode.new_doc(
            "Opportunity", opportunity_from="Lead", party_name=lowcode.get_all("Lead", pluck="name")[0], **values
        ).insert()


def move(name: str, stage: str, user: str = "ana") -> lowcode.Document:
    with as_user(user):
        doc = lowcode.get_doc("Opportunity", name)
        doc.sales_stage = stage
        return doc.save()


def activities(name: str) -> list[tuple[str, str, str, dt.date, str]]:
    rows = lowcode.get_all("Activity", filters={"reference_name": name}, order_by="subject asc",
                           fields=["activity_type", "subject", "assigned_to", "due_date", "status"])  # fmt: skip
    return [(r["activity_type"], r["subject"], r["assigned_to"], r["due_date"], r["status"]) for r in rows]


def finish(name: str, subject: str) -> None:
    activity = lowcode.get_value("Activity", {"reference_name": name, "subject": subject, "status": "Open"}, "name")
    with as_user("ana"):
        lowcode.set_value("Activity", activity, "status", "Done")


def test_entering_a_stage_creates_its_playbook(playbooks):
    day = dt.timedelta(days=1)
    opportunity = deal()
    assert activities(opportunity.name) == [("Call", "Discovery call", "ana@crm.test", today(), "Open")]
    finish(opportunity.name, "Discovery call")
    move(opportunity.name, "sales-qualification")
    subjects = {a[1]: a for a in activities(opportunity.name)}
    assert subjects["Needs analysis meeting"] == ("Meeting", "Needs analysis meeting", "ana@crm.test", today() + 3 * day, "Open")
    assert subjects["Send company presentation"][3] == today() + day


def test_a_required_step_blocks_moving_on_but_not_back_or_to_lost(playbooks):
    opportunity = deal()
    with pytest.raises(ValidationError, match=r"cannot leave stage 'New' until these activities are done: Call: Discovery call\."):
        move(opportunity.name, "sales-proposal")
    assert lowcode.get_value("Opportunity", opportunity.name, "sales_stage") == "sales-new"
    finish(opportunity.name, "Discovery call")
    move(opportunity.name, "sales-qualification")
    move(opportunity.name, "sales-new")  # back: allowed, and the discovery call is planned again
    assert [a[1] for a in activities(opportunity.name)].count("Discovery call") == 2
    with as_user("ana"):
        doc = lowcode.get_doc("Opportunity", opportunity.name)
        doc.update({"sales_stage": "sales-lost", "lost_reasons": [{"lost_reason": "No budget"}]})
        assert doc.save().status == "Lost"


def test_missing_fields_and_steps_are_named_together(playbooks):
    stage = lowcode.get_doc("Sales Stage", "sales-new")
    stage.append("required_fields", {"fieldname": "expected_revenue"})
    stage.save()
    opportunity = deal()
    with pytest.raises(ValidationError) as info:
        move(opportunity.name, "sales-qualification")
    assert "until these are filled: Expected Revenue and these activities are done: Call: Discovery call." in str(info.value)
    assert info.value.data["missing_steps"] == ["Call: Discovery call"]


def test_assignees_team_leader_and_role(playbooks):
    opportunity = deal(sales_stage="sales-commit")
    assert {a[1]: a[2] for a in activities(opportunity.name)} == {
        "Confirm the order and start date": "ana@crm.test", "Check credit and billing details": "diego@crm.test",
    }  # fmt: skip
    finish(opportunity.name, "Confirm the order and start date")
    move(opportunity.name, "sales-negotiation")
    assigned = {a[1]: a[2] for a in activities(opportunity.name)}
    assert assigned["Review terms with the team leader"] == "lucia@crm.test"
    with as_user("lucia"):
        assert lowcode.get_list("Activity", filters={"subject": "Review terms with the team leader"}, pluck="name")


def test_playbooks_are_off_until_switched_on(crm):
    opportunity = deal()
    assert activities(opportunity.name) == []
    assert move(opportunity.name, "sales-proposal").sales_stage == "sales-proposal"


def test_a_repeated_playbook_row_is_refused(crm):
    stage = lowcode.get_doc("Sales Stage", "sales-new")
    stage.append("playbook", {"activity_type": "Call", "subject": "Discovery call", "assignee": "Opportunity Owner"})
    with pytest.raises(ValidationError, match="row 2 of Playbook Activities repeats Call 'Discovery call'"):
        stage.save()
