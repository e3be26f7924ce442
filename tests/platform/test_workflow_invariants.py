"""Whatever users try, in any order, a document's docstatus is the one its workflow state implies."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lowcode
from lowcode.context import acting_as
from lowcode.exceptions import LowcodeError
from lowcode.workflow import apply_workflow, get_workflow
from tests.platform.engines_world import APPROVER, BOSS, CLERK, make_order, make_world
from tests.platform.workflow_setup import make_workflow

USERS = st.sampled_from([CLERK, APPROVER, BOSS])
MOVES = st.sampled_from(["Submit for Approval", "Approve", "Reject", "Cancel", "edit", "set state", "submit", "cancel"])


@pytest.fixture
def world(ctx):
    make_world()
    make_workflow()
    return ctx


def _try(user: str, name: str, move: str) -> None:
    with acting_as(user):
        doc = lowcode.get_doc("Test Order", name)
        try:
            if move == "edit":
                doc.remarks = f"edited by {user}"
                doc.save()
            elif move == "set state":
                doc.workflow_state = "Approved"
                doc.save()
            elif move in ("submit", "cancel"):
                getattr(doc, move)()
            else:
                apply_workflow(doc, move)
        except LowcodeError:
            pass


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(USERS, MOVES), min_size=1, max_size=8), total=st.sampled_from(["50", "20000"]))
def test_docstatus_always_matches_the_state(world, steps, total):
    workflow = get_workflow("Test Order")
    name = make_order(CLERK, items=[("Widget", 1, total)]).name
    for user, move in steps:
        _try(user, name, move)
        stored = lowcode.get_doc("Test Order", name)
        state = workflow.states[stored.workflow_state]
        assert stored.docstatus == state.doc_status
        if state.update_field:
            assert stored.get(state.update_field) == state.update_value
        if stored.workflow_state in ("Approved", "Cancelled"):
            assert stored.total <= 10000
