"""Assignment: ToDo records that give a document to a user, by hand or by Assignment Rules.

Registered for every doctype in core's `doc_events`: `before_insert` picks the user (so
the field the rule sets, such as a lead's owner, is validated with the document) and
`after_insert` writes the ToDo, a timeline entry and a notification. `apply_on_demand`
assigns an existing document the same way. A saved document that meets a rule's close
condition (a lead converted, a deal won) has its open ToDos closed and a cancelled one has
them cancelled (a deleted one loses them), so load balancing counts only live work.
"""

from __future__ import annotations

from typing import Any

from lowcode.assignment.rules import choose, has_rules, meets_close_condition, value_for
from lowcode.assignment.todo import assign, close_assignments, open_assignments
from lowcode.context import local
from lowcode.model.document import Document, get_doc
from lowcode.perms import check_doc_permission
from lowcode.web.whitelist import whitelist

__all__ = ["apply", "apply_on_demand", "assign", "cancel_assignments", "close_assignments", "close_when_done", "open_assignments", "pick"]


def pick(doc: Document, method: str | None = None) -> None:
    """before_insert: choose the rule and user for a new document and fill the rule's field
    (a value the caller gave is kept)."""
    if doc.meta.istable or not has_rules(doc.doctype) or meets_close_condition(doc):
        return
    chosen = choose(doc)
    if chosen is None:
        return
    rule, user = chosen
    doc.flags.assignment = (rule.name, user, rule.description)
    if rule.set_field and doc.get(rule.set_field) in (None, ""):
        doc.set(rule.set_field, value_for(doc.doctype, rule.set_field, user))


def apply(doc: Document, method: str | None = None) -> Any:
    """after_insert: assign the new document to the user its rule picked (see `pick`)."""
    chosen = doc.flags.get("assignment")
    if not chosen:
        return None
    rule_name, user, description = chosen
    doc.flags.assignment = None
    return assign(doc, user, rule=rule_name, description=description)


def close_when_done(doc: Document, method: str | None = None) -> None:
    """on_update and on_update_after_submit: close the open ToDos of a document that meets a close condition of its rules."""
    if not doc.meta.istable and has_rules(doc.doctype) and meets_close_condition(doc):
        close_assignments(doc.doctype, doc.name)


def cancel_assignments(doc: Document, method: str | None = None) -> None:
    """on_cancel: the document's open ToDos are cancelled."""
    if not doc.meta.istable:
        close_assignments(doc.doctype, doc.name, status="Cancelled")


@whitelist(methods=("POST",))
def apply_on_demand(doctype: str, name: str) -> dict[str, Any] | None:
    """Assign an existing document by its rules, unless it is assigned already or done (a close condition holds).

    Answers the (new or existing) open ToDo as {name, allocated_to}, or None when no rule
    applies. Needs the right to change the document."""
    doc = get_doc(doctype, name)
    check_doc_permission(doc, "write")
    current = open_assignments(doctype, name)
    if current:
        return current[0]
    if meets_close_condition(doc):
        return None
    chosen = choose(doc)
    if chosen is None:
        return None
    rule, user = chosen
    if rule.set_field and doc.get(rule.set_field) in (None, ""):
        doc.set(rule.set_field, value_for(doctype, rule.set_field, user))
        doc.save(ignore_permissions=True)
    todo = assign(doc, user, rule=rule.name, description=rule.description)
    return {"name": todo.name, "allocated_to": todo.allocated_to, "assigned_by": local.user}
