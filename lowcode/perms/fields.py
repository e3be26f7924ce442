"""Field-level permissions (`permlevel`): hide what a user may not read, refuse what they may not write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lowcode.context import local
from lowcode.exceptions import PermissionError
from lowcode.meta.cache import get_meta
from lowcode.perms.roles import ADMIN
from lowcode.perms.rules import user_rules
from lowcode.utils.json import to_jsonable

if TYPE_CHECKING:
    from lowcode.model.document import Document


def _levels(doctype: str, user: str, write: bool) -> frozenset[int] | None:
    """None means every level (Administrator)."""
    if user == ADMIN:
        return None
    rules = user_rules(doctype, user)
    return (
        rules.write_levels
        if write
        else rules.read_levels | (frozenset({0}) if rules.allows("read") or rules.allows("select") else frozenset())
    )


def readable_levels(doctype: str, user: str | None = None) -> frozenset[int] | None:
    """Permlevels the user may read on `doctype` (a parent doctype); None when all."""
    return _levels(doctype, user or local.user, write=False)


def readable_fields(doctype: str, user: str | None = None, parent_doctype: str | None = None) -> set[str] | None:
    """Fieldnames the user may read; None when all of them. Child tables take the parent's levels."""
    user = user or local.user
    levels = _levels(parent_doctype or doctype, user, write=False)
    meta = get_meta(doctype)
    if levels is None or all(df.permlevel in levels for df in meta.fields):
        return None
    return {df.fieldname for df in meta.fields if df.permlevel in levels} | set(meta.standard_fieldnames)


def strip_unreadable(doctype: str, values: dict[str, Any], user: str | None = None,
                     parent_doctype: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Remove fields above the user's read levels (child rows included) from a dict."""
    allowed = readable_fields(doctype, user, parent_doctype)
    meta = get_meta(doctype)
    out = {k: v for k, v in values.items() if allowed is None or k in allowed or not meta.get_field(k)}
    for df in meta.table_fields:
        rows = out.get(df.fieldname)
        if isinstance(rows, list):
            out[df.fieldname] = [
                strip_unreadable(df.options or "", r, user, parent_doctype or doctype) if isinstance(r, dict) else r for r in rows
            ]
    return out


def check_field_levels(doc: Document, before: Document | None) -> None:
    """Refuse a save that changes a field above the user's write levels."""
    user = local.user
    refused = _refused_tables(doc, before, user)
    for row_doc, row_before in _pairs(doc, before):
        levels = _levels(row_doc.doctype if row_doc.parent_doc is None else doc.doctype, user, write=True)
        if levels is None:
            return
        for df in row_doc.meta.data_fields:
            if df.permlevel in levels:
                continue
            new = to_jsonable(row_doc.get(df.fieldname))
            if row_before is not None:
                old = to_jsonable(row_before.get(df.fieldname))
            else:
                old = to_jsonable(df.ftype.coerce(df.default, df)) if df.default else to_jsonable(df.ftype.empty_value())
            if new != old and not (new in (None, "", 0) and old in (None, "", 0)):
                refused.append(df.display_label)
    if refused:
        raise PermissionError(
            f"{user} may not change {', '.join(refused)} on {doc.doctype} '{doc.name or 'new'}'.",
            doctype=doc.doctype, name=doc.name, fields=refused,
        )  # fmt: skip


def _refused_tables(doc: Document, before: Document | None, user: str) -> list[str]:
    """Labels of child tables above the user's write levels whose rows were added, removed or changed."""
    levels = _levels(doc.doctype, user, write=True)
    if levels is None:
        return []
    refused = []
    for df in doc.meta.table_fields:
        if df.permlevel in levels:
            continue
        old = [_row_values(r) for r in before.get(df.fieldname)] if before is not None else []
        if [_row_values(r) for r in doc.get(df.fieldname)] != old:
            refused.append(df.display_label)
    return refused


def _row_values(row: Any) -> dict[str, Any]:
    return {df.fieldname: to_jsonable(row.get(df.fieldname)) for df in row.meta.data_fields}


def _pairs(doc: Document, before: Document | None) -> list[tuple[Any, Any]]:
    pairs: list[tuple[Any, Any]] = [(doc, before)]
    old_rows = {r.name: r for r in before.get_children()} if before is not None else {}
    for row in doc.get_children():
        pairs.append((row, old_rows.get(row.name)))
    return pairs
