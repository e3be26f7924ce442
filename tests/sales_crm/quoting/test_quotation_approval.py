"""Quotation Approval over HTTP: a discount above the threshold waits for another Sales Manager."""

from __future__ import annotations

import json

import pytest

import lowcode
from lowcode.context import site_context
from tests.platform.http_client import Client
from tests.sales_crm.quoting.conftest import PASSWORD, PILAR
from tests.sales_crm.selling.world import ACME, ANA, CARLOS, MARTA, PRICE_LIST

#: LAPTOP lists at 900: 20% off is above the 15% threshold, 10% off is not
LAPTOP_20 = [{"item_code": "LAPTOP", "qty": 2, "discount_percentage": 20}]
LAPTOP_10 = [{"item_code": "LAPTOP", "qty": 2, "discount_percentage": 10}]


def login(site, user):
    return Client(site.name, user, PASSWORD)


def new_quotation(client, items, **values):
    body = {"quotation_to": "Customer", "party_name": ACME, "selling_price_list": PRICE_LIST, "items": items, **values}
    answer = client.http.post("/api/resource/Quotation", json=body, headers={"X-Frappe-CSRF-Token": client.csrf})
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def act(client, name, action):
    return client.post("lowcode.workflow.api.apply_workflow", doctype="Quotation", name=name, action=action)


def actions(client, name):
    answer = client.get("lowcode.workflow.api.get_transitions", doctype="Quotation", name=name)
    assert answer.status_code == 200, answer.text
    return [t["action"] for t in answer.json()["message"]]


def send(client, name):
    return client.post("sales_crm.api.quotation.mark_sent", name=name)


def test_a_large_discount_waits_for_a_managers_approval_before_it_is_sent(selling_http_site):
    ana, marta = login(selling_http_site, ANA), login(selling_http_site, MARTA)
    doc = new_quotation(ana, LAPTOP_20, additional_discount_percentage=5)
    # 2 x 900 = 1800 listed; lines 1440, less 5% = 1368: 24% off
    assert (doc["workflow_state"], float(doc["total_discount_percentage"]), doc["needs_approval"]) == ("Draft", 24.0, 1)
    assert actions(ana, doc["name"]) == ["Request Approval"]

    refused = send(ana, doc["name"])
    assert refused.status_code == 417
    assert "total discount of 24% is above the approval threshold of 15%" in refused.json()["message"]
    accept = act(ana, doc["name"], "Accept")
    assert accept.status_code == 417
    assert "the condition not doc.needs_approval is not met" in accept.json()["message"]

    assert act(ana, doc["name"], "Request Approval").status_code == 200
    wrong_role = act(ana, doc["name"], "Approve")
    assert wrong_role.status_code == 403
    assert "it needs the role Sales Manager" in wrong_role.json()["message"]
    assert act(login(selling_http_site, CARLOS), doc["name"], "Approve").status_code == 403

    approved = act(marta, doc["name"], "Approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["message"]["workflow_state"] == "Approved"
    sent = send(ana, doc["name"])
    assert sent.status_code == 200, sent.text
    assert (sent.json()["message"]["status"], sent.json()["message"]["workflow_state"]) == ("Sent", "Approved")

    accepted = act(ana, doc["name"], "Accept")
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()["message"]
    assert (body["docstatus"], body["status"], body["workflow_state"]) == (1, "Accepted", "Accepted")
    order = login(selling_http_site, CARLOS).post("sales_crm.api.quotation.make_sales_order", source_name=doc["name"])
    assert order.status_code == 200, order.text
    assert float(order.json()["message"]["grand_total"]) == float(body["grand_total"])


def test_the_requester_cannot_approve_their_own_quotation(selling_http_site):
    marta, pilar = login(selling_http_site, MARTA), login(selling_http_site, PILAR)
    doc = new_quotation(marta, LAPTOP_20)
    assert act(marta, doc["name"], "Request Approval").status_code == 200
    assert actions(marta, doc["name"]) == []
    own = act(marta, doc["name"], "Approve")
    assert own.status_code == 403
    assert "self-approval is not allowed" in own.json()["message"]
    assert act(pilar, doc["name"], "Approve").status_code == 200


def test_a_small_discount_is_sent_and_accepted_without_approval(selling_http_site):
    ana = login(selling_http_site, ANA)
    doc = new_quotation(ana, LAPTOP_10)
    assert (float(doc["total_discount_percentage"]), doc["needs_approval"]) == (10.0, 0)
    assert actions(ana, doc["name"]) == ["Accept"]
    request = act(ana, doc["name"], "Request Approval")
    assert request.status_code == 417
    assert "the condition doc.needs_approval is not met" in request.json()["message"]
    assert send(ana, doc["name"]).status_code == 200
    assert act(ana, doc["name"], "Accept").status_code == 200


def test_an_approved_discount_cannot_be_raised_without_a_new_approval(selling_http_site):
    ana, marta = login(selling_http_site, ANA), login(selling_http_site, MARTA)
    doc = new_quotation(ana, LAPTOP_20)
    assert act(ana, doc["name"], "Request Approval").status_code == 200
    pending_edit = ana.http.put(f"/api/resource/Quotation/{doc['name']}", json={"terms": "x"}, headers={"X-Frappe-CSRF-Token": ana.csrf})
    assert pending_edit.status_code == 403
    assert act(marta, doc["name"], "Approve").status_code == 200
    current = ana.http.get(f"/api/resource/Quotation/{doc['name']}").json()["data"]
    current["items"][0]["discount_percentage"] = 30
    raised = ana.http.put(f"/api/resource/Quotation/{doc['name']}", json=current, headers={"X-Frappe-CSRF-Token": ana.csrf})
    assert raised.status_code == 417
    assert "was approved at 20% and would become 30%" in raised.json()["message"]
    assert act(ana, doc["name"], "Revise").status_code == 200
    assert actions(ana, doc["name"]) == ["Request Approval"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_submitting_directly_is_refused(selling_http_site):
    ana = login(selling_http_site, ANA)
    doc = new_quotation(ana, LAPTOP_10)
    direct = ana.post("frappe.client.submit", doc=json.dumps({"doctype": "Quotation", "name": doc["name"]}))
    assert direct.status_code == 417
    assert "cannot be submitted directly" in direct.json()["message"]
    with site_context(selling_http_site):
        assert lowcode.get_value("Quotation", doc["name"], "docstatus") == 0
