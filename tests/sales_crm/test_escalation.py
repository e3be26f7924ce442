"""Opportunity escalation: stuck past the stage's days limit, flagged once, cleared by a move."""

from __future__ import annotations

import datetime as dt

from sales_crm.escalation import flag_stuck_opportunities

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.utils.dates import now
from tests.sales_crm.world import ALL_BACKENDS, as_user


def deal(crm, key: str = "ana", **values: object) -> str:
    with as_user(key):
        return lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads[key], **values).insert().name


def entered(name: str, days_ago: int) -> None:
    table = get_table("Opportunity Stage History")
    local.db.execute(table.update().where(table.c.parent == name, table.c.left_at.is_(None))
                     .values(entered_at=now() - dt.timedelta(days=days_ago, hours=1)))  # fmt: skip


@ALL_BACKENDS
def test_stuck_opportunities_are_flagged_once(crm):
    late, fresh, other = deal(crm), deal(crm), deal(crm, "carla", sales_stage="sales-proposal")
    won = deal(crm, "bruno")
    entered(late, 15)  # New allows 14 days
    entered(fresh, 13)
    entered(other, 22)  # Proposal allows 21
    with as_user("bruno"):
        doc = lowcode.get_doc("Opportunity", won)
        doc.sales_stage = "sales-won"
        doc.save()
    entered(won, 400)
    assert flag_stuck_opportunities() == sorted([late, other])
    assert lowcode.get_all("Opportunity", filters={"stuck": 1}, pluck="name", order_by="name asc") == sorted([late, other])
    notes = lowcode.get_all("Comment", filters={"reference_name": late, "comment_type": "Info"}, pluck="content")
    assert notes == ["Stuck in stage 'New' for 15 days (limit 14)."]
    bell = lowcode.get_all("Notification Log", filters={"document_name": late}, fields=["for_user", "subject"], order_by="for_user asc")
    title = lowcode.get_value("Opportunity", late, "title")
    assert bell == [{"for_user": u, "subject": f"Opportunity {title} is stuck"} for u in ("ana@crm.test", "lucia@crm.test")]
    assert lowcode.get_count("Email Queue", {"reference_name": late}, ignore_permissions=True) == 2
    assert flag_stuck_opportunities() == []


def test_moving_on_clears_the_flag_and_restarts_the_clock(crm):
    name = deal(crm)
    entered(name, 30)
    assert flag_stuck_opportunities() == [name]
    with as_user("ana"):
        doc = lowcode.get_doc("Opportunity", name)
        doc.sales_stage = "sales-qualification"
        doc.save()
    assert lowcode.get_value("Opportunity", name, "stuck") == 0
    assert flag_stuck_opportunities() == []
    lowcode.set_value("Sales Stage", "sales-qualification", "days_limit", 0)
    entered(name, 300)
    assert flag_stuck_opportunities() == []
