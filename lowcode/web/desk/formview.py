"""/app/<doctype-slug>/<name> and /new: the form view, quick entry, and the print placeholder."""

from __future__ import annotations

from typing import Any

from lowcode import client
from lowcode.assignment.rules import has_rules, meets_close_condition
from lowcode.assignment.todo import open_assignments
from lowcode.context import Local
from lowcode.db.query import get_all
from lowcode.duplicates import find_duplicates
from lowcode.exceptions import PermissionError
from lowcode.meta.cache import all_metas, get_meta
from lowcode.meta.meta import Meta
from lowcode.model.document import Document, new_doc
from lowcode.perms import has_permission, readable_fields, strip_unreadable
from lowcode.utils.json import dumps
from lowcode.web.desk.form_actions import form_buttons, workflow_state
from lowcode.web.desk.layout import build_layout, grid_columns, widget_for
from lowcode.web.desk.render import Desk, doctype_for, json_script, render
from lowcode.web.desk.state import form_state
from lowcode.web.desk.timeline import timeline
from lowcode.web.request import Call, Reply


def _attachments(doc: Document) -> list[dict[str, Any]]:
    if doc.is_new() or "File" not in all_metas(doc_site()):
        return []
    return get_all("File", fields=["name", "file_name", "file_url", "file_size"], order_by="creation desc", limit=50,
                   filters={"attached_to_doctype": doc.doctype, "attached_to_name": doc.name})  # fmt: skip


def doc_site() -> Any:
    from lowcode.context import local

    return local.site


def _rights(doc: Document, by_workflow: bool) -> dict[str, bool]:
    """What the standard buttons may do; a workflow takes over submit and cancel."""
    meta = doc.meta
    saved = not doc.is_new()
    status = int(doc.docstatus or 0)
    return {
        "submit": saved and not by_workflow and bool(meta.is_submittable) and status == 0 and has_permission(meta.name, "submit", doc),
        "cancel": saved and not by_workflow and status == 1 and has_permission(meta.name, "cancel", doc),
        "amend": saved and status == 2 and has_permission(meta.name, "amend", doc),
        "delete": saved and status != 1 and not meta.issingle and has_permission(meta.name, "delete", doc),
        "print": saved and has_permission(meta.name, "print", doc),
    }


def form_context(doc: Document, desk: Desk, *, quick: bool = False) -> dict[str, Any]:
    meta = doc.meta
    allowed = readable_fields(meta.name)
    visible = None if allowed is None else set(allowed)
    values = strip_unreadable(meta.name, doc.as_dict(convert=True))
    state = form_state(doc, desk.user)
    layout = build_layout(meta, visible)
    if quick:
        wanted = {df.fieldname for df in meta.data_fields if df.reqd or df.allow_in_quick_entry}
        layout = build_layout(_only(meta, wanted), visible)
    children = {df.fieldname: get_meta(df.options or "") for df in meta.table_fields}
    workflow = workflow_state(doc)
    return {
        "meta": meta, "doc": doc, "values": values, "layout": layout, "state": state, "widget_for": widget_for,
        "children": children, "new_row_read_only": {k: _new_row_read_only(m, k in state["read_only"] or not state["editable"]) for k, m in children.items()},
        "grid_columns": {k: grid_columns(m) for k, m in children.items()}, "rights": _rights(doc, workflow is not None),
        "buttons": [] if quick else form_buttons(doc), "workflow": workflow,
        "is_new": doc.is_new(), "dumps": dumps, "quick": quick,
        "labels": json_script({df.fieldname: desk.label(df) for df in meta.fields if df.label}),
        "duplicates": [] if doc.is_new() or meta.issingle else find_duplicates(doc),
    }  # fmt: skip


def _new_row_read_only(child: Meta, locked: bool) -> list[str]:
    return [df.fieldname for df in child.data_fields if df.read_only or locked]


def _only(meta: Meta, wanted: set[str]) -> Meta:
    from dataclasses import replace

    return replace(meta, fields=[df for df in meta.fields if df.fieldname in wanted])


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    meta = doctype_for(call.path_params["slug"])
    name = str(call.path_params["name"])
    doc = client.get_permitted_doc(meta.name, meta.name if meta.issingle else name, "read")
    context = form_context(doc, desk)
    assignments = [] if meta.issingle else open_assignments(doc.doctype, doc.name)
    by_rule = (not assignments and not meta.issingle and has_rules(meta.name) and has_permission(meta.name, "write", doc)
               and not meets_close_condition(doc))  # fmt: skip
    context.update(timeline=timeline(doc, desk) if not meta.issingle else [], attachments=_attachments(doc),
                   assignments=assignments, assign_by_rule=by_rule)  # fmt: skip
    return render("desk/form.html", desk, **context)


def new(call: Call, ctx: Local, desk: Desk) -> Reply:
    """A new document; query arguments prefill fields (route options), `quick=1` answers the quick-entry dialog."""
    meta = doctype_for(call.path_params["slug"])
    if not has_permission(meta.name, "create") or meta.istable:
        raise PermissionError(f"{ctx.user} may not create {meta.name} records.", doctype=meta.name)
    prefill = {k: v for k, v in call.args.items() if meta.get_field(k) and meta.get_field(k).has_column}  # type: ignore[union-attr]
    doc = new_doc(meta.name, **prefill)
    doc._set_defaults()
    quick = str(call.args.get("quick") or "") == "1"
    context = form_context(doc, desk, quick=quick)
    context.update(timeline=[], attachments=[], assignments=[])
    return render("desk/quick_entry.html" if quick else "desk/form.html", desk, **context)
