"""A form's live state, computed on the server: hidden, mandatory and read-only fields.

`depends_on`, `mandatory_depends_on` and `read_only_depends_on` are written by admins, so
they are evaluated here with `lowcode.utils.safe_expr`, never in the browser.
"""

from __future__ import annotations

from typing import Any

from lowcode.model.document import Document
from lowcode.perms import has_permission
from lowcode.perms.rules import user_rules
from lowcode.utils.safe_expr import ExpressionError, evaluate_bool


def _true(expression: str | None, row: Any, default: bool) -> bool:
    if not expression:
        return default
    try:
        return evaluate_bool(expression, row)
    except ExpressionError:
        return default


def can_write(doc: Document) -> bool:
    if doc.is_new():
        return has_permission(doc.doctype, "create")
    return doc.docstatus != 2 and has_permission(doc.doctype, "write", doc)


def _row_state(row: Any, editable: bool, docstatus: int, write_levels: frozenset[int] | None) -> dict[str, list[str]]:
    hidden, mandatory, read_only = [], [], []
    for df in row.meta.fields:
        if df.ftype.is_layout and df.fieldtype not in ("Section Break", "Tab Break"):
            continue
        empty_output = df.read_only and df.has_column and not df.ftype.numeric and row.get(df.fieldname) in (None, "")
        if df.hidden or empty_output or not _true(df.depends_on, row, True):
            hidden.append(df.fieldname)
        if df.reqd or _true(df.mandatory_depends_on, row, False):
            mandatory.append(df.fieldname)
        locked = docstatus == 1 and not df.allow_on_submit
        level_ok = write_levels is None or df.permlevel in write_levels
        if df.read_only or locked or not editable or not level_ok or _true(df.read_only_depends_on, row, False):
            read_only.append(df.fieldname)
    return {"hidden": hidden, "mandatory": mandatory, "read_only": read_only}


def form_state(doc: Document, user: str) -> dict[str, Any]:
    """{hidden, mandatory, read_only, rows: {tablefield: [row state, ...]}} for `doc` as `user` sees it."""
    editable = can_write(doc)
    levels = None if user == "Administrator" else user_rules(doc.doctype, user).write_levels | frozenset({0})
    docstatus = int(doc.docstatus or 0)
    state: dict[str, Any] = _row_state(doc, editable, docstatus, levels)
    state["rows"] = {
        df.fieldname: [_row_state(row, editable, docstatus, levels) for row in doc.get(df.fieldname) or []] for df in doc.meta.table_fields
    }
    state["editable"] = editable
    return state
