"""Converting a lead: a new, an existing or no customer, an optional contact, one transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sales_crm.api.lead import convert_lead

import lowcode
from lowcode.exceptions import ValidationError
from lowcode.web.whitelist import whitelist_info
from tests.sales_crm.world import ALL_BACKENDS, as_user


def counts() -> dict[str, int]:
    return {dt: lowcode.get_count(dt, ignore_permissions=True) for dt in ("Customer", "Contact", "Address", "Opportunity")}


@ALL_BACKENDS
def test_convert_to_a_new_customer_with_a_contact(crm):
    lead_name = crm.leads["ana"]
    with as_user("ana"):
        lead = lowcode.get_doc("Lead", lead_name)
        lead.update({"phone": "+34 911 222 333", "address_line1": "Calle Mayor 1", "city": "Madrid", "country": "Spain"})
        lead.save()
        result = convert_lead(lead_name, "new", create_contact=True, opportunity_values={"expected_revenue": "12000"})
    assert result["customer"] == "Ferretería Álvarez"
    customer = lowcode.get_doc("Customer", result["customer"])
    assert (customer.customer_type, customer.lead, customer.lifecycle_stage) == ("Company", lead_name, "Prospect")
    contact = lowcode.get_doc("Contact", result["contact"])
    assert (contact.full_name, contact.email_id, contact.phone) == ("Jorge Álvarez", "jorge@example.com", "+34 911 222 333")
    assert {(r.link_doctype, r.link_name) for r in contact.links} == {("Customer", customer.name), ("Lead", lead_name)}
    address = lowcode.get_all("Address", fields=["name", "city", "is_primary_address"])
    assert address == [{"name": "Ferretería Álvarez-Billing", "city": "Madrid", "is_primary_address": 1}]
    opportunity = lowcode.get_doc("Opportunity", result["opportunity"])
    assert (opportunity.opportunity_from, opportunity.party_name, opportunity.lead) == ("Customer", customer.name, lead_name)
    assert (opportunity.contact, opportunity.owner, opportunity.sales_person) == (contact.name, "ana@crm.test", crm.persons["ana"])
    assert opportunity.weighted_amount == Decimal("1200.00")
    lead = lowcode.get_doc("Lead", lead_name)
    assert (lead.status, lead.customer, lead.contact, lead.opportunity) == ("Converted", customer.name, contact.name, opportunity.name)
    assert lead.lifecycle_stage == "Prospect"


def test_convert_linking_an_existing_customer(crm):
    with as_user("sofia"):
        lowcode.new_doc("Customer", customer_name="Acme Iberia").insert()
    before = counts()
    with as_user("bruno"):
        result = convert_lead(crm.leads["bruno"], "existing", customer="Acme Iberia")
    assert result == {"opportunity": result["opportunity"], "customer": "Acme Iberia", "contact": None}
    assert counts() == {**before, "Opportunity": before["Opportunity"] + 1}
    assert lowcode.get_value("Opportunity", result["opportunity"], ["opportunity_from", "party_name"]) == ["Customer", "Acme Iberia"]
    assert lowcode.get_value("Customer", "Acme Iberia", "lifecycle_stage") == "Prospect"


def test_an_existing_contact_can_be_given(crm):
    with as_user("sofia"):
        lowcode.new_doc("Customer", customer_name="Acme Iberia").insert()
        pilar = lowcode.new_doc("Contact", first_name="Pilar", links=[{"link_doctype": "Customer", "link_name": "Acme Iberia"}]).insert()
    with as_user("bruno"):
        result = convert_lead(crm.leads["bruno"], "existing", customer="Acme Iberia", opportunity_values={"contact": pilar.name})
    assert result["contact"] == pilar.name
    assert lowcode.get_value("Lead", crm.leads["bruno"], "contact") == pilar.name
    assert lowcode.get_count("Contact", ignore_permissions=True) == 1


def test_convert_without_a_customer(crm):
    lead_name = crm.leads["carla"]
    with as_user("carla"):
        result = convert_lead(lead_name, "none", create_contact="1")
    assert result["customer"] is None
    assert lowcode.get_count("Customer", ignore_permissions=True) == 0
    assert lowcode.get_value("Opportunity", result["opportunity"], ["opportunity_from", "party_name"]) == ["Lead", lead_name]
    links = lowcode.get_doc("Contact", result["contact"]).links
    assert [(r.link_doctype, r.link_name, r.link_title) for r in links] == [("Lead", lead_name, "Textiles del Norte")]
    assert lowcode.get_value("Lead", lead_name, ["status", "lifecycle_stage"]) == ["Converted", "Prospect"]


@ALL_BACKENDS
def test_converting_twice_is_refused(crm):
    lead_name = crm.leads["ana"]
    with as_user("ana"):
        first = convert_lead(lead_name, "none")
        before = counts()
        with pytest.raises(ValidationError, match=rf"already converted to Opportunity '{first['opportunity']}'.*cannot be converted twice"):
            convert_lead(lead_name, "new", create_contact=True)
    assert counts() == before


def test_a_failure_anywhere_writes_nothing(crm):
    lead_name = crm.leads["ana"]
    before = counts()
    with as_user("ana"), pytest.raises(ValidationError, match="lost reason"):
        convert_lead(lead_name, "new", create_contact=True, opportunity_values={"sales_stage": "sales-lost"})
    assert counts() == before
    assert lowcode.get_value("Lead", lead_name, ["status", "customer", "opportunity"]) == ["New", None, None]


def test_new_customer_whose_name_is_taken_is_refused_with_advice(crm):
    with as_user("sofia"):
        lowcode.new_doc("Customer", customer_name="Panadería Sol").insert()
    with as_user("bruno"), pytest.raises(ValidationError, match="already exists; link it instead"):
        convert_lead(crm.leads["bruno"], "new")
    assert lowcode.get_value("Lead", crm.leads["bruno"], "status") == "New"


@pytest.mark.parametrize(
    ("choice", "kwargs", "message"),
    [
        ("merge", {}, "customer_choice must be one of new, existing, none"),
        ("existing", {}, "choose the customer"),
        ("existing", {"customer": "Nobody SA"}, "Customer 'Nobody SA' does not exist"),
        ("none", {"opportunity_values": {"party_name": "X"}}, "sets party_name itself"),
        ("none", {"opportunity_values": "[1, 2]"}, "must be an object"),
        ("none", {"opportunity_values": "{oops"}, "must be a JSON object"),
        ("none", {"create_contact": True}, None),
    ],
)
def test_bad_input_gets_a_clear_message(crm, choice, kwargs, message):
    lead_name = crm.leads["ana"]
    if message is None:  # a contact needs a person's first name
        with as_user("sofia"):
            lowcode.set_value("Lead", lead_name, {"first_name": None, "last_name": None})
        message = "has no person's first name"
    with as_user("ana"), pytest.raises(ValidationError, match=message):
        convert_lead(lead_name, choice, **kwargs)
    assert lowcode.get_count("Opportunity", ignore_permissions=True) == 0


def test_another_users_lead_cannot_be_converted(crm):
    with as_user("carla"), pytest.raises(lowcode.exceptions.PermissionError):
        convert_lead(crm.leads["ana"], "new")
    assert counts() == {"Customer": 0, "Contact": 0, "Address": 0, "Opportunity": 0}


def test_status_converted_is_set_only_by_conversion(crm):
    with as_user("ana"):
        lead = lowcode.get_doc("Lead", crm.leads["ana"])
        lead.status = "Converted"
        with pytest.raises(ValidationError, match="use Convert"):
            lead.save()
        convert_lead(crm.leads["ana"], "none")
        lead = lowcode.get_doc("Lead", crm.leads["ana"])
        lead.status = "Qualified"
        with pytest.raises(ValidationError, match="its status stays Converted"):
            lead.save()


def test_convert_is_a_whitelisted_post_method(crm_site):
    from lowcode.apps import get_app

    assert "sales_crm.api.lead.convert_lead" in get_app("sales_crm").hook("whitelisted_methods")
    info = whitelist_info(convert_lead) or {}
    assert (info.get("allow_guest"), info.get("methods")) == (False, ("POST",))
