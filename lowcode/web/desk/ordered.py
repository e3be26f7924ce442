"""/app/<doctype-slug>/view/ordered?order_field=<Int field>&fields=a,b: reorder records by drag and edit a few columns.

Other query arguments naming a field filter the records (`&pipeline=Sales`: one pipeline's stages).

The generic editor behind screens like the CRM's Sales Stage editor: every changed record
is saved normally (permissions, validation, versions), all in one request.
"""

from __future__ import annotations

from typing import Any

from lowcode import client
from lowcode.context import Local
from lowcode.db.filters import parse_json_arg
from lowcode.db.query import get_list
from lowcode.exceptions import ValidationError
from lowcode.meta.cache import get_meta
from lowcode.meta.fieldtypes import CoercionError
from lowcode.meta.meta import DocField, Meta
from lowcode.perms import has_permission, readable_fields
from lowcode.utils.json import to_jsonable
from lowcode.web.desk.render import Desk, doctype_for, render
from lowcode.web.request import Call, Reply
from lowcode.web.whitelist import whitelist

EDITABLE = ("Data", "Int", "Float", "Percent", "Currency", "Check", "Select", "Small Text", "Color")
MAX_ROWS = 200


def get_order_field(meta: Meta, wanted: Any) -> DocField:
    df = meta.get_field(str(wanted or ""))
    if df is None or df.fieldtype not in ("Int", "Float"):
        raise ValidationError(f"{meta.name} has no number field '{wanted}' to order by.", doctype=meta.name)
    return df


def columns(meta: Meta, wanted: Any, order: DocField) -> list[DocField]:
    names = [n.strip() for n in str(wanted or "").split(",") if n.strip()]
    allowed = readable_fields(meta.name)
    fields = [meta.get_field(n) for n in names] if names else [df for df in meta.data_fields if df.in_list_view]
    return [
        df
        for df in fields
        if df and df.fieldname != order.fieldname and df.fieldtype in EDITABLE and (allowed is None or df.fieldname in allowed)
    ]


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    meta = doctype_for(call.path_params["slug"])
    order = get_order_field(meta, call.args.get("order_field"))
    shown = columns(meta, call.args.get("fields"), order)
    title = meta.title_field if meta.title_field and meta.get_field(meta.title_field) else "name"
    filters = {
        k: str(v) for k, v in call.args.items() if k not in ("order_field", "fields") and meta.get_field(k) and meta.get_field(k).has_column
    }  # type: ignore[union-attr]
    rows = get_list(meta.name, fields=list(dict.fromkeys(["name", title, order.fieldname, *[df.fieldname for df in shown]])),
                    filters=filters, order_by=f"{order.fieldname} asc", limit=MAX_ROWS)  # fmt: skip
    return render("desk/ordered.html", desk, meta=meta, order=order, shown=shown, rows=rows, title=title, filters=filters,
                  can_write=has_permission(meta.name, "write"))  # fmt: skip


@whitelist(methods=("POST",))
def save_order(doctype: str, order_field: str, rows: Any) -> dict[str, Any]:
    """Give each record its position (1, 2, ...) in `order_field` and the edited values; only changed records are saved."""
    meta = get_meta(doctype)
    order = get_order_field(meta, order_field)
    items = parse_json_arg(rows, "rows", doctype)
    if not isinstance(items, list) or len(items) > MAX_ROWS:
        raise ValidationError(f"Pass at most {MAX_ROWS} rows as a JSON list.", doctype=doctype)
    changed = 0
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValidationError("Each row needs a name.", doctype=doctype)
        values = {k: v for k, v in (item.get("values") or {}).items() if meta.get_field(k) and meta.get_field(k).fieldtype in EDITABLE}
        values[order.fieldname] = position
        doc = client.get_permitted_doc(doctype, item["name"], "read")
        if _differs(meta, doc, values):
            client.update_doc(doctype, item["name"], values)
            changed += 1
    return {"changed": changed}


def _differs(meta: Meta, doc: Any, values: dict[str, Any]) -> bool:
    for key, value in values.items():
        df = meta.get_field(key)
        try:
            new = df.ftype.coerce(value, df) if df else value
        except CoercionError:
            return True
        if to_jsonable(new) != to_jsonable(doc.get(key)):
            return True
    return False
