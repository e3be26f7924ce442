"""Contacts and addresses: primary emails and phones, links to parties, reporting lines."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.exceptions import LinkValidationError, ValidationError
from tests.sales_crm.world import as_user


@pytest.fixture
def acme(crm):
    with as_user("sofia"):
        lowcode.new_doc("Customer", customer_name="Acme").insert()
    return crm


def contact(first: str, **values: object) -> lowcode.Document:
    values.setdefault("links", [{"link_doctype": "Customer", "link_name": "Acme"}])
    with as_user("sofia"):
        return lowcode.new_doc("Contact", first_name=first, **values).insert()


def test_the_first_email_and_phone_become_primary(acme):
    doc = contact("Pilar", last_name="Vega", email_ids=[{"email_id": "Pilar@Acme.example"}, {"email_id": "pv@home.example"}],
                  phone_nos=[{"phone": "+34 600 111 222"}])  # fmt: skip
    assert (doc.name, doc.full_name, doc.email_id, doc.phone) == ("Pilar Vega", "Pilar Vega", "pilar@acme.example", "+34 600 111 222")
    assert [r.is_primary for r in doc.email_ids] == [1, 0]
    assert doc.links[0].link_title == "Acme"
    assert contact("Pilar", last_name="Vega").name == "Pilar Vega-2"


def test_choosing_another_primary_moves_it(acme):
    doc = contact("Pilar", email_ids=[{"email_id": "a@acme.example"}, {"email_id": "b@acme.example", "is_primary": 1}])
    assert doc.email_id == "b@acme.example"


def test_two_primaries_or_a_repeated_email_are_refused(acme):
    with pytest.raises(ValidationError, match=r"only one row of Emails can be primary \(rows 1, 2 are\)"):
        contact("Pilar", email_ids=[{"email_id": "a@acme.example", "is_primary": 1}, {"email_id": "b@acme.example", "is_primary": 1}])
    with pytest.raises(ValidationError, match=r"a@acme\.example is listed twice"):
        contact("Pilar", email_ids=[{"email_id": "a@acme.example"}, {"email_id": "A@acme.example"}])
    assert lowcode.get_count("Contact", ignore_permissions=True) == 0


def test_links_go_to_customers_and_leads_only(acme):
    with pytest.raises(ValidationError, match="can be linked to Customer or Lead records only"):
        contact("Pilar", links=[{"link_doctype": "Sales Team", "link_name": "Madrid"}])
    with pytest.raises(LinkValidationError, match="'Nobody' does not exist in Customer"):
        contact("Pilar", links=[{"link_doctype": "Customer", "link_name": "Nobody"}])
    doc = contact("Pilar", links=[{"link_doctype": "Lead", "link_name": acme.leads["ana"]}])
    assert doc.links[0].link_title == "Ferretería Álvarez"


def test_reporting_lines_have_no_cycles(acme):
    boss = contact("Marta")
    manager = contact("Luis", reports_to=boss.name)
    contact("Sara", reports_to=manager.name)
    with as_user("sofia"), pytest.raises(ValidationError, match=r"\(Marta → Luis → Sara\)"):
        lowcode.set_value("Contact", boss.name, "reports_to", "Sara")


def test_one_primary_contact_per_party(acme):
    first = contact("Marta", is_primary_contact=1)
    other = contact("Luis", is_primary_contact=1, links=[{"link_doctype": "Lead", "link_name": acme.leads["ana"]}])
    contact("Sara", is_primary_contact=1)
    primary = lowcode.get_all("Contact", filters={"is_primary_contact": 1}, pluck="name", order_by="name asc")
    assert primary == sorted([other.name, "Sara"])
    assert lowcode.get_value("Contact", first.name, "is_primary_contact") == 0


def test_addresses_are_named_and_one_is_primary_per_party(acme):
    with as_user("sofia"):

        def address(**values: object) -> lowcode.Document:
            return lowcode.new_doc("Address", address_line1="Gran Vía 1", city="Madrid", links=[{"link_doctype": "Customer", "link_name": "Acme"}],
                                   **values).insert()  # fmt: skip

        first = address(is_primary_address=1)
        second = address(is_primary_address=1, is_shipping_address=1)
        shipping = address(address_type="Shipping")
    assert (first.name, second.name, shipping.name) == ("Acme-Billing", "Acme-Billing-2", "Acme-Shipping")
    assert lowcode.get_all("Address", filters={"is_primary_address": 1}, pluck="name") == ["Acme-Billing-2"]


def test_sales_users_read_contacts_but_do_not_create_them(acme):
    contact("Pilar")
    with as_user("ana"):
        assert lowcode.get_list("Contact", pluck="name") == ["Pilar"]
        with pytest.raises(lowcode.exceptions.PermissionError):
            lowcode.new_doc("Contact", first_name="Nuevo").insert()
    with as_user("diego"):
        assert lowcode.get_list("Contact", pluck="name") == ["Pilar"]
