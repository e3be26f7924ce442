"""The party lifecycle: Lead → Prospect → Customer, only by events, never backwards, on the timeline."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sales_crm.api.lead import convert_lead
from sales_crm.lifecycle import advance, on_quotation, on_sales_order

import lowcode
from lowcode.exceptions import DoesNotExistError, ValidationError
from lowcode.model.events import handlers
from tests.sales_crm.world import ALL_BACKENDS, as_user


def timeline(doctype: str, name: str) -> list[str]:
    return lowcode.get_all(
        "Comment", filters={"reference_doctype": doctype, "reference_name": name, "comment_type": "Info"},
        pluck="content", order_by="creation asc",
    )  # fmt: skip


def opportunity(party_type: str, party: str, **values: object) -> lowcode.Document:
    return lowcode.new_doc("Opportunity", opportunity_from=party_type, party_name=party, **values).insert()


def test_a_new_party_starts_as_lead_whatever_the_client_sends(crm):
    with as_user("sofia"):
        customer = lowcode.new_doc("Customer", customer_name="Acme", lifecycle_stage="Customer").insert()
        assert customer.lifecycle_stage == "Lead"
        customer.lifecycle_stage = "Customer"
        customer.save()
    assert lowcode.get_value("Customer", "Acme", "lifecycle_stage") == "Lead"
    with as_user("ana"):
        lead = lowcode.get_doc("Lead", crm.leads["ana"])
        lead.lifecycle_stage = "Prospect"
        lead.save()
    assert lowcode.get_value("Lead", crm.leads["ana"], "lifecycle_stage") == "Lead"
    assert timeline("Lead", crm.leads["ana"]) == []


@ALL_BACKENDS
def test_opportunity_makes_a_prospect_and_winning_makes_a_customer(crm):
    lead = crm.leads["ana"]
    with as_user("ana"):
        deal = opportunity("Lead", lead)
        assert lowcode.get_value("Lead", lead, "lifecycle_stage") == "Prospect"
        deal.sales_stage = "sales-won"
        deal.save()
    assert lowcode.get_value("Lead", lead, "lifecycle_stage") == "Customer"
    assert timeline("Lead", lead) == [
        f"Lifecycle stage changed from Lead to Prospect by Opportunity {deal.name}.",
        f"Lifecycle stage changed from Prospect to Customer by Opportunity {deal.name}.",
    ]


def test_never_backwards(crm):
    with as_user("sofia"):
        lowcode.new_doc("Customer", customer_name="Acme").insert()
        opportunity("Customer", "Acme", sales_stage="sales-won")
        assert lowcode.get_value("Customer", "Acme", "lifecycle_stage") == "Customer"
        opportunity("Customer", "Acme", sales_stage="sales-lost", lost_reasons=[{"lost_reason": "No budget"}])
        opportunity("Customer", "Acme")
    advance("Customer", "Acme", "Prospect", "Quotation", "QTN-1")
    advance("Customer", "Acme", "Lead", "Quotation", "QTN-1")
    assert lowcode.get_value("Customer", "Acme", "lifecycle_stage") == "Customer"
    assert len(timeline("Customer", "Acme")) == 1  # Lead → Customer in one step, nothing after


def test_quotation_and_sales_order_events(crm):
    with as_user("sofia"):
        lowcode.new_doc("Customer", customer_name="Acme").insert()
    on_quotation(SimpleNamespace(quotation_to="Customer", party_name="Acme", name="QTN-0001"), "on_update")
    assert lowcode.get_value("Customer", "Acme", "lifecycle_stage") == "Prospect"
    on_quotation(SimpleNamespace(quotation_to="Lead", party_name=crm.leads["bruno"], name="QTN-0002"), "on_update")
    assert lowcode.get_value("Lead", crm.leads["bruno"], "lifecycle_stage") == "Prospect"
    on_sales_order(SimpleNamespace(customer="Acme", quotation=None, name="SO-0001"), "on_submit")
    assert timeline("Customer", "Acme")[-1] == "Lifecycle stage changed from Prospect to Customer by Sales Order SO-0001."


def test_hooks_wire_quotation_and_sales_order(crm):
    assert on_quotation in handlers("Quotation", "on_update")
    assert on_sales_order in handlers("Sales Order", "on_submit")


def test_a_converted_lead_follows_its_customer(crm):
    lead = crm.leads["carla"]
    with as_user("carla"):
        result = convert_lead(lead, "new")
    on_sales_order(SimpleNamespace(customer=result["customer"], quotation=None, name="SO-0002"), "on_submit")
    assert lowcode.get_value("Customer", result["customer"], "lifecycle_stage") == "Customer"
    assert lowcode.get_value("Lead", lead, "lifecycle_stage") == "Customer"
    assert timeline("Lead", lead)[-1] == "Lifecycle stage changed from Prospect to Customer by Sales Order SO-0002."


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("Customer", "Acme", "Champion", "Opportunity", "X"), ValidationError, "'Champion' is not a lifecycle stage"),
        (("Contact", "Acme", "Prospect", "Opportunity", "X"), ValidationError, "belongs to a Lead or a Customer, not to a Contact"),
        (("Customer", "Nobody", "Prospect", "Opportunity", "X"), DoesNotExistError, "Customer 'Nobody' not found"),
    ],
)
def test_bad_calls_are_refused(crm, args, error, message):
    with pytest.raises(error, match=message):
        advance(*args)


def test_no_party_is_no_change(crm):
    advance("Customer", "", "Customer", "Sales Order", "SO-9")
    assert lowcode.get_count("Comment", ignore_permissions=True) == 0
