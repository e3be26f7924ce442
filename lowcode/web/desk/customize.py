"""Customize Form (System Manager): add, edit, hide and reorder fields, saved as Custom Field
and Property Setter records (each migrates the table at once); and creating custom DocTypes."""

from __future__ import annotations

import json
from typing import Any

from lowcode import client
from lowcode.context import Local, local
from lowcode.db.filters import parse_json_arg
from lowcode.db.query import get_all
from lowcode.exceptions import PermissionError, ValidationError
from lowcode.meta.cache import all_metas, get_meta
from lowcode.meta.fieldtypes import FIELDTYPES
from lowcode.meta.meta import DocField
from lowcode.model.deletion import delete_doc
from lowcode.model.document import new_doc
from lowcode.model.persistence import exists
from lowcode.perms import get_roles
from lowcode.web.desk.render import Desk, render
from lowcode.web.request import Call, Reply
from lowcode.web.whitelist import whitelist

#: what the screen edits, per field
PROPERTIES = ("label", "options", "default", "reqd", "in_list_view", "in_standard_filter", "hidden", "depends_on", "bold", "read_only")
FLAGS = {"reqd", "in_list_view", "in_standard_filter", "hidden", "bold", "read_only"}
NEW_FIELD_TYPES = tuple(name for name, ft in FIELDTYPES.items() if name not in ("Password", "Button", "Table MultiSelect"))


def require_manager() -> None:
    if local.user != "Administrator" and "System Manager" not in get_roles():
        raise PermissionError("Only a System Manager may customise forms or create document types.")


def _field_row(df: DocField) -> dict[str, Any]:
    return {
        "fieldname": df.fieldname,
        "fieldtype": df.fieldtype,
        "custom": bool(df.is_custom_field),
        **{p: getattr(df, p) for p in PROPERTIES},
    }


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    require_manager()
    doctypes = sorted(name for name, m in all_metas(ctx.site).items() if not m.issingle or m.custom)
    wanted = str(call.args.get("doctype") or "")
    meta = get_meta(wanted) if wanted else None
    rows = [_field_row(df) for df in meta.fields] if meta else []
    return render("desk/customize.html", desk, doctypes=doctypes, meta=meta, rows=rows, fieldtypes=NEW_FIELD_TYPES, flags=FLAGS,
                  properties=PROPERTIES)  # fmt: skip


def _clean(prop: str, value: Any) -> str:
    if prop in FLAGS:
        return "1" if str(value).lower() in ("1", "true", "on", "yes") else "0"
    return "" if value is None else str(value).strip()


def _setter(doctype: str, fieldname: str | None, prop: str, value: str) -> None:
    """Create or update one Property Setter; doctype-level ones are named `<doctype>-main-<property>` (Frappe's rule)."""
    name = f"{doctype}-{fieldname or 'main'}-{prop}"
    if exists("Property Setter", name):
        client.update_doc("Property Setter", name, {"value": value})
        return
    setter = new_doc("Property Setter", doctype_or_field="DocField" if fieldname else "DocType", doc_type=doctype,
                     field_name=fieldname, property=prop, value=value, property_type="Data")  # fmt: skip
    setter.insert()


def _update_standard(doctype: str, df: DocField, item: dict[str, Any]) -> None:
    for prop in PROPERTIES:
        if prop not in item:
            continue
        new, old = _clean(prop, item[prop]), _clean(prop, getattr(df, prop))
        if new != old:
            _setter(doctype, df.fieldname, prop, new if new or prop in FLAGS else "")


def _custom_values(item: dict[str, Any]) -> dict[str, Any]:
    values = {p: _clean(p, item.get(p)) for p in PROPERTIES if p in item}
    return {k: (int(v) if k in FLAGS else (v or None)) for k, v in values.items()}


def _add_custom(doctype: str, item: dict[str, Any], after: str | None) -> str:
    fieldtype = str(item.get("fieldtype") or "Data")
    if fieldtype not in NEW_FIELD_TYPES:
        raise ValidationError(f"'{fieldtype}' is not a field type you can add.", fieldname="fieldtype")
    if not str(item.get("label") or "").strip():
        raise ValidationError("Give the new field a label.", fieldname="label")
    record = new_doc("Custom Field", dt=doctype, fieldtype=fieldtype, insert_after=after, **_custom_values(item))
    record.insert()
    return str(record.fieldname)


@whitelist(methods=("POST",))
def save_customization(doctype: str, fields: Any) -> dict[str, Any]:
    """Apply the screen's field list: Custom Fields for new and custom fields, Property Setters for standard ones."""
    require_manager()
    meta = get_meta(doctype)
    items = parse_json_arg(fields, "fields", doctype)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValidationError("Pass the fields as a JSON list of objects.", doctype=doctype)
    current = {df.fieldname: df for df in meta.fields}
    order: list[str] = []
    for item in items:
        name = item.get("fieldname")
        df = current.get(name) if isinstance(name, str) else None
        if df is None:
            name = _add_custom(doctype, item, order[-1] if order else None)
        elif df.is_custom_field:
            record = f"{doctype}-{df.fieldname}"
            changes = {k: v for k, v in _custom_values(item).items() if _clean(k, v) != _clean(k, getattr(df, k))}
            if changes and exists("Custom Field", record):
                client.update_doc("Custom Field", record, changes)
        else:
            _update_standard(doctype, df, item)
        order.append(str(name))
    kept = set(order)
    for df in meta.fields:
        if df.is_custom_field and df.fieldname not in kept:
            delete_doc("Custom Field", f"{doctype}-{df.fieldname}")
    if order != [df.fieldname for df in get_meta(doctype).fields]:
        _setter(doctype, None, "field_order", json.dumps(order))
    return {"fields": order}


def new_doctype(call: Call, ctx: Local, desk: Desk) -> Reply:
    """The form for a new custom DocType; it posts a DocType record (custom: 1) to the REST API."""
    require_manager()
    roles = [r["name"] for r in get_all("Role", fields=["name"], order_by="name asc", limit=200)]
    return render("desk/new_doctype.html", desk, fieldtypes=NEW_FIELD_TYPES, roles=roles)
