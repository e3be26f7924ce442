"""Whitelisted functions behind `/api/method/...`, with Frappe's `frappe.client.*` names.

Every read goes through the permission-aware query builder; every write through a
normal document save (permissions, field levels, validation, optimistic locking).
"""

from __future__ import annotations

from typing import Any

from lowcode.context import local
from lowcode.db.filters import InvalidQueryError, parse_json_arg
from lowcode.db.query import get_count as _count
from lowcode.db.query import get_list as _list
from lowcode.exceptions import AuthenticationError, DoesNotExistError, PermissionError, ValidationError
from lowcode.meta.cache import get_meta
from lowcode.model.deletion import delete_doc
from lowcode.model.document import Document, get_doc, new_doc
from lowcode.model.persistence import exists
from lowcode.perms import GUEST, has_permission, strip_unreadable
from lowcode.perms.fields import readable_fields
from lowcode.web.whitelist import whitelist

#: standard fields a client may never set
PROTECTED_FIELDS = {"owner", "creation", "modified_by", "idx", "parent", "parentfield", "parenttype", "doctype", "amended_from"}


def _meta_or_404(doctype: Any) -> Any:
    if not isinstance(doctype, str) or not doctype:
        raise ValidationError("Which doctype? Pass doctype.")
    return get_meta(doctype)


def get_permitted_doc(doctype: str, name: Any, right: str = "read") -> Document:
    """Load a document the user may `right`, checked through the query builder's read
    condition (the same rule as lists), then the document-level hooks."""
    meta = _meta_or_404(doctype)
    if meta.istable:
        raise InvalidQueryError(f"{doctype} is a child table; read it through its parent document.", doctype=doctype)
    if meta.issingle:
        if not has_permission(doctype, right):
            raise _denied(f"You may not {right} {doctype}.", doctype=doctype)
        return get_doc(doctype)
    if not isinstance(name, str) or not name:
        raise ValidationError(f"Which {doctype}? Pass its name.", doctype=doctype)
    visible = _list(doctype, fields=["name"], filters=[["name", "=", name]], limit=1, right=right) if has_permission(doctype, right) else []
    if not visible:
        if exists(doctype, name):
            raise _denied(f"You may not {right} {doctype} '{name}'.", doctype=doctype, name=name)
        raise DoesNotExistError(f"{doctype} '{name}' not found.", doctype=doctype, name=name)
    doc = get_doc(doctype, name)
    if not has_permission(doctype, right, doc):
        raise _denied(f"You may not {right} {doctype} '{name}'.", doctype=doctype, name=name)
    return doc


def _denied(message: str, **data: Any) -> PermissionError | AuthenticationError:
    """A refusal: 'log in' for Guest (401), 'not permitted' for a logged-in user (403)."""
    if local.user == GUEST:
        return AuthenticationError(f"Log in first. {message}", **data)
    return PermissionError(message, **data)


def doc_response(doc: Document) -> dict[str, Any]:
    """A document as the current user may see it."""
    return strip_unreadable(doc.doctype, doc.as_dict(convert=True))


def clean_input(doctype: str, data: Any, *, child: bool = False) -> dict[str, Any]:
    """Client values for a document: unknown fields refused, platform fields ignored."""
    if not isinstance(data, dict):
        raise ValidationError(f"{doctype}: the document must be a JSON object.", doctype=doctype)
    meta = get_meta(doctype)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or key.startswith("__") or key in PROTECTED_FIELDS:
            continue
        if key in ("name", "modified", "docstatus"):
            out[key] = value
            continue
        df = meta.get_field(key)
        if df is None or not (df.has_column or df.ftype.is_table or df.fieldtype == "Password"):
            raise ValidationError(f"{doctype} has no field '{key}'.", doctype=doctype, fieldname=key)
        if df.ftype.is_table:
            rows = parse_json_arg(value, key, doctype) or []
            if not isinstance(rows, list):
                raise ValidationError(f"{doctype}: {df.display_label} must be a list of rows.", doctype=doctype, fieldname=key)
            out[key] = [clean_input(df.options or "", row, child=True) for row in rows]
        else:
            out[key] = value
    if child:
        out.pop("docstatus", None)
        out.pop("modified", None)
    return out


def _doc_arg(doc: Any) -> dict[str, Any]:
    value = parse_json_arg(doc, "doc", "")
    if not isinstance(value, dict) or not isinstance(value.get("doctype"), str):
        raise ValidationError("Pass the document as a JSON object with a 'doctype'.")
    return value


def insert_doc(doctype: str, data: Any) -> Document:
    values = clean_input(doctype, data)
    docstatus = str(values.pop("docstatus", 0))
    if docstatus not in ("0", "1"):
        raise ValidationError(f"A new {doctype} has docstatus 0 (draft) or 1 (submit at once), not {docstatus[:20]!r}.", doctype=doctype)
    submit = docstatus == "1"
    values.pop("modified", None)
    name = values.pop("name", None)
    doc = new_doc(doctype, **values)
    if name and get_meta(doctype).autoname in ("prompt", "Prompt"):
        doc.name = str(name)
    doc.insert()
    if submit:
        doc.submit()
    return doc


def update_doc(doctype: str, name: str, data: Any) -> Document:
    values = clean_input(doctype, data)
    values.pop("name", None)
    doc = get_permitted_doc(doctype, name, "read")
    docstatus = values.pop("docstatus", None)
    doc.update(values)
    if docstatus is not None and str(docstatus) != str(doc.docstatus):
        target = int(docstatus) if str(docstatus) in ("0", "1", "2") else -1
        if target == 1:
            return doc.submit()
        if target == 2:
            return doc.cancel()
        raise ValidationError(f"{doctype} '{name}': docstatus can only move forward (submit 1, cancel 2).", doctype=doctype, name=name)
    return doc.save()


# ---- frappe.client.* -----------------------------------------------------------------------
@whitelist()
def get_list(doctype: str, fields: Any = None, filters: Any = None, order_by: str | None = None,
             limit_start: Any = 0, limit_page_length: Any = 20, parent: str | None = None, or_filters: Any = None,
             group_by: str | None = None, limit: Any = None, as_dict: Any = True, pluck: str | None = None,
             distinct: Any = False) -> list[Any]:  # fmt: skip
    _meta_or_404(doctype)
    return _list(doctype, fields=fields, filters=filters, or_filters=or_filters, order_by=order_by, group_by=group_by,
                 limit_start=limit_start, limit_page_length=limit_page_length, limit=limit, pluck=pluck,
                 as_list=str(as_dict).lower() in ("0", "false"), distinct=_truthy(distinct), parent_doctype=parent)  # fmt: skip


@whitelist()
def get_count(doctype: str, filters: Any = None, or_filters: Any = None, distinct: Any = False, parent: str | None = None) -> int:
    _meta_or_404(doctype)
    return _count(doctype, filters=filters, or_filters=or_filters, distinct=_truthy(distinct), parent_doctype=parent)


@whitelist()
def get_value(doctype: str, fieldname: Any = "name", filters: Any = None, as_dict: Any = True, parent: str | None = None) -> Any:
    _meta_or_404(doctype)
    fields = _json_or_text(fieldname, "fieldname", doctype)
    fields = fields if isinstance(fields, list) else [fields]
    parsed = _json_or_text(filters, "filters", doctype)
    if isinstance(parsed, str):
        parsed = {"name": parsed}
    rows = _list(doctype, fields=fields, filters=parsed, limit=1, parent_doctype=parent)
    if not rows:
        return None
    row = rows[0]
    if _truthy(as_dict) or len(fields) > 1:
        return row
    return next(iter(row.values()))


@whitelist()
def get(doctype: str, name: str | None = None, filters: Any = None) -> dict[str, Any]:
    _meta_or_404(doctype)
    if name is None and filters is not None:
        names = _list(doctype, fields=["name"], filters=filters, limit=1, pluck="name")
        if not names:
            raise DoesNotExistError(f"No {doctype} matches the filters.", doctype=doctype)
        name = names[0]
    return doc_response(get_permitted_doc(doctype, name or doctype))


@whitelist(methods=("POST", "PUT"))
def set_value(doctype: str, name: str, fieldname: Any, value: Any = None) -> dict[str, Any]:
    parsed = (
        parse_json_arg(fieldname, "fieldname", doctype) if isinstance(fieldname, str) and fieldname.strip().startswith("{") else fieldname
    )
    values = parsed if isinstance(parsed, dict) else {parsed: value}
    return doc_response(update_doc(doctype, name, values))


@whitelist(methods=("POST",))
def insert(doc: Any) -> dict[str, Any]:
    data = _doc_arg(doc)
    return doc_response(insert_doc(data.pop("doctype"), data))


@whitelist(methods=("POST",))
def save(doc: Any) -> dict[str, Any]:
    data = _doc_arg(doc)
    doctype = data.pop("doctype")
    if not data.get("name"):
        return doc_response(insert_doc(doctype, data))
    return doc_response(update_doc(doctype, data["name"], data))


@whitelist(methods=("POST", "DELETE"))
def delete(doctype: str, name: str) -> None:
    get_permitted_doc(doctype, name, "read")
    delete_doc(doctype, name)


@whitelist(methods=("POST",))
def submit(doc: Any) -> dict[str, Any]:
    data = _doc_arg(doc)
    doctype = data.pop("doctype")
    if data.get("name") and exists(doctype, str(data["name"])):
        target = get_permitted_doc(doctype, data["name"], "read")
        target.update({k: v for k, v in clean_input(doctype, data).items() if k not in ("name", "docstatus")})
        return doc_response(target.submit())
    created = insert_doc(doctype, data)
    return doc_response(created.submit())


@whitelist(methods=("POST",))
def cancel(doctype: str, name: str) -> dict[str, Any]:
    return doc_response(get_permitted_doc(doctype, name, "read").cancel())


@whitelist()
def get_logged_user() -> str:
    return str(local.user)


# ---- lowcode.client.* ----------------------------------------------------------------------
@whitelist()
def get_meta_for_user(doctype: str) -> dict[str, Any]:
    """The merged metadata of `doctype`, with only the fields the user may read."""
    meta = _meta_or_404(doctype)
    if not any(has_permission(doctype, r) for r in ("read", "select", "create")) and not meta.istable:
        raise PermissionError(f"You may not see {doctype}.", doctype=doctype)
    data = meta.as_dict()
    allowed = readable_fields(doctype) if not meta.istable else None
    if allowed is not None:
        data["fields"] = [f for f in data["fields"] if f["fieldname"] in allowed]
    return data


@whitelist()
def search_link(doctype: str, txt: str = "", filters: Any = None, page_length: Any = 10) -> list[dict[str, Any]]:
    """Records of `doctype` matching `txt` that the user may select, for link fields."""
    meta = _meta_or_404(doctype)
    if meta.istable or meta.issingle:
        raise InvalidQueryError(f"{doctype} records cannot be linked to.", doctype=doctype)
    text = str(txt or "")[:140]
    fields = ["name", *[f for f in meta.get_search_fields() if f != "name"]]
    searchable = [f for f in fields if f == "name" or (meta.get_field(f) and meta.get_field(f).ftype.searchable)]  # type: ignore[union-attr]
    or_filters = [[f, "like", f"%{_escape_like(text)}%"] for f in searchable] if text else None
    parsed = parse_json_arg(filters, "filters", doctype) or {}
    if meta.get_field("disabled") and isinstance(parsed, dict):
        parsed.setdefault("disabled", 0)
    try:
        size = min(max(int(page_length), 1), 50)
    except (TypeError, ValueError) as exc:
        raise InvalidQueryError("page_length must be a whole number.") from exc
    rows = _list(doctype, fields=searchable, filters=parsed, or_filters=or_filters, limit=size, order_by="name asc", right="select")
    out = []
    for row in rows:
        others = [str(row[f]) for f in searchable[1:] if row.get(f) not in (None, "") and str(row[f]) != row["name"]]
        entry = {"value": row["name"], "description": ", ".join(others)}
        if meta.title_field and row.get(meta.title_field):
            entry["label"] = str(row[meta.title_field])
        out.append(entry)
    return out


def _json_or_text(value: Any, what: str, doctype: str) -> Any:
    """Frappe clients send a field or a document name as plain text, lists and filters as JSON."""
    if isinstance(value, str) and not value.strip().startswith(("[", "{", '"')):
        return value
    return parse_json_arg(value, what, doctype)


def _escape_like(text: str) -> str:
    return text.replace("\\", "").replace("%", "").replace("_", " ").strip()


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes")
