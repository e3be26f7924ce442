"""The shipped Notification records: opportunity won, assignment notice."""

from __future__ import annotations

import lowcode
from tests.sales_crm.world import as_user


def bell(name: str) -> list[tuple[str, str]]:
    rows = lowcode.get_all("Notification Log", filters={"document_name": name}, fields=["for_user", "subject"], order_by="for_user asc")
    return [(r["for_user"], r["subject"]) for r in rows]


def emails(name: str) -> list[str]:
    return sorted(lowcode.get_all("Email Queue", filters={"reference_name": name}, pluck="recipients"))


def test_a_won_opportunity_tells_the_team_leader_and_the_sales_managers(crm):
    with as_user("bruno"):
        deal = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["bruno"]).insert()
        deal.sales_stage = "sales-won"
        deal.save()
    subject = f"Opportunity won: {deal.title}"
    assert bell(deal.name) == [("lucia@crm.test", subject), ("sofia@crm.test", subject)]
    assert emails(deal.name) == ["lucia@crm.test", "sofia@crm.test"]


def test_an_assignment_is_emailed_to_the_assignee(crm):
    todo = lowcode.assignment.assign(lowcode.get_doc("Lead", crm.leads["ana"]), crm.users["carla"])
    assert emails(todo.name) == ["carla@crm.test"]
    assert bell(crm.leads["ana"])[0][0] == "carla@crm.test"
