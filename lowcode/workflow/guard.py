"""Keeping plain saves inside the workflow (registered for every doctype in core's doc_events).

With an active workflow, a new document starts in the first state; afterwards the state
field changes only through `apply_workflow`, the docstatus must be the one its state
implies (so a direct submit or cancel is refused), and a state's `allow_edit` role is
required to edit the document while it is in that state.
"""

from __future__ import annotations

from typing import Any

from lowcode.exceptions import PermissionError, WorkflowTransitionError
from lowcode.workflow.definition import WorkflowDef, get_workflow
from lowcode.workflow.engine import available_transitions, has_role


def set_initial_state(doc: Any, method: str) -> None:
    """before_insert: a new document without a state starts in the workflow's first state."""
    workflow = get_workflow(doc.doctype)
    if workflow is not None and not doc.get(workflow.state_field):
        doc.set(workflow.state_field, workflow.initial_state.name)


def check_save(doc: Any, method: str) -> None:
    """validate / before_cancel / before_update_after_submit: refuse what only an action may do."""
    workflow = get_workflow(doc.doctype)
    if workflow is None or doc.flags.in_workflow_action or doc.meta.istable:
        return
    before = doc.get_doc_before_save()
    what = f"{doc.doctype} '{doc.name}'" if doc.name else f"a new {doc.doctype}"
    state_name = doc.get(workflow.state_field)
    if before is None:
        if state_name != workflow.initial_state.name:
            raise WorkflowTransitionError(
                f"{what} starts in state '{workflow.initial_state.name}' of workflow '{workflow.name}'; "
                "its state changes only through workflow actions.",
                doctype=doc.doctype, fieldname=workflow.state_field,
            )  # fmt: skip
        return
    old = workflow.current_state(before)
    if state_name != old.name:
        raise WorkflowTransitionError(
            f"{what} is in state '{old.name}'; the state changes only through workflow actions{_actions(workflow, before)}.",
            doctype=doc.doctype, name=doc.name, fieldname=workflow.state_field,
        )  # fmt: skip
    if int(doc.docstatus) != old.doc_status:
        verb = {1: "submitted", 2: "cancelled"}.get(int(doc.docstatus), "changed")
        raise WorkflowTransitionError(
            f"{what} is in state '{old.name}' and cannot be {verb} directly; use a workflow action{_actions(workflow, before)}.",
            doctype=doc.doctype, name=doc.name,
        )  # fmt: skip
    if old.allow_edit and not has_role(old.allow_edit):
        raise PermissionError(
            f"{what} is in state '{old.name}', where only the role {old.allow_edit} may edit it.",
            doctype=doc.doctype, name=doc.name, right="write",
        )  # fmt: skip


def _actions(workflow: WorkflowDef, doc: Any) -> str:
    names = [t.action for t in available_transitions(doc)]
    return f" (yours here: {', '.join(names)})" if names else ""
