"""Assignment Rules on leads and opportunities: round robin, load, and the shipped by-territory rules."""

from __future__ import annotations

from collections import Counter

import lowcode
from lowcode.assignment import apply_on_demand
from tests.sales_crm.world import ALL_BACKENDS, as_user

TRIO = ["ana", "bruno", "carla"]


def lead_rule(crm, kind: str) -> None:
    lowcode.new_doc("Assignment Rule", rule_name="Leads", document_type="Lead", rule=kind, set_field="lead_owner",
                    users=[{"user": crm.users[k]} for k in TRIO]).insert()  # fmt: skip


def make_leads(count: int) -> list[str]:
    return [lowcode.new_doc("Lead", company_name=f"Empresa {i}", source="Website").insert().name for i in range(count)]


def owners(names: list[str]) -> Counter[str]:
    return Counter(lowcode.get_all("Lead", filters={"name": ["in", names]}, pluck="lead_owner_user"))


@ALL_BACKENDS
def test_round_robin_spreads_100_leads_34_33_33(crm):
    lead_rule(crm, "Round Robin")
    names = make_leads(100)
    expected = {crm.users["ana"]: 34, crm.users["bruno"]: 33, crm.users["carla"]: 33}
    assert owners(names) == expected
    assert Counter(lowcode.get_all("ToDo", filters={"assignment_rule": "Leads"}, pluck="allocated_to")) == expected
    first = lowcode.get_doc("Lead", names[0])
    assert (first.lead_owner, first.sales_team) == (crm.persons["ana"], "Madrid")
    with as_user("carla"):
        mine = set(lowcode.get_list("Lead", filters={"name": ["in", names]}, pluck="name", limit=200))
    assert mine == set(names[2::3])


@ALL_BACKENDS
def test_load_balancing_evens_out_open_todos(crm):
    head_start = make_leads(4)
    for name in head_start:
        lowcode.assignment.assign(lowcode.get_doc("Lead", name), crm.users["bruno"])
    lead_rule(crm, "Load Balancing")
    names = make_leads(100)
    open_todos = Counter(lowcode.get_all("ToDo", filters={"status": "Open", "reference_type": "Lead"}, pluck="allocated_to"))
    # ana and carla catch up with bruno's 4 in 8 leads; 92 more go round: 31 + 31 + 30, ties in list order
    assert open_todos == {crm.users["ana"]: 35, crm.users["bruno"]: 35, crm.users["carla"]: 34}
    assert owners(names) == {crm.users["ana"]: 35, crm.users["bruno"]: 31, crm.users["carla"]: 34}


def test_shipped_territory_rules(crm):
    for territory in ("Madrid", "Monterrey"):
        lowcode.new_doc("Territory", territory_name=territory, parent_territory="All Territories").insert()
    leads = lowcode.get_doc("Assignment Rule", "Leads by Territory")
    leads.update(
        {"disabled": 0, "field_users": [{"value": "Madrid", "user": crm.users["ana"]}, {"value": "Monterrey", "user": crm.users["carla"]}]}
    )
    leads.save()
    deals = lowcode.get_doc("Assignment Rule", "Opportunities by Territory")
    deals.update({"disabled": 0, "field_users": [{"value": "Monterrey", "user": crm.users["carla"]}]})
    deals.save()
    with as_user("bruno"):
        madrid = lowcode.new_doc("Lead", company_name="Taller Gran Vía", territory="Madrid").insert()
        nowhere = lowcode.new_doc("Lead", company_name="Sin zona").insert()
    assert (madrid.lead_owner_user, nowhere.lead_owner_user) == (crm.users["ana"], crm.users["bruno"])
    customer = lowcode.new_doc("Customer", customer_name="Aceros del Norte", territory="Monterrey").insert()
    deal = lowcode.new_doc("Opportunity", opportunity_from="Customer", party_name=customer.name).insert()
    assert (deal.territory, deal.sales_person, deal.sales_person_user) == ("Monterrey", crm.persons["carla"], crm.users["carla"])
    todo = lowcode.get_all("ToDo", filters={"reference_name": deal.name}, fields=["allocated_to", "description"])
    assert todo == [{"allocated_to": crm.users["carla"], "description": "New opportunity in your territory."}]


def test_on_demand_for_a_lead_created_before_the_rule(crm):
    lead_rule(crm, "Round Robin")
    existing = crm.leads["mateo"]
    assert apply_on_demand("Lead", existing)["allocated_to"] == crm.users["ana"]
    assert lowcode.get_value("Lead", existing, "lead_owner_user") == crm.users["mateo"]
