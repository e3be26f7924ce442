"""Duplicates of leads, contacts and customers, and merging a customer with its whole history."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.db.query import get_all
from lowcode.duplicates import find_duplicates, merge
from lowcode.duplicates.keys import rebuild
from lowcode.exceptions import PermissionError
from tests.sales_crm.world import ALL_BACKENDS, World, as_user


def lead(**values: object) -> lowcode.Document:
    return lowcode.new_doc("Lead", **values).insert()


def test_leads_match_on_normalised_email_phone_and_name(crm: World) -> None:
    with as_user("ana"):
        first = lead(
            first_name="José", last_name="Núñez", company_name="Ferretería Núñez, S.L.", email_id="Jose@Nunez.es", phone="+34 600 12 34 56"
        )
        by_email = lead(first_name="Pepe", email_id=" jose@nunez.ES ")
        by_phone = lead(first_name="Otro", phone="600-123-456")
        by_name = lead(first_name="jose", last_name="NUNEZ", company_name="Ferreteria Nunez SL")
        other = lead(first_name="Jose", last_name="Nunez", company_name="Otra Empresa")
        found = {d["name"]: d["matched_on"] for d in find_duplicates(first)}
    assert found == {by_email.name: ["email_id"], by_phone.name: ["phone"], by_name.name: ["first_name+last_name+company_name"]}
    assert other.name not in found


def test_duplicates_the_user_may_not_read_are_not_shown(crm: World) -> None:
    with as_user("bruno"):
        hidden = lead(first_name="Marta", email_id="marta@sol.es")
    with as_user("ana"):
        mine = lead(first_name="Marta", email_id="MARTA@sol.es")
        assert find_duplicates(mine) == []
    with as_user("sofia"):
        assert [d["name"] for d in find_duplicates(mine)] == [hidden.name]


def test_keys_follow_edits_and_deletes_and_rebuild(crm: World) -> None:
    a = lead(first_name="A", email_id="a@x.es")
    b = lead(first_name="B", email_id="b@x.es")
    assert find_duplicates(a) == []
    b.email_id = "A@X.ES"
    b.save()
    assert [d["name"] for d in find_duplicates(a)] == [b.name]
    keys = lowcode.get_doc("Duplicate Key", get_all("Duplicate Key", filters={"reference_name": b.name}, pluck="name")[0])
    assert keys.reference_doctype == "Lead"
    assert rebuild("Lead") >= 2
    assert [d["name"] for d in find_duplicates(a)] == [b.name]
    lowcode.delete_doc("Lead", b.name)
    assert find_duplicates(a) == []


def _customer_with_history(name: str) -> dict[str, str]:
    lowcode.new_doc("Customer", customer_name=name, customer_type="Company", tax_id="B-12.345.678").insert()
    opp = lowcode.new_doc("Opportunity", opportunity_from="Customer", party_name=name).insert()
    if not lowcode.exists("Item", "WIDGET"):
        lowcode.new_doc("Item", item_code="WIDGET", item_name="Widget", standard_rate=10).insert()
    quote = lowcode.new_doc(
        "Quotation", quotation_to="Customer", party_name=name, currency="EUR", items=[{"item_code": "WIDGET", "qty": 2}]
    ).insert()
    act = lowcode.new_doc("Activity", activity_type="Call", subject="Llamar", reference_doctype="Customer", reference_name=name).insert()
    contact = lowcode.new_doc("Contact", first_name="Eva", links=[{"link_doctype": "Customer", "link_name": name}]).insert()
    child = lowcode.new_doc("Customer", customer_name=f"{name} Norte", customer_type="Company", parent_customer=name).insert()
    lowcode.get_doc("Customer", name).add_comment("Comment", "Cliente desde 2019")
    return {"opp": opp.name, "quote": quote.name, "activity": act.name, "contact": contact.name, "child": child.name}


@ALL_BACKENDS
def test_merge_customer_moves_every_link_and_the_timeline(crm: World) -> None:
    keep = lowcode.new_doc("Customer", customer_name="Textiles del Norte", customer_type="Company").insert().name
    history = _customer_with_history("Textiles del Norte, S.A. de C.V.")
    remove = "Textiles del Norte, S.A. de C.V."
    assert [d["name"] for d in find_duplicates(lowcode.get_doc("Customer", keep))] == [remove]
    with as_user("ana"), pytest.raises(PermissionError):
        merge("Customer", keep, remove)
    with as_user("sofia"):
        result = merge("Customer", keep, remove)
    assert result["references_moved"] >= 6
    assert not lowcode.exists("Customer", remove)
    assert lowcode.get_value("Opportunity", history["opp"], "party_name") == keep
    assert lowcode.get_value("Quotation", history["quote"], "party_name") == keep
    assert lowcode.get_value("Activity", history["activity"], "reference_name") == keep
    assert lowcode.get_value("Customer", history["child"], "parent_customer") == keep
    assert [r.link_name for r in lowcode.get_doc("Contact", history["contact"]).links] == [keep]
    comments = get_all("Comment", fields=["comment_type", "content"], filters={"reference_doctype": "Customer", "reference_name": keep})
    assert {"Comment", "Info"} <= {c["comment_type"] for c in comments}
    assert any("Merged Customer" in (c["content"] or "") for c in comments)
    assert get_all("Comment", filters={"reference_doctype": "Customer", "reference_name": remove}) == []
    assert get_all("Deleted Document", filters={"deleted_doctype": "Customer", "deleted_name": remove}, pluck="name")
    assert find_duplicates(lowcode.get_doc("Customer", keep)) == []
