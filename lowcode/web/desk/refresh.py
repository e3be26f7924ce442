"""`refresh`: the form's live state for its current (unsaved) values.

Runs coercion, `fetch_from` and the controller's `validate` inside a savepoint that is
always rolled back, then answers the computed values (live totals), their display text,
and which fields are hidden, mandatory or read-only.
"""

from __future__ import annotations

import copy
from typing import Any

from lowcode import client
from lowcode.context import local
from lowcode.db.filters import parse_json_arg
from lowcode.exceptions import LowcodeError, PermissionError, ValidationError
from lowcode.meta.cache import get_meta
from lowcode.meta.fieldtypes import CoercionError
from lowcode.model.document import Document, new_doc
from lowcode.model.validation import all_rows, fetch_linked_values
from lowcode.perms import has_permission, strip_unreadable
from lowcode.utils.json import to_jsonable
from lowcode.web.desk.render import make_desk
from lowcode.web.desk.state import form_state
from lowcode.web.whitelist import whitelist


def _coerce_loose(doc: Document) -> list[dict[str, Any]]:
    """Coerce what can be; leave bad input as typed and report it."""
    problems = []
    for row in all_rows(doc):
        for df in row.meta.data_fields:
            try:
                row.__dict__[df.fieldname] = df.ftype.coerce(row.__dict__.get(df.fieldname), df)
            except CoercionError as exc:
                entry = {"fieldname": df.fieldname, "message": f"{df.display_label} {exc}"}
                if row.parent_doc is not None:
                    entry.update(row=row.idx, tablefield=row.parentfield)
                problems.append(entry)
    return problems


def _load(doctype: str, data: dict[str, Any]) -> tuple[Document, Document | None]:
    name = data.get("name")
    values = client.clean_input(doctype, data)
    for key in ("name", "modified", "docstatus"):
        values.pop(key, None)
    if name and not str(name).startswith("new-"):
        doc = client.get_permitted_doc(doctype, name, "read")
        before = copy.copy(doc)
        doc.update(values)
        return doc, before
    if not has_permission(doctype, "create"):
        raise PermissionError(f"{local.user} may not create {doctype} records.", doctype=doctype)
    doc = new_doc(doctype, **values)
    doc._set_defaults()
    return doc, None


@whitelist(methods=("POST",))
def refresh(doctype: str, doc: Any) -> dict[str, Any]:
    """The live state of a form: computed values, display text, hidden/mandatory/read-only fields."""
    data = parse_json_arg(doc, "doc", doctype)
    if not isinstance(data, dict):
        raise ValidationError("Pass the form's values as a JSON object.", doctype=doctype)
    meta = get_meta(doctype)
    if meta.istable:
        raise ValidationError(f"{doctype} rows are refreshed with their parent document.", doctype=doctype)
    savepoint = local.db.conn.begin_nested()
    try:
        document, before = _load(doctype, data)
        problems = _coerce_loose(document)
        message = None
        if not problems:
            try:
                fetch_linked_values(document, before)
                document.run_method("validate")
                problems = _coerce_loose(document)
            except LowcodeError as exc:
                message = exc.message
                problems = list(exc.data.get("errors") or [])
        state = form_state(document, local.user)
        values = strip_unreadable(doctype, document.as_dict(convert=True))
        formatted = _formatted(document)
    finally:
        savepoint.rollback()
    return {**state, "values": values, "formatted": formatted, "errors": problems, "message": message}


def _formatted(doc: Document) -> dict[str, Any]:
    """Display text of read-only fields (totals in the document's currency), rows included."""
    desk = make_desk()
    out: dict[str, Any] = {}
    for df in doc.meta.data_fields:
        if df.read_only:
            out[df.fieldname] = desk.fmt(df, doc.get(df.fieldname), doc)
    for table in doc.meta.table_fields:
        rows = []
        for row in doc.get(table.fieldname) or []:
            rows.append({df.fieldname: desk.fmt(df, row.get(df.fieldname), doc) for df in row.meta.data_fields if df.read_only})
        out[table.fieldname] = rows
    return {k: to_jsonable(v) for k, v in out.items()}
