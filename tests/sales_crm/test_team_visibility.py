"""Who sees what: own documents for sales users, their members' for team leaders, all for managers.

Every read path here goes through the platform's permission path: get_list, get_count and the
per-document check that get/save/delete use.
"""

from __future__ import annotations

import pytest

import lowcode
from lowcode.perms import has_permission
from tests.sales_crm.world import ALL_BACKENDS, as_user

DOCTYPES = ("Lead", "Opportunity", "Activity")


def visible(doctype: str) -> set[str]:
    names = set(lowcode.get_list(doctype, pluck="name", limit=0))
    assert lowcode.get_count(doctype) == len(names)
    return names


def readable(doctype: str, name: str) -> bool:
    return has_permission(doctype, "read", lowcode.get_doc(doctype, name))


@pytest.fixture
def world(crm):
    """Each salesperson also owns one opportunity and one activity."""
    crm.opportunities, crm.activities = {}, {}
    for key, lead in crm.leads.items():
        with as_user(key):
            crm.opportunities[key] = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=lead).insert().name
            crm.activities[key] = lowcode.new_doc("Activity", activity_type="Call", subject=f"Call {key}").insert().name
    return crm


def owned_by(world, doctype: str, *keys: str) -> set[str]:
    table = {"Lead": world.leads, "Opportunity": world.opportunities, "Activity": world.activities}[doctype]
    return {table[k] for k in keys}


@ALL_BACKENDS
def test_a_sales_user_sees_only_their_own(world):
    for key in ("ana", "bruno", "carla"):
        with as_user(key):
            for doctype in DOCTYPES:
                assert visible(doctype) == owned_by(world, doctype, key)
                other = owned_by(world, doctype, "carla" if key != "carla" else "ana").pop()
                assert not readable(doctype, other)
                assert lowcode.get_list(doctype, filters={"name": other}) == []


@ALL_BACKENDS
def test_a_team_leader_sees_exactly_their_members_and_their_own(world):
    with as_user("lucia"):
        for doctype in DOCTYPES:
            assert visible(doctype) == owned_by(world, doctype, "lucia", "ana", "bruno")
            assert readable(doctype, owned_by(world, doctype, "ana").pop())
            assert not readable(doctype, owned_by(world, doctype, "carla").pop())
    with as_user("mateo"):
        for doctype in DOCTYPES:
            assert visible(doctype) == owned_by(world, doctype, "mateo", "carla")


def test_a_leader_edits_members_documents_but_a_peer_does_not(world):
    with as_user("lucia"):
        lowcode.set_value("Lead", world.leads["ana"], "status", "Contacted")
    with as_user("carla"), pytest.raises(lowcode.exceptions.PermissionError):
        lowcode.set_value("Lead", world.leads["ana"], "status", "Qualified")
    with as_user("carla"), pytest.raises(lowcode.exceptions.PermissionError):
        lowcode.delete_doc("Opportunity", world.opportunities["ana"])
    assert lowcode.get_value("Lead", world.leads["ana"], "status") == "Contacted"


@ALL_BACKENDS
def test_moving_a_member_to_another_team_moves_the_visibility(world):
    with as_user("sofia"):
        monterrey = lowcode.get_doc("Sales Team", "Monterrey")
        monterrey.append("members", {"sales_person": world.persons["bruno"]})
        monterrey.save()
    assert [r.sales_person for r in lowcode.get_doc("Sales Team", "Madrid").members] == [world.persons["lucia"], world.persons["ana"]]
    assert lowcode.get_value("Sales Person", world.persons["bruno"], "sales_team") == "Monterrey"
    with as_user("lucia"):
        assert visible("Lead") == owned_by(world, "Lead", "lucia", "ana")
    with as_user("mateo"):
        assert visible("Lead") == owned_by(world, "Lead", "mateo", "carla", "bruno")
        assert visible("Opportunity") == owned_by(world, "Opportunity", "mateo", "carla", "bruno")


def test_a_sales_persons_team_is_kept_by_the_teams(world):
    with as_user("Administrator"):
        lowcode.new_doc("User", email="eva@crm.test", first_name="Eva", roles=[{"role": "Sales User"}]).insert()
    with as_user("sofia"):
        eva = lowcode.new_doc("Sales Person", sales_person_name="Eva Sanz", user="eva@crm.test", sales_team="Monterrey").insert()
        assert eva.sales_team == "Monterrey"
        assert eva.name in [r.sales_person for r in lowcode.get_doc("Sales Team", "Monterrey").members]
        lowcode.set_value("Sales Person", eva.name, "sales_team", "Madrid")
    assert lowcode.get_value("Sales Person", eva.name, "sales_team") == "Monterrey"
    with as_user("eva@crm.test"):
        lead = lowcode.new_doc("Lead", company_name="Hotel Brisa").insert().name
    with as_user("mateo"):
        assert lead in visible("Lead")


def test_taking_a_member_off_a_team_ends_the_leaders_view(world):
    with as_user("sofia"):
        madrid = lowcode.get_doc("Sales Team", "Madrid")
        madrid.set("members", [r for r in madrid.members if r.sales_person != world.persons["ana"]])
        madrid.save()
    assert lowcode.get_value("Sales Person", world.persons["ana"], "sales_team") is None
    with as_user("lucia"):
        assert visible("Lead") == owned_by(world, "Lead", "lucia", "bruno")


def test_assignment_counts_as_own(world):
    with as_user("sofia"):
        lead = lowcode.new_doc("Lead", company_name="Hotel Brisa", lead_owner=world.persons["carla"]).insert().name
    assert lowcode.get_value("Lead", lead, ["owner", "lead_owner_user", "sales_team"]) == ["sofia@crm.test", "carla@crm.test", "Monterrey"]
    with as_user("carla"):
        assert lead in visible("Lead")
    with as_user("mateo"):
        assert lead in visible("Lead")
    with as_user("lucia"):
        assert lead not in visible("Lead")
    with as_user("sofia"):
        lowcode.set_value("Lead", lead, "lead_owner", None)
    assert lowcode.get_value("Lead", lead, ["lead_owner_user", "sales_team"]) == [None, None]
    with as_user("carla"):
        assert lead not in visible("Lead")


def test_a_sales_persons_new_user_takes_over_their_documents(world):
    with as_user("Administrator"):
        lowcode.new_doc("User", email="ana.new@crm.test", first_name="Ana", roles=[{"role": "Sales User"}]).insert()
    with as_user("sofia"):
        lead = lowcode.new_doc("Lead", company_name="Hotel Brisa", lead_owner=world.persons["ana"]).insert().name
        lowcode.set_value("Sales Person", world.persons["ana"], "user", "ana.new@crm.test")
    with as_user("ana.new@crm.test"):
        assert visible("Lead") == {lead, world.leads["ana"]}
        assert visible("Opportunity") == {world.opportunities["ana"]}


def test_leading_a_team_needs_the_leader_role(world):
    with as_user("sofia"):
        lowcode.set_value("Sales Team", "Monterrey", "leader", "ana@crm.test")
    with as_user("ana"):
        assert visible("Lead") == owned_by(world, "Lead", "ana")


def test_managers_see_everything_and_accounts_users_no_sales_documents(world):
    with as_user("sofia"):
        for doctype in DOCTYPES:
            assert len(visible(doctype)) == 5
    with as_user("diego"):
        for doctype in DOCTYPES:
            with pytest.raises(lowcode.exceptions.PermissionError):
                lowcode.get_list(doctype)
