"""Opportunities in pipelines: defaults, stage rules, probability, won and lost, stage admin."""

from __future__ import annotations

from decimal import Decimal

import pytest

import lowcode
from lowcode.exceptions import ValidationError
from lowcode.utils.dates import today
from tests.sales_crm.listener.events import WON
from tests.sales_crm.world import ALL_BACKENDS, as_user


def new_opportunity(**values: object) -> lowcode.Document:
    return lowcode.new_doc("Opportunity", opportunity_from="Customer", party_name="Acme", **values).insert()


def move(name: str, stage: str, **values: object) -> lowcode.Document:
    doc = lowcode.get_doc("Opportunity", name)
    doc.update({"sales_stage": stage, **values})
    return doc.save()


@pytest.fixture
def acme(crm):
    with as_user("sofia"):
        lowcode.new_doc("Customer", customer_name="Acme").insert()
    return crm


def renewals_pipeline() -> None:
    lowcode.new_doc("Sales Pipeline", pipeline_name="Renewals").insert()
    for name, probability in (("Due", 40), ("Renewed", 100)):
        lowcode.new_doc("Sales Stage", pipeline="Renewals", stage_name=name, probability=probability, is_won=name == "Renewed").insert()


@ALL_BACKENDS
def test_defaults_come_from_the_default_pipeline_and_its_first_stage(acme):
    with as_user("ana"):
        deal = new_opportunity(expected_revenue="1000")
    assert (deal.pipeline, deal.sales_stage, deal.status, deal.currency) == ("Sales", "sales-new", "Open", "EUR")
    assert (deal.probability, deal.weighted_amount) == (Decimal(10), Decimal(100))
    assert (deal.title, deal.sales_team, deal.sales_person_user) == ("Acme", "Madrid", "ana@crm.test")


def test_a_team_default_pipeline_wins(acme):
    with as_user("sofia"):
        renewals_pipeline()
        lowcode.set_value("Sales Team", "Madrid", "default_pipeline", "Renewals")
    with as_user("bruno"):
        deal = new_opportunity()
    assert deal.pipeline == "Renewals"
    assert lowcode.get_value("Sales Stage", deal.sales_stage, "stage_name") == "Due"
    with as_user("carla"):
        assert new_opportunity().pipeline == "Sales"


def test_the_stage_must_belong_to_the_pipeline(acme):
    with as_user("sofia"):
        renewals_pipeline()
        with pytest.raises(ValidationError, match="stage 'Proposal' belongs to pipeline 'Sales', not to 'Renewals'"):
            new_opportunity(pipeline="Renewals", sales_stage="sales-proposal")


def test_probability_comes_from_the_stage_and_stays_editable(acme):
    with as_user("ana"):
        name = new_opportunity().name
        assert move(name, "sales-proposal").probability == 50
        doc = lowcode.get_doc("Opportunity", name)
        doc.probability = 65
        assert doc.save().probability == 65
        assert move(name, "sales-negotiation", probability=80).probability == 80
        assert move(name, "sales-commit").probability == 90
    with as_user("sofia"):
        settings = lowcode.get_doc("CRM Settings")
        settings.stage_probabilities = 0
        settings.save()
    with as_user("ana"):
        assert move(name, "sales-proposal").probability == 90


def test_weighted_amount_is_rounded_half_up(acme):
    with as_user("ana"):
        deal = new_opportunity(expected_revenue="100.01", sales_stage="sales-proposal")
    assert deal.weighted_amount == Decimal("50.01")  # 50.005


def test_leaving_a_stage_needs_its_required_fields(acme):
    with as_user("sofia"):
        stage = lowcode.get_doc("Sales Stage", "sales-proposal")
        stage.set("required_fields", [{"fieldname": "expected_revenue"}, {"fieldname": "contact"}])
        stage.save()
    with as_user("ana"):
        name = new_opportunity(sales_stage="sales-proposal").name
        with pytest.raises(ValidationError, match="cannot leave stage 'Proposal' until these are filled: Expected Revenue, Contact"):
            move(name, "sales-negotiation")
        assert lowcode.get_value("Opportunity", name, "sales_stage") == "sales-proposal"
        lowcode.new_doc("Contact", first_name="Pilar", links=[{"link_doctype": "Customer", "link_name": "Acme"}]).insert(
            ignore_permissions=True
        )
        assert move(name, "sales-negotiation", expected_revenue=5000, contact="Pilar").sales_stage == "sales-negotiation"


def test_a_required_field_unknown_to_opportunity_is_refused(acme):
    with as_user("sofia"):
        stage = lowcode.get_doc("Sales Stage", "sales-proposal")
        stage.set("required_fields", [{"fieldname": "budget_owner"}])
        with pytest.raises(ValidationError, match="Opportunity has no field 'budget_owner'"):
            stage.save()


def test_a_lost_stage_needs_lost_reasons(acme):
    with as_user("ana"):
        name = new_opportunity(probability=40).name
        with pytest.raises(ValidationError, match="give at least one lost reason to put it in stage 'Lost'"):
            move(name, "sales-lost")
        deal = move(name, "sales-lost", lost_reasons=[{"lost_reason": "No budget"}, {"lost_reason": "No budget"}])
    assert (deal.status, deal.probability, deal.closed_on) == ("Lost", 0, today())
    assert [r.lost_reason for r in deal.lost_reasons] == ["No budget"]
    with as_user("ana"):
        reopened = move(name, "sales-qualification")
    assert (reopened.status, reopened.closed_on) == ("Open", None)


@ALL_BACKENDS
def test_winning_fires_on_won_once_and_makes_a_customer(acme):
    WON.clear()
    with as_user("ana"):
        name = new_opportunity().name
        deal = move(name, "sales-won")
        assert (deal.status, deal.probability) == ("Won", 100)
        deal.notes = "Signed"
        deal.save()
    assert [(name, "on_won")] == WON
    assert lowcode.get_value("Customer", "Acme", "lifecycle_stage") == "Customer"


def test_deleting_a_stage_that_holds_opportunities_is_refused_with_their_count(acme):
    with as_user("ana"):
        new_opportunity(sales_stage="sales-commit")
        new_opportunity(sales_stage="sales-commit")
    with as_user("sofia"):
        with pytest.raises(ValidationError, match="Sales Stage 'Commit' of pipeline 'Sales': it holds 2 opportunities"):
            lowcode.delete_doc("Sales Stage", "sales-commit")
        assert lowcode.exists("Sales Stage", "sales-commit")
        lowcode.delete_doc("Sales Stage", "sales-decision-makers")
    assert not lowcode.exists("Sales Stage", "sales-decision-makers")


def test_admins_rename_reorder_and_add_stages(acme):
    with as_user("ana"):
        name = new_opportunity(sales_stage="sales-proposal").name
    with as_user("sofia"):
        lowcode.set_value("Sales Stage", "sales-proposal", {"stage_name": "Offer Sent", "stage_order": 7})
        demo = lowcode.new_doc("Sales Stage", pipeline="Sales", stage_name="Demo", probability=40).insert()
        assert demo.stage_order == 9
        with pytest.raises(ValidationError, match="already has a stage named 'Demo'"):
            lowcode.new_doc("Sales Stage", pipeline="Sales", stage_name="Demo").insert()
        with pytest.raises(ValidationError, match="either won or lost"):
            lowcode.set_value("Sales Stage", "sales-won", "is_lost", 1)
    assert lowcode.get_value("Opportunity", name, "sales_stage") == "sales-proposal"
    assert lowcode.get_value("Sales Stage", "sales-proposal", "stage_name") == "Offer Sent"
    ordered = lowcode.get_all("Sales Stage", filters={"pipeline": "Sales"}, pluck="stage_name", order_by="stage_order asc")
    assert ordered[-3:] == ["Won", "Lost", "Demo"] and "Offer Sent" in ordered


def test_one_default_pipeline(acme):
    with as_user("sofia"):
        renewals = lowcode.new_doc("Sales Pipeline", pipeline_name="Renewals", is_default=1).insert()
        assert lowcode.get_all("Sales Pipeline", filters={"is_default": 1}, pluck="name") == ["Renewals"]
        renewals.is_default = 0
        with pytest.raises(ValidationError, match="is the default pipeline; flag another"):
            renewals.save()
        with pytest.raises(ValidationError, match="before deleting it"):
            lowcode.delete_doc("Sales Pipeline", "Renewals")


def test_sales_person_fills_team_and_user_and_must_be_active(acme):
    with as_user("sofia"):
        deal = new_opportunity(sales_person=acme.persons["carla"])
        assert (deal.sales_team, deal.sales_person_user) == ("Monterrey", "carla@crm.test")
        lowcode.set_value("Sales Person", acme.persons["bruno"], "active", 0)
        deal.sales_person = acme.persons["bruno"]
        with pytest.raises(ValidationError, match="'Bruno Díaz' is no longer active"):
            deal.save()


def test_bad_values_are_refused(acme):
    with as_user("ana"):
        with pytest.raises(ValidationError, match="not a three-letter currency code"):
            new_opportunity(currency="E1")
        with pytest.raises(ValidationError, match="between 0 and 100"):
            new_opportunity(probability=120)
        with pytest.raises(ValidationError, match="row 1 of Items needs an item code or an item name"):
            new_opportunity(items=[{"qty": 2}])
    assert lowcode.get_count("Opportunity", ignore_permissions=True) == 0
