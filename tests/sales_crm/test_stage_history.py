"""Stage history: when an opportunity entered and left each stage, for cycle-time reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from tests.sales_crm.world import ALL_BACKENDS, as_user


def history(name: str) -> list[tuple[str, bool, bool]]:
    """(stage, entered, left) per row, oldest first."""
    rows = lowcode.get_doc("Opportunity", name).stage_history
    return [(r.stage_name, r.entered_at is not None, r.left_at is not None) for r in rows]


def move(name: str, stage: str) -> lowcode.Document:
    doc = lowcode.get_doc("Opportunity", name)
    doc.sales_stage = stage
    return doc.save()


@ALL_BACKENDS
def test_each_stage_change_closes_one_row_and_opens_the_next(crm):
    with as_user("ana"):
        deal = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["ana"]).insert()
        assert history(deal.name) == [("New", True, False)]
        assert deal.stage_history[0].entered_at == deal.creation
        move(deal.name, "sales-qualification")
        moved = move(deal.name, "sales-proposal")
    assert history(deal.name) == [("New", True, True), ("Qualification", True, True), ("Proposal", True, False)]
    rows = moved.stage_history
    assert rows[0].left_at == rows[1].entered_at
    assert rows[1].left_at == rows[2].entered_at == moved.modified
    assert all(r.changed_by == "ana@crm.test" for r in rows)


def test_days_in_a_stage(crm):
    with as_user("ana"):
        deal = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["ana"]).insert()
    table = get_table("Opportunity Stage History")
    three_days_ago = deal.creation - dt.timedelta(days=3, hours=6)
    local.db.execute(table.update().where(table.c.parent == deal.name).values(entered_at=three_days_ago))
    with as_user("ana"):
        moved = move(deal.name, "sales-qualification")
    assert moved.stage_history[0].days == Decimal("3.25")
    assert Decimal(lowcode.get_doc("Opportunity", deal.name).stage_history[0].days) == Decimal("3.25")


def test_saving_without_a_stage_change_adds_nothing(crm):
    with as_user("ana"):
        deal = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["ana"]).insert()
        deal.notes = "Called back"
        deal.save()
    assert history(deal.name) == [("New", True, False)]


def test_the_history_is_kept_by_the_server_not_the_client(crm):
    with as_user("ana"):
        deal = lowcode.new_doc(
            "Opportunity", opportunity_from="Lead", party_name=crm.leads["ana"],
            stage_history=[{"stage": "sales-won", "stage_name": "Won", "entered_at": "2020-01-01 00:00:00"}],
        ).insert()  # fmt: skip
        assert history(deal.name) == [("New", True, False)]
        deal.stage_history[0].left_at = "2020-01-02 00:00:00"
        deal.append("stage_history", {"stage": "sales-won", "stage_name": "Won"})
        deal.save()
    assert history(deal.name) == [("New", True, False)]
