"""Workflow engine: roles, conditions, self-approval, docstatus moves, update field, timeline, no bypass."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.context import acting_as
from lowcode.exceptions import PermissionError, ValidationError, WorkflowTransitionError
from lowcode.workflow import apply_workflow, available_transitions, get_workflow
from tests.platform.engines_world import APPROVER, BOSS, CLERK, make_order, make_world
from tests.platform.testapp.doctype.test_order.test_order import BoomError
from tests.platform.workflow_setup import make_workflow


@pytest.fixture
def world(ctx):
    make_world()
    make_workflow()
    return ctx


def _act(user: str, order, action: str):
    with acting_as(user):
        return apply_workflow(order, action)


def test_approval_path_moves_docstatus_sets_fields_and_logs(world):
    order = make_order(CLERK)
    assert order.workflow_state == "Draft"
    order = _act(CLERK, order, "Submit for Approval")
    assert (order.workflow_state, order.docstatus) == ("Pending Approval", 0)
    order = _act(APPROVER, order, "Approve")
    stored = lowcode.get_doc("Test Order", order.name)
    assert (stored.workflow_state, stored.docstatus, stored.status) == ("Approved", 1, "Open")
    order = _act(APPROVER, stored, "Cancel")
    assert (lowcode.get_value("Test Order", order.name, "docstatus"), order.workflow_state) == (2, "Cancelled")
    log = lowcode.get_all("Comment", filters={"reference_name": order.name, "comment_type": "Workflow"},
                          fields=["content", "owner"], order_by="creation asc")  # fmt: skip
    assert [(c["content"], c["owner"]) for c in log] == [("Pending Approval", CLERK), ("Approved", APPROVER), ("Cancelled", APPROVER)]


def test_wrong_role_is_refused(world):
    order = _act(CLERK, make_order(CLERK), "Submit for Approval")
    with pytest.raises(PermissionError, match="needs the role System Manager"):
        _act(CLERK, order, "Approve")
    assert lowcode.get_value("Test Order", order.name, "workflow_state") == "Pending Approval"


def test_false_condition_names_the_condition(world):
    order = _act(CLERK, make_order(CLERK, items=[("Crane", 1, 20000)]), "Submit for Approval")
    with pytest.raises(WorkflowTransitionError, match=r"condition doc\.total <= 10000 is not met"):
        _act(APPROVER, order, "Approve")
    stored = lowcode.get_doc("Test Order", order.name)
    assert (stored.workflow_state, stored.docstatus, stored.status) == ("Pending Approval", 0, "Draft")


def test_self_approval_is_refused_but_another_user_may(world):
    order = _act(BOSS, make_order(BOSS), "Submit for Approval")
    with acting_as(BOSS):
        assert [t.action for t in available_transitions(order)] == ["Reject"]
    with pytest.raises(PermissionError, match="self-approval is not allowed"):
        _act(BOSS, order, "Approve")
    assert _act(APPROVER, order, "Approve").docstatus == 1


def test_requester_is_who_asked_not_only_the_owner(world):
    order = _act(BOSS, make_order(CLERK), "Submit for Approval")
    with pytest.raises(PermissionError, match="self-approval"):
        _act(BOSS, order, "Approve")
    assert _act(APPROVER, order, "Approve").workflow_state == "Approved"


def test_unknown_action_lists_the_possible_ones(world):
    with pytest.raises(WorkflowTransitionError, match=r"'Approve' is not an action \(possible: Submit for Approval\)"):
        _act(CLERK, make_order(CLERK), "Approve")


def test_transitions_listed_per_user(world):
    order = make_order(CLERK)
    with acting_as(CLERK):
        assert [t.action for t in available_transitions(order)] == ["Submit for Approval"]
    with acting_as(APPROVER):
        assert available_transitions(order) == []
    order = _act(CLERK, order, "Submit for Approval")
    with acting_as(APPROVER):
        assert [t.action for t in available_transitions(order)] == ["Approve", "Reject"]


def test_a_plain_save_cannot_bypass_the_workflow(world):
    order = make_order(CLERK)
    with acting_as(CLERK):
        order.workflow_state = "Approved"
        with pytest.raises(WorkflowTransitionError, match="changes only through workflow actions"):
            order.save()
        fresh = lowcode.get_doc("Test Order", order.name)
        with pytest.raises(WorkflowTransitionError, match="cannot be submitted directly"):
            fresh.submit()
    with acting_as(APPROVER):
        fresh = lowcode.get_doc("Test Order", order.name)
        fresh.remarks = "edited by the wrong role"
        with pytest.raises(PermissionError, match="only the role Test Clerk may edit"):
            fresh.save()
    with acting_as(CLERK), pytest.raises(WorkflowTransitionError, match="starts in state 'Draft'"):
        lowcode.new_doc("Test Order", customer="Acme", workflow_state="Approved", items=[{"item_name": "X", "qty": 1}]).insert()
    stored = lowcode.get_doc("Test Order", order.name)
    assert (stored.workflow_state, stored.docstatus) == ("Draft", 0)


def test_cancel_directly_is_refused(world):
    order = _act(APPROVER, _act(CLERK, make_order(CLERK), "Submit for Approval"), "Approve")
    with acting_as(APPROVER), pytest.raises(WorkflowTransitionError, match="cannot be cancelled directly"):
        lowcode.get_doc("Test Order", order.name).cancel()


def test_a_failing_save_inside_an_action_writes_nothing(world):
    order = make_order(CLERK)
    order.db_set("notes", "explode")
    with pytest.raises(BoomError):
        _act(CLERK, order, "Submit for Approval")
    assert lowcode.get_value("Test Order", order.name, "workflow_state") == "Draft"
    assert not lowcode.get_all("Comment", filters={"reference_name": order.name, "comment_type": "Workflow"})


def test_one_active_workflow_per_doctype_and_edits_apply_at_once(world):
    second = make_workflow(workflow_name="Second Approval")
    assert lowcode.get_value("Workflow", "Test Order Approval", "is_active") == 0
    assert get_workflow("Test Order").name == "Second Approval"
    second.transitions[1].condition = "doc.total <= 1"
    second.save()
    lowcode.db.commit()
    order = _act(CLERK, make_order(CLERK), "Submit for Approval")
    with pytest.raises(WorkflowTransitionError, match=r"doc\.total <= 1 is not met"):
        _act(APPROVER, order, "Approve")


BAD_DEFINITIONS = [
    ({"transitions": [{"state": "Draft", "action": "Go", "next_state": "Nowhere", "allowed": "Test Clerk"}]}, "not in the states table"),
    ({"transitions": [{"state": "Draft", "action": "Go", "next_state": "Draft", "allowed": "Test Clerk", "condition": "doc.__class__"}]},
     "condition of 'Go' is not valid"),
    ({"transitions": [{"state": "Draft", "action": "Go", "next_state": "Draft", "allowed": "Test Clerk",
                       "condition": "__import__('os')"}]}, "not valid"),
    ({"transitions": [{"state": "Draft", "action": "Go", "next_state": "Cancelled", "allowed": "Test Clerk"}]}, "only 0→0, 0→1"),
    ({"states": [{"state": "Draft", "doc_status": "1"}], "transitions": []}, "needs doc status 0"),
    ({"document_type": "Test Note"}, "is not submittable"),
    ({"document_type": "Test Order Item"}, "child table or a single"),
]  # fmt: skip


def test_bad_definitions_are_refused(ctx):
    from tests.platform.workflow_setup import APPROVAL

    for change, message in BAD_DEFINITIONS:
        with pytest.raises(ValidationError, match=message):
            lowcode.new_doc("Workflow", **{**APPROVAL, **change}).insert()
