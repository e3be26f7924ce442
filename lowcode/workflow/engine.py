"""Taking a workflow action: role, self-approval and condition checks, then one save.

The state change, the update field, the docstatus change (save, submit or cancel
through the normal document lifecycle) and the timeline Comment are written in one
savepoint: any failure leaves the document as it was.
"""

from __future__ import annotations

from typing import Any

from lowcode.context import local
from lowcode.db.query import get_all
from lowcode.exceptions import PermissionError, WorkflowTransitionError
from lowcode.model.document import Document, get_doc
from lowcode.perms.roles import ADMIN, get_roles
from lowcode.utils.safe_expr import ExpressionError, evaluate_bool
from lowcode.workflow.definition import Transition, WorkflowDef, get_workflow

#: (docstatus before, docstatus after) -> the document operation that makes the move
MOVES = {(0, 0): "save", (0, 1): "submit", (1, 1): "save", (1, 2): "cancel"}


def require_workflow(doctype: str) -> WorkflowDef:
    workflow = get_workflow(doctype)
    if workflow is None:
        raise WorkflowTransitionError(f"{doctype} has no active workflow.", doctype=doctype)
    return workflow


def has_role(role: str, user: str | None = None) -> bool:
    """Administrator holds every role, as in Frappe."""
    user = user or local.user
    return user == ADMIN or role in get_roles(user)


def requester(doc: Document) -> str:
    """Who asked for the step now pending: the user of the last workflow action, or the owner."""
    last = get_all("Comment", filters={"reference_doctype": doc.doctype, "reference_name": doc.name, "comment_type": "Workflow"},
                   fields=["owner"], order_by="creation desc", limit=1)  # fmt: skip
    return str(last[0]["owner"]) if last else str(doc.owner)


def self_approval_ok(transition: Transition, doc: Document, user: str) -> bool:
    return transition.allow_self_approval or user == ADMIN or user != requester(doc)


def condition_ok(transition: Transition, doc: Document) -> bool:
    try:
        return evaluate_bool(transition.condition, doc)
    except ExpressionError as exc:
        raise WorkflowTransitionError(
            f"The condition of '{transition.action}' ({transition.condition}) cannot be evaluated on {doc.doctype} '{doc.name}': {exc}. "
            "Ask a System Manager to correct the workflow.",
            doctype=doc.doctype, name=doc.name, condition=transition.condition,
        ) from exc  # fmt: skip


def available_transitions(doc: Document, user: str | None = None) -> list[Transition]:
    """The actions `user` may take on `doc` now (for the form's buttons)."""
    workflow = get_workflow(doc.doctype)
    if workflow is None or doc.is_new():
        return []
    user = user or local.user
    state = workflow.current_state(doc)
    seen: set[str] = set()
    out = []
    for transition in workflow.transitions_from(state.name):
        if transition.action in seen or not has_role(transition.allowed, user) or not self_approval_ok(transition, doc, user):
            continue
        if condition_ok(transition, doc):
            seen.add(transition.action)
            out.append(transition)
    return out


def _choose(workflow: WorkflowDef, doc: Document, action: str) -> Transition:
    user = local.user
    state = workflow.current_state(doc)
    what = f"{doc.doctype} '{doc.name}'"
    candidates = workflow.transitions_from(state.name, action)
    if not candidates:
        possible = sorted({t.action for t in workflow.transitions_from(state.name)})
        raise WorkflowTransitionError(
            f"{what} is in state '{state.name}', where '{action}' is not an action"
            + (f" (possible: {', '.join(possible)})." if possible else " (no action leads out of it)."),
            doctype=doc.doctype, name=doc.name, state=state.name, action=action,
        )  # fmt: skip
    by_role = [t for t in candidates if has_role(t.allowed, user)]
    if not by_role:
        roles = sorted({t.allowed for t in candidates})
        raise PermissionError(f"{user} may not '{action}' {what}: it needs the role {' or '.join(roles)}.",
                              doctype=doc.doctype, name=doc.name, right="workflow", roles=roles)  # fmt: skip
    allowed = [t for t in by_role if self_approval_ok(t, doc, user)]
    if not allowed:
        raise PermissionError(
            f"{user} asked for this step on {what} and may not also '{action}' it: self-approval is not allowed. "
            "Another user with the role must do it.",
            doctype=doc.doctype, name=doc.name, right="workflow", self_approval=True,
        )  # fmt: skip
    for transition in allowed:
        if condition_ok(transition, doc):
            return transition
    conditions = [t.condition for t in allowed if t.condition]
    raise WorkflowTransitionError(
        f"Cannot '{action}' {what}: the condition {' / '.join(conditions)} is not met.",
        doctype=doc.doctype, name=doc.name, action=action, conditions=conditions,
    )  # fmt: skip


def apply_workflow(doc: Document, action: str) -> Document:
    """Take `action` on `doc` as the current user; returns the saved document."""
    workflow = require_workflow(doc.doctype)
    with local.db.atomic():
        doc = get_doc(doc.doctype, doc.name, for_update=True)
        transition = _choose(workflow, doc, action)
        target = workflow.states[transition.next_state]
        move = MOVES.get((int(doc.docstatus), target.doc_status))
        if move is None:
            raise WorkflowTransitionError(
                f"Workflow '{workflow.name}': state '{target.name}' needs docstatus {target.doc_status}, "
                f"which {doc.doctype} '{doc.name}' (docstatus {doc.docstatus}) cannot reach.",
                doctype=doc.doctype, name=doc.name,
            )  # fmt: skip
        doc.set(workflow.state_field, target.name)
        if target.update_field:
            doc.set(target.update_field, target.update_value)
        doc.flags.in_workflow_action = True
        _run(doc, move, target.doc_status)
        doc.flags.in_workflow_action = False
        doc.add_comment("Workflow", target.name, comment_by=_full_name(local.user))
    return doc


def _run(doc: Document, move: str, docstatus: int) -> None:
    if move == "submit":
        doc.submit()
    elif move == "cancel":
        doc.cancel()
    else:
        doc.docstatus = docstatus
        doc.save()


def _full_name(user: str) -> str:
    from lowcode.db.query import get_value

    return str(get_value("User", user, "full_name") or user)


def transitions_as_dicts(transitions: list[Transition]) -> list[dict[str, Any]]:
    return [{"state": t.state, "action": t.action, "next_state": t.next_state, "allowed": t.allowed} for t in transitions]
