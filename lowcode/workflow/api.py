"""Whitelisted workflow methods, with Frappe's names as aliases (`frappe.model.workflow.*`)."""

from __future__ import annotations

from typing import Any

from lowcode.client import doc_response, get_permitted_doc
from lowcode.db.filters import parse_json_arg
from lowcode.exceptions import ValidationError
from lowcode.web.whitelist import whitelist
from lowcode.workflow.engine import apply_workflow as _apply
from lowcode.workflow.engine import available_transitions, transitions_as_dicts


@whitelist(methods=("POST",))
def apply_workflow(doctype: str, name: str, action: str) -> dict[str, Any]:
    """Take `action` on a document the user may read; answers the saved document."""
    return doc_response(_apply(get_permitted_doc(doctype, name, "read"), str(action)))


@whitelist()
def get_transitions(doctype: str, name: str) -> list[dict[str, Any]]:
    """The actions the current user may take on the document now."""
    return transitions_as_dicts(available_transitions(get_permitted_doc(doctype, name, "read")))


def _doc_ref(doc: Any) -> tuple[str, str]:
    data = parse_json_arg(doc, "doc", "")
    if not isinstance(data, dict) or not isinstance(data.get("doctype"), str) or not isinstance(data.get("name"), str):
        raise ValidationError("Pass doc as a JSON object with its doctype and name.")
    return data["doctype"], data["name"]


@whitelist(methods=("POST",))
def frappe_apply_workflow(doc: Any, action: str) -> dict[str, Any]:
    """Frappe's `frappe.model.workflow.apply_workflow(doc, action)`."""
    return apply_workflow(*_doc_ref(doc), action)


@whitelist()
def frappe_get_transitions(doc: Any) -> list[dict[str, Any]]:
    """Frappe's `frappe.model.workflow.get_transitions(doc)`."""
    return get_transitions(*_doc_ref(doc))
