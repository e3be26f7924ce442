"""A doctype's active workflow, read from its Workflow record and cached with the metadata.

Saving or deleting a Workflow bumps the metadata version, so every process reloads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from lowcode.context import local
from lowcode.meta.cache import all_metas, derived


@dataclass(frozen=True)
class State:
    name: str
    doc_status: int
    allow_edit: str | None = None
    update_field: str | None = None
    update_value: str | None = None


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    next_state: str
    allowed: str
    allow_self_approval: bool = True
    condition: str | None = None


@dataclass(frozen=True)
class WorkflowDef:
    """An active workflow, in the order its record lists states and transitions."""

    name: str
    document_type: str
    state_field: str
    states: dict[str, State]
    transitions: tuple[Transition, ...]

    @property
    def initial_state(self) -> State:
        return next(iter(self.states.values()))

    def default_state(self, docstatus: int) -> State:
        """The state a document without one is taken to be in: the first with its docstatus."""
        return next((s for s in self.states.values() if s.doc_status == docstatus), self.initial_state)

    def current_state(self, doc: object) -> State:
        value = doc.get(self.state_field)  # type: ignore[attr-defined]
        state = self.states.get(value) if value else None
        return state or self.default_state(int(doc.docstatus or 0))  # type: ignore[attr-defined]

    def transitions_from(self, state: str, action: str | None = None) -> list[Transition]:
        return [t for t in self.transitions if t.state == state and (action is None or t.action == action)]


def _load() -> dict[str, WorkflowDef]:
    if "Workflow" not in all_metas(local.site):
        return {}
    from lowcode.db.query import get_all
    from lowcode.model.document import get_doc

    out: dict[str, WorkflowDef] = {}
    for name in get_all("Workflow", filters={"is_active": 1}, pluck="name", order_by="modified desc"):
        record = get_doc("Workflow", name)
        if record.document_type in out:
            continue
        states = {
            row.state: State(row.state, int(row.doc_status or 0), row.allow_edit or None, row.update_field or None,
                             row.update_value if row.update_value not in ("",) else None)
            for row in record.states
        }  # fmt: skip
        transitions = tuple(
            Transition(
                row.state, row.action, row.next_state, row.allowed, bool(row.allow_self_approval), (row.condition or "").strip() or None
            )
            for row in record.transitions
        )
        out[record.document_type] = WorkflowDef(name, record.document_type, record.workflow_state_field or "workflow_state",
                                                states, transitions)  # fmt: skip
    return out


def get_workflow(doctype: str) -> WorkflowDef | None:
    """The active workflow of `doctype`, or None."""
    return derived(local.site, "workflows", _load).get(doctype)
