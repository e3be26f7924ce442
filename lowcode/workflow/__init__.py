"""Workflows: named states of a document and the role-guarded actions that move it between them.

A `Workflow` record (one active per doctype) lists states (each with the docstatus it
implies, who may edit in it, a field it sets) and transitions (state + action -> next
state, for a role, under a safe-expression condition). `apply_workflow` takes an action
in one savepoint; `lowcode.workflow.guard` makes sure a plain save cannot do the same.
"""

from lowcode.workflow.definition import WorkflowDef, get_workflow
from lowcode.workflow.engine import apply_workflow, available_transitions

__all__ = ["WorkflowDef", "apply_workflow", "available_transitions", "get_workflow"]
