"""The buttons a form shows beyond save/submit: the doctype's actions and its workflow's.

Actions come from the DocType's `actions` (see `lowcode.meta.meta.DocTypeAction`); one is
shown when it is not hidden, its condition holds on the saved document and the user has
its right on it. Workflow actions are the transitions the user may take now. Either way
the server checks again when the button is pressed: this only decides what to draw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from lowcode.meta.meta import DocField, DocTypeAction
from lowcode.model.document import Document
from lowcode.perms import has_permission, strip_unreadable
from lowcode.utils.safe_expr import ExpressionError, evaluate_bool
from lowcode.workflow.definition import get_workflow
from lowcode.workflow.engine import available_transitions


@dataclass(frozen=True)
class FormButton:
    """One button: `kind` is "server", "route" or "workflow"; `index` finds its dialog."""

    kind: str
    label: str
    index: int = 0
    method: str = ""
    href: str = ""
    doc_arg: str = "name"
    open_doctype: str = ""
    open_key: str = ""
    group: str = ""
    fields: tuple[DocField, ...] = ()


def _shown(action: DocTypeAction, doc: Document) -> bool:
    if action.hidden or not has_permission(doc.doctype, action.right, doc):
        return False
    try:
        return evaluate_bool(action.condition, doc)
    except ExpressionError:
        return False


PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def route_for(action: DocTypeAction, doc: Document) -> str:
    """The action's path with `{fieldname}` replaced by the document's values the user may read."""
    values = strip_unreadable(doc.doctype, doc.as_dict(convert=True))
    return PLACEHOLDER.sub(lambda m: quote(str(values.get(m.group(1)) or ""), safe=""), action.action)


def _button(index: int, action: DocTypeAction, doc: Document) -> FormButton:
    if action.action_type == "Route":
        href = route_for(action, doc)
        return FormButton("route", action.label, index, href=href, group=action.group or "")
    return FormButton("server", action.label, index, method=action.action, doc_arg=action.doc_arg,
                      open_doctype=action.open_doctype or "", open_key=action.open_key or "",
                      group=action.group or "", fields=tuple(action.fields))  # fmt: skip


def form_buttons(doc: Document) -> list[FormButton]:
    """The doctype's and the workflow's buttons for a saved document, in metadata order."""
    if doc.is_new():
        return []
    buttons = [_button(i, a, doc) for i, a in enumerate(doc.meta.actions) if _shown(a, doc)]
    if get_workflow(doc.doctype) is not None:
        buttons += [FormButton("workflow", t.action, group="Workflow") for t in available_transitions(doc)]
    return buttons


def workflow_state(doc: Document) -> dict[str, Any] | None:
    """The document's workflow state field and value, when its doctype has an active workflow."""
    workflow = get_workflow(doc.doctype)
    if workflow is None:
        return None
    return {"field": workflow.state_field, "state": doc.get(workflow.state_field)}
