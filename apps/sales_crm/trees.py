"""Hierarchies kept by a parent Link (customer groups, territories, contacts' reporting lines)."""

from __future__ import annotations

import lowcode
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document

MAX_DEPTH = 1000


def ancestors(doctype: str, name: str, parent_field: str) -> list[str]:
    """`name` and the chain above it, nearest first; stops at the root or at a repeated name."""
    chain = [name]
    while len(chain) < MAX_DEPTH:
        parent = lowcode.get_value(doctype, chain[-1], parent_field)
        if not parent or parent in chain:
            break
        chain.append(parent)
    return chain


def check_no_cycle(doc: Document, parent_field: str) -> None:
    """Refuse a parent that is the document itself or one of the documents below it."""
    parent = doc.get(parent_field)
    if not parent or not doc.name:
        return
    label = doc.meta.get_field(parent_field).display_label.lower()  # type: ignore[union-attr]
    if parent == doc.name:
        raise ValidationError(
            f"{doc.doctype} '{doc.name}' cannot be its own {label}.", doctype=doc.doctype, name=doc.name, fieldname=parent_field
        )
    chain = ancestors(doc.doctype, parent, parent_field)
    if doc.name in chain:
        path = " → ".join(reversed(chain[: chain.index(doc.name) + 1]))
        raise ValidationError(
            f"{doc.doctype} '{doc.name}' cannot have '{parent}' as its {label}, because '{parent}' is already "
            f"below '{doc.name}' ({path}). That would make a loop; choose a {label} outside this branch.",
            doctype=doc.doctype, name=doc.name, fieldname=parent_field,
        )  # fmt: skip
