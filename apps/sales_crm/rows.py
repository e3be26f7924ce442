"""Small helpers for child tables shared by several CRM doctypes."""

from __future__ import annotations

from lowcode.exceptions import ValidationError
from lowcode.model.document import Document


def drop_duplicates(doc: Document, tablefield: str, fieldname: str) -> None:
    """Keep the first row for each value of `fieldname` (tags, lost reasons picked twice)."""
    seen: set[str] = set()
    kept = []
    for row in doc.get(tablefield) or []:
        value = row.get(fieldname)
        if value in seen:
            continue
        seen.add(value)
        kept.append(row)
    doc.set(tablefield, kept)


def one_primary(doc: Document, tablefield: str, flag: str = "is_primary") -> None:
    """Exactly one row of a non-empty table is primary: the first one unless the user chose."""
    rows = doc.get(tablefield) or []
    if not rows:
        return
    marked = [row for row in rows if row.get(flag)]
    if len(marked) > 1:
        label = doc.meta.get_field(tablefield).display_label  # type: ignore[union-attr]
        shown = ", ".join(str(row.idx) for row in marked)
        raise ValidationError(
            f"{doc.doctype} '{doc.name or 'new'}': only one row of {label} can be primary (rows {shown} are).",
            doctype=doc.doctype, name=doc.name, fieldname=tablefield,
        )  # fmt: skip
    if not marked:
        rows[0].set(flag, 1)
