"""Opportunity escalation: stuck past the stage's days limit, flagged once, cleared by a move."""

from __future__ import annotations

import datetime as dt
import logging

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
def test_stuck_opportunities_are_flagged_once(crm, caplog):
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
    with caplog.at_level(logging.INFO, logger="lowcode.utils.alerts"):
        assert flag_stuck_opportunities() == sorted([late, other])
    assert lowcode.get_all("Opportunity", filters={"stuck": 1}, pluck="name", order_by="name asc") == sorted([late, other])
    notes = lowcode.get_all("Comment", filters={"reference_name": late, "comment_type": "Info"}, pluck="content")
    assert notes == ["Stuck in stage 'New' for 15 days (limit 14)."]
    notices = [r.getMessage() for r in caplog.records if late in r.getMessage()]
    assert len(notices) == 1 and notices[0].startswith("notice for ana@crm.test, lucia@crm.test: ")
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
