"""The approval path end to end over HTTP, with Frappe's method names."""

from __future__ import annotations

import json

import pytest

from lowcode.context import site_context
from tests.platform.engines_world import APPROVER, CLERK, make_order, make_world
from tests.platform.http_client import Client
from tests.platform.workflow_setup import make_workflow


@pytest.fixture
def order_name(site):
    with site_context(site) as ctx:
        make_world()
        make_workflow()
        name = make_order(CLERK, items=[("Widget", 4, "25.00")]).name
        ctx.db.commit()
    return name


def test_approval_over_http(site, order_name):
    clerk, approver = Client(site.name, CLERK), Client(site.name, APPROVER)
    listed = clerk.get("lowcode.workflow.api.get_transitions", doctype="Test Order", name=order_name)
    assert [t["action"] for t in listed.json()["message"]] == ["Submit for Approval"]

    asked = clerk.post("frappe.model.workflow.apply_workflow", doc=json.dumps({"doctype": "Test Order", "name": order_name}),
                       action="Submit for Approval")  # fmt: skip
    assert asked.status_code == 200, asked.text
    assert asked.json()["message"]["workflow_state"] == "Pending Approval"
    refused = clerk.post("lowcode.workflow.api.apply_workflow", doctype="Test Order", name=order_name, action="Approve")
    assert refused.status_code == 403
    assert refused.json()["exc_type"] == "PermissionError"

    sneaky = clerk.http.put(f"/api/resource/Test Order/{order_name}", json={"workflow_state": "Approved"},
                            headers={"X-Frappe-CSRF-Token": clerk.csrf})  # fmt: skip
    assert sneaky.status_code == 417
    assert "only through workflow actions" in sneaky.json()["message"]
    direct = clerk.post("frappe.client.submit", doc=json.dumps({"doctype": "Test Order", "name": order_name}))
    assert direct.status_code == 417
    assert "cannot be submitted directly" in direct.json()["message"]

    approved = approver.post("lowcode.workflow.api.apply_workflow", doctype="Test Order", name=order_name, action="Approve")
    assert approved.status_code == 200, approved.text
    body = approved.json()["message"]
    assert (body["workflow_state"], body["docstatus"], body["status"], body["total"]) == ("Approved", 1, "Open", 100)
    read = clerk.http.get(f"/api/resource/Test Order/{order_name}").json()["data"]
    assert (read["workflow_state"], read["docstatus"]) == ("Approved", 1)


def test_false_condition_over_http_is_a_clear_417(site):
    with site_context(site) as ctx:
        make_world()
        make_workflow()
        name = make_order(CLERK, items=[("Crane", 1, "20000")]).name
        ctx.db.commit()
    clerk, approver = Client(site.name, CLERK), Client(site.name, APPROVER)
    assert (
        clerk.post("lowcode.workflow.api.apply_workflow", doctype="Test Order", name=name, action="Submit for Approval").status_code == 200
    )
    answer = approver.post("lowcode.workflow.api.apply_workflow", doctype="Test Order", name=name, action="Approve")
    assert answer.status_code == 417
    assert answer.json()["exc_type"] == "WorkflowTransitionError"
    assert "doc.total <= 10000 is not met" in answer.json()["message"]
