"""Writing and closing ToDo records, with their timeline entries and notifications."""

from __future__ import annotations

from typing import Any

from lowcode.context import local
from lowcode.db.query import get_all
from lowcode.model.document import Document, get_doc, new_doc
from lowcode.notifications import notify
from lowcode.utils.dates import today

OPEN = "Open"


def _title(doc: Document) -> str:
    title = doc.get(doc.meta.title_field) if doc.meta.title_field else None
    return f"{doc.doctype} {doc.name}" + (f" ({title})" if title and title != doc.name else "")


def assign(doc: Document, user: str, *, rule: str | None = None, description: str | None = None,
           date: Any = None, priority: str = "Medium") -> Document:  # fmt: skip
    """Give `doc` to `user`: an open ToDo they own, an "Assigned" timeline entry and a notice."""
    todo = new_doc(
        "ToDo", allocated_to=user, reference_type=doc.doctype, reference_name=doc.name, assignment_rule=rule,
        description=description or _title(doc), assigned_by=local.user, date=date or today(), priority=priority, owner=user,
    )  # fmt: skip
    todo.flags.keep_owner = True
    todo.insert(ignore_permissions=True)
    new_doc(
        "Comment", comment_type="Assigned", reference_doctype=doc.doctype, reference_name=doc.name,
        content=f"Assigned to {user}" + (f" by rule {rule}" if rule else ""), comment_email=local.user,
    ).insert(ignore_permissions=True)  # fmt: skip
    if user != local.user:
        notify([user], f"{_title(doc)} has been assigned to you", document_type=doc.doctype, document_name=doc.name,
               message=todo.description, type="Assignment")  # fmt: skip
    return todo


def open_assignments(doctype: str, name: str) -> list[dict[str, Any]]:
    """The open ToDos of one document, oldest first (for its sidebar; the caller checks read)."""
    return get_all("ToDo", fields=["name", "allocated_to", "assigned_by"], order_by="creation asc",
                   filters={"reference_type": doctype, "reference_name": name, "status": OPEN})  # fmt: skip


def close_assignments(doctype: str, name: str, status: str = "Closed") -> int:
    """Close (or cancel) every open ToDo of one document; returns how many."""
    rows = open_assignments(doctype, name)
    for row in rows:
        todo = get_doc("ToDo", row["name"])
        todo.status = status
        todo.save(ignore_permissions=True)
    return len(rows)
