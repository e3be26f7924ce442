"""/app/<doctype-slug>: the list view (columns, standard filters, filter builder, search, sort,
pagination with a total, bulk actions, saved filters) and its export.

Every read goes through `lowcode.db.query.get_list` / `get_count` with the user's permissions.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from lowcode.context import Local, local
from lowcode.db.query import get_count, get_list
from lowcode.exceptions import PermissionError, ValidationError
from lowcode.exports.list_export import export_file
from lowcode.meta.meta import DocField, Meta
from lowcode.perms import has_permission, readable_fields
from lowcode.utils.dates import today
from lowcode.web.desk.render import Desk, doctype_for, render, url
from lowcode.web.request import Call, Reply

PAGE_SIZES = (20, 100, 500)
OPERATORS = ("=", "!=", "like", "not like", ">", "<", ">=", "<=", "is")
MAX_COLUMNS = 7
NOT_BULK = ("Attach", "Attach Image", "Password", "JSON", "Code")
NOT_FILTERABLE = ("Password", "Attach", "Attach Image", "JSON", "Code", "Text Editor", "Long Text", "Text", "Small Text")


@dataclass
class ListState:
    """The list's query, read from the URL so every view is a shareable link."""

    search: str = ""
    order_by: str = ""
    page: int = 1
    page_length: int = 20
    standard: dict[str, str] = field(default_factory=dict)
    filters: list[list[Any]] = field(default_factory=list)
    #: a Date or Datetime field whose value colours each row: overdue, today or future
    urgency: str = ""

    def all_filters(self) -> list[list[Any]]:
        return [[k, "=", v] for k, v in self.standard.items()] + self.filters

    def query(self, **changes: Any) -> dict[str, Any]:
        args: dict[str, Any] = {"q": self.search, "order_by": self.order_by, "page": self.page, "page_length": self.page_length,
                                "urgency": self.urgency}  # fmt: skip
        args["filters"] = json.dumps(self.filters) if self.filters else None
        args.update(self.standard)
        args.update(changes)
        return {k: v for k, v in args.items() if v not in (None, "", 1) or (k == "page" and v != 1)}


def _int(value: Any, default: int) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return default


def parse_state(meta: Meta, args: dict[str, Any]) -> ListState:
    state = ListState(search=str(args.get("q") or "")[:140], order_by=str(args.get("order_by") or ""))
    state.page = _int(args.get("page"), 1)
    size = _int(args.get("page_length"), 20)
    state.page_length = size if size in PAGE_SIZES else 20
    urgency = meta.get_field(str(args.get("urgency") or ""))
    if urgency is not None and urgency.fieldtype in ("Date", "Datetime"):
        state.urgency = urgency.fieldname
    for df in standard_filter_fields(meta):
        value = args.get(df.fieldname)
        if value not in (None, ""):
            state.standard[df.fieldname] = str(value)
    raw = args.get("filters")
    if raw:
        try:
            parsed = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError as exc:
            raise ValidationError("The filters in the address are not valid JSON.") from exc
        if not isinstance(parsed, list) or not all(isinstance(f, list) and len(f) == 3 for f in parsed):
            raise ValidationError("Filters must be a list of [field, operator, value].")
        state.filters = [[f, op, local.user if value == "__user" else value] for f, op, value in parsed]
    return state


def _visible(meta: Meta, fields: list[DocField]) -> list[DocField]:
    allowed = readable_fields(meta.name)
    return [df for df in fields if allowed is None or df.fieldname in allowed]


def list_columns(meta: Meta) -> list[DocField]:
    chosen = [df for df in meta.data_fields if df.in_list_view and not df.hidden and df.fieldname != meta.title_field]
    return _visible(meta, chosen)[:MAX_COLUMNS]


def standard_filter_fields(meta: Meta) -> list[DocField]:
    return _visible(meta, [df for df in meta.data_fields if df.in_standard_filter and not df.hidden])


def filterable_fields(meta: Meta) -> list[DocField]:
    return _visible(meta, [df for df in meta.data_fields if df.fieldtype not in NOT_FILTERABLE])


def search_filters(meta: Meta, text: str) -> list[list[Any]] | None:
    """OR filters over name, the title field and `search_fields` for the free-text search."""
    if not text.strip():
        return None
    names = ["name", *meta.get_search_fields()]
    allowed = readable_fields(meta.name)
    fields = []
    for name in dict.fromkeys(names):
        df = meta.get_field(name)
        if name == "name" or (df is not None and df.ftype.searchable and (allowed is None or name in allowed)):
            fields.append(name)
    pattern = "%" + text.strip().replace("%", "").replace("_", " ") + "%"
    return [[f, "like", pattern] for f in fields]


def sort_options(meta: Meta) -> list[tuple[str, str]]:
    options = [("modified", "Last Updated"), ("creation", "Created On"), ("name", "ID")]
    options += [(df.fieldname, df.display_label) for df in list_columns(meta) if df.fieldtype not in NOT_FILTERABLE]
    return list(dict(options).items())


def fetch(meta: Meta, state: ListState) -> tuple[list[dict[str, Any]], int]:
    """One page of rows and the total count, both through the permission-aware query builder."""
    columns = [df.fieldname for df in list_columns(meta)]
    title = meta.title_field if meta.title_field and meta.get_field(meta.title_field) else None
    extra = [state.urgency] if state.urgency else []
    fields = list(dict.fromkeys(["name", *([title] if title else []), *columns, *extra, "modified", "docstatus", "owner"]))
    allowed = readable_fields(meta.name)
    fields = [f for f in fields if allowed is None or f in allowed]
    filters = state.all_filters()
    ors = search_filters(meta, state.search)
    start = (state.page - 1) * state.page_length
    order = state.order_by or None
    rows = get_list(meta.name, fields=fields, filters=filters, or_filters=ors, order_by=order, limit_start=start, limit=state.page_length)
    total = get_count(meta.name, filters=filters, or_filters=ors)
    return rows, total


def urgency_of(value: Any) -> str:
    """overdue, today or future for a date (empty for none)."""
    if not value:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return "overdue" if day < today() else "today" if day == today() else "future"


def saved_filters(meta: Meta, user: str) -> list[dict[str, Any]]:
    if not has_permission("List Filter", "read"):
        return []
    return get_list("List Filter", fields=["name", "filter_name", "filters", "search", "order_by"],
                    filters={"reference_doctype": meta.name, "owner": user}, order_by="filter_name asc", limit=50)  # fmt: skip


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    meta = doctype_for(call.path_params["slug"])
    if meta.issingle:
        from lowcode.web.desk.render import redirect

        return redirect(url(call.path_params["slug"], meta.name))
    if meta.istable:
        raise PermissionError(f"{meta.name} rows are edited inside their parent document.")
    state = parse_state(meta, call.args)
    rows, total = fetch(meta, state)
    if state.urgency:
        for row in rows:
            row["_urgency"] = urgency_of(row.get(state.urgency))
    pages = max((total + state.page_length - 1) // state.page_length, 1)
    context = {
        "meta": meta, "state": state, "rows": rows, "total": total, "pages": pages, "columns": list_columns(meta),
        "standard_filters": standard_filter_fields(meta), "filter_fields": filterable_fields(meta), "operators": OPERATORS,
        "sort_options": sort_options(meta), "page_sizes": PAGE_SIZES, "saved": saved_filters(meta, ctx.user),
        "can_create": has_permission(meta.name, "create") and not meta.in_create, "can_delete": has_permission(meta.name, "delete"),
        "can_write": has_permission(meta.name, "write"), "can_export": has_permission(meta.name, "export"),
        "bulk_fields": [df for df in _visible(meta, meta.data_fields) if not df.read_only and df.fieldtype not in NOT_BULK],
        "field_map": {df.fieldname: df for df in meta.fields},
    }  # fmt: skip
    template = (
        "desk/list_results.html" if call.headers.get("hx-request") and call.headers.get("hx-target") == "list-results" else "desk/list.html"
    )
    return render(template, desk, **context)


def export(call: Call, ctx: Local, desk: Desk) -> Reply:
    """Every row matching the list's filters and search (or the selected names), as CSV or Excel, with its columns."""
    meta = doctype_for(call.path_params["slug"])
    if not has_permission(meta.name, "export"):
        raise PermissionError(f"{ctx.user} may not export {meta.name} records.", doctype=meta.name)
    state = parse_state(meta, call.args)
    names = [n for n in str(call.args.get("names") or "").split(",") if n]
    filters = state.all_filters() + ([["name", "in", names]] if names else [])
    title = [meta.title_field] if meta.title_field and meta.get_field(meta.title_field) else []
    columns = ["name", *title, *[df.fieldname for df in list_columns(meta)]]
    headers = ["ID", *[desk.label(meta.get_field(c)) for c in columns[1:]]]  # type: ignore[arg-type]
    file_format = "Excel" if call.args.get("file_format") == "Excel" else "CSV"
    response = export_file(meta.name, columns, filters, search_filters(meta, state.search), state.order_by or None, file_format, headers)
    return Reply(response=response)
