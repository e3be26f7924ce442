"""Collecting a document's problems and raising them as one ValidationError.

Each problem names where it is in words a business admin reads ("Row 2 of Items:
Quantity ..."); the error carries `errors` (fieldname, row, message) so a form can show
each message next to its field, like the platform's own checks.
"""

from __future__ import annotations

from typing import Any, NoReturn

from lowcode.exceptions import ValidationError
from lowcode.model.base import BaseDocument
from lowcode.model.document import Document


def label(doc: BaseDocument, fieldname: str) -> str:
    df = doc.meta.get_field(fieldname)
    return df.display_label if df else fieldname.replace("_", " ").title()


def title(doc: BaseDocument) -> str:
    """ "Quotation 'SAL-QTN-2026-00001'", or "New Quotation" while it is being inserted."""
    root = doc.parent_doc or doc
    if root.name and not (isinstance(root, Document) and root.is_new()):
        return f"{root.doctype} '{root.name}'"
    return f"New {root.doctype}"


def where(doc: BaseDocument, fieldname: str) -> str:
    """'Quantity' on the document, 'Row 2 of Items: Quantity' on a child row."""
    parent = doc.parent_doc
    if parent is None:
        return label(doc, fieldname)
    return f"Row {doc.idx} of {label(parent, doc.parentfield or '')}: {label(doc, fieldname)}"


class Problems:
    """Problems found in one document, raised together by `raise_if_any`."""

    def __init__(self, doc: BaseDocument) -> None:
        self.doc = doc
        self.errors: list[dict[str, Any]] = []

    def add(self, row: BaseDocument, fieldname: str, message: str) -> None:
        """Record '<where> <message>' for `fieldname` of `row` (the document or one of its rows)."""
        entry: dict[str, Any] = {"fieldname": fieldname, "message": f"{where(row, fieldname)} {message}"}
        if row.parent_doc is not None:
            entry.update(row=row.idx, tablefield=row.parentfield)
        self.errors.append(entry)

    def error(self) -> ValidationError:
        """One error listing every problem (there must be at least one)."""
        root = self.doc.parent_doc or self.doc
        return ValidationError(
            f"{title(self.doc)}: " + "; ".join(e["message"] for e in self.errors) + ".",
            doctype=root.doctype, name=root.name, fieldname=self.errors[0]["fieldname"], errors=self.errors,
        )  # fmt: skip

    def raise_if_any(self) -> None:
        if self.errors:
            raise self.error()


def refuse(doc: BaseDocument, fieldname: str, message: str) -> NoReturn:
    """Raise one problem at once."""
    problems = Problems(doc)
    problems.add(doc, fieldname, message)
    raise problems.error()
