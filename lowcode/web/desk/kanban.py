"""/app/<doctype-slug>/view/kanban/<board>: a Kanban Board over any doctype's Select or Link field.

Columns load lazily (the first `page_length` cards, more on scroll); counts and amount sums
come from one grouped, permission-aware query. A move is a normal save of the column field
through the REST API (PUT), so permissions, validation and workflows apply; a refused move
snaps back in the browser with the server's message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from lowcode import client
from lowcode.context import Local, local
from lowcode.db.query import get_list
from lowcode.exceptions import PermissionError, ValidationError
from lowcode.meta.cache import get_meta
from lowcode.meta.meta import DocField, Meta
from lowcode.model.document import Document
from lowcode.perms import has_permission, readable_fields
from lowcode.utils.dates import today
from lowcode.web.desk.listview import parse_state, search_filters, standard_filter_fields
from lowcode.web.desk.render import Desk, doctype_for, render
from lowcode.web.request import Call, Reply
from lowcode.web.responses import json_response
from lowcode.web.whitelist import whitelist

MAX_PINNED = 200


@dataclass
class Board:
    """A loaded Kanban Board with its doctype and the user's filters."""

    doc: Document
    meta: Meta
    field: DocField
    filters: list[list[Any]]
    or_filters: list[list[Any]] | None

    @property
    def page_length(self) -> int:
        return max(int(self.doc.page_length or 20), 1)

    def card_field(self, key: str) -> DocField | None:
        name = self.doc.get(key) or (self.meta.title_field if key == "title_field" else None)
        df = self.meta.get_field(name) if name else None
        allowed = readable_fields(self.meta.name)
        return df if df is not None and (allowed is None or df.fieldname in allowed) else None


def load_board(call: Call) -> Board:
    meta = doctype_for(call.path_params["slug"])
    doc = client.get_permitted_doc("Kanban Board", str(call.path_params["board"]), "read")
    if doc.reference_doctype != meta.name:
        raise ValidationError(f"Board '{doc.name}' is for {doc.reference_doctype}, not {meta.name}.")
    field = meta.get_field(doc.field_name)
    if field is None:
        raise ValidationError(f"{meta.name} has no field '{doc.field_name}'.")
    state = parse_state(meta, call.args)
    stored = json.loads(doc.filters or "[]")
    return Board(doc, meta, field, [*stored, *state.all_filters()], search_filters(meta, state.search))


def _fields(board: Board) -> list[str]:
    keys = ("title_field", "secondary_field", "amount_field", "rating_field", "date_field")
    names = ["name", "owner", board.field.fieldname, *[df.fieldname for k in keys if (df := board.card_field(k))]]
    if board.meta.assignee_field:
        names.append(board.meta.assignee_field)
    return list(dict.fromkeys(names))


def summaries(board: Board, desk: Desk) -> dict[str, dict[str, Any]]:
    """Per column value: card count and amount sum, from one grouped query with the user's permissions."""
    column = board.field.fieldname
    amount = board.card_field("amount_field")
    fields = [column, "count(name) as count"] + ([f"sum({amount.fieldname}) as total"] if amount else [])
    rows = get_list(board.meta.name, fields=fields, filters=board.filters, or_filters=board.or_filters, group_by=column, limit=500)
    out = {}
    for row in rows:
        total = desk.fmt(amount, row.get("total") or 0) if amount else ""
        out[str(row[column] or "")] = {"count": int(row["count"]), "total": total}
    return out


def cards(board: Board, value: str, start: int, pinned: list[str]) -> list[dict[str, Any]]:
    """One page of a column: the hand-placed cards first, then the rest newest first."""
    column_filter = [[board.field.fieldname, "=", value] if value else [board.field.fieldname, "is", "not set"]]
    filters = board.filters + column_filter
    fields = _fields(board)
    size = board.page_length
    rows: list[dict[str, Any]] = []
    placed: list[dict[str, Any]] = []
    if pinned:
        found = get_list(
            board.meta.name, fields=fields, filters=[*filters, ["name", "in", pinned]], or_filters=board.or_filters, limit=len(pinned)
        )
        by_name = {r["name"]: r for r in found}
        placed = [by_name[n] for n in pinned if n in by_name]
        rows = placed[start : start + size]
    rest_start = max(start - len(placed), 0)
    if len(rows) < size:
        rest = [*filters, ["name", "not in", pinned]] if pinned else filters
        rows += get_list(board.meta.name, fields=fields, filters=rest, or_filters=board.or_filters, order_by="modified desc",
                         limit_start=rest_start, limit=size - len(rows))  # fmt: skip
    return rows


def card_view(board: Board, row: dict[str, Any], desk: Desk) -> dict[str, Any]:
    title = board.card_field("title_field")
    secondary = board.card_field("secondary_field")
    amount = board.card_field("amount_field")
    rating = board.card_field("rating_field")
    due = board.card_field("date_field")
    when = row.get(due.fieldname) if due else None
    status = ""
    if when:
        day = when.date() if hasattr(when, "date") and callable(when.date) else when
        status = "overdue" if day < today() else "today" if day == today() else "future"
    owner = row.get(board.meta.assignee_field) if board.meta.assignee_field and row.get(board.meta.assignee_field) else row["owner"]
    return {
        "name": row["name"], "title": (row.get(title.fieldname) if title else None) or row["name"],
        "secondary": desk.fmt(secondary, row.get(secondary.fieldname), row) if secondary else "",
        "amount": _amount(desk, amount, row) if amount else "",
        "stars": int(row.get(rating.fieldname) or 0) if rating else None, "top": int(rating.options) if rating and (rating.options or "").isdigit() else 5,
        "due": desk.fmt(due, when, row) if when else "", "due_status": status, "owner": owner,
    }  # fmt: skip


def _amount(desk: Desk, amount: DocField, row: dict[str, Any]) -> str:
    """A card's figure: a currency amount as it is, any other number with its label ('Score: 45')."""
    value = desk.fmt(amount, row.get(amount.fieldname), row)
    return value if amount.fieldtype == "Currency" or not value else f"{desk.label(amount)}: {value}"


def _pinned(board: Board, value: str) -> list[str]:
    for col in board.doc.columns:
        if col.column_name == value and col.card_order:
            return [n for n in json.loads(col.card_order) if isinstance(n, str)][:MAX_PINNED]
    return []


def _columns(board: Board, sums: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    columns = [{"value": c.column_name, "folded": bool(c.folded), "indicator": c.indicator or "Gray"} for c in board.doc.columns]
    known = {c["value"] for c in columns}
    columns += [{"value": v, "folded": False, "indicator": "Gray"} for v in sums if v not in known]
    titles = _link_titles(board, [c["value"] for c in columns])
    for column in columns:
        column["title"] = titles.get(column["value"]) or column["value"]
    return columns


def _link_titles(board: Board, values: list[str]) -> dict[str, str]:
    """Titles of a Link field's records (a stage's name, not its ID), read with the user's permissions."""
    target = get_meta(board.field.options or "") if board.field.fieldtype == "Link" else None
    if target is None or not target.title_field or not values or not has_permission(target.name, "read"):
        return {}
    rows = get_list(target.name, fields=["name", target.title_field], filters=[["name", "in", values]], limit=len(values))
    return {row["name"]: row[target.title_field] for row in rows if row.get(target.title_field)}


def can_add_column(board: Board) -> bool:
    if board.field.fieldtype == "Link":
        return has_permission(board.field.options or "", "create")
    return has_permission("Property Setter", "create")


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    board = load_board(call)
    if "column" in call.args:
        value = str(call.args["column"])
        start = int(call.args["start"]) if str(call.args.get("start") or "").isdigit() else 0
        rows = cards(board, value, start, _pinned(board, value))
        return render("desk/kanban_cards.html", desk, board=board, value=value, start=start,
                      cards=[card_view(board, r, desk) for r in rows], query=call.args)  # fmt: skip
    sums = summaries(board, desk)
    if call.args.get("summary"):
        return Reply(response=json_response(sums))
    columns = _columns(board, sums)
    for column in columns:
        rows = cards(board, column["value"], 0, _pinned(board, column["value"]))
        column["cards"] = [card_view(board, r, desk) for r in rows]
        column.update(
            sums.get(
                column["value"],
                {"count": 0, "total": desk.fmt(board.card_field("amount_field"), 0) if board.card_field("amount_field") else ""},
            )
        )
    state = parse_state(board.meta, call.args)
    return render("desk/kanban.html", desk, board=board, meta=board.meta, columns=columns, state=state, query=call.args,
                  standard_filters=standard_filter_fields(board.meta), can_add=can_add_column(board),
                  can_write=has_permission(board.meta.name, "write"))  # fmt: skip


def _board_for_update(board_name: str) -> Document:
    doc = client.get_permitted_doc("Kanban Board", board_name, "read")
    doc.flags.ignore_permissions = True
    return doc


@whitelist(methods=("POST",))
def update_order(board: str, column: str, names: Any) -> dict[str, Any]:
    """Remember the order of a column's cards after a drag within it (users who may write the doctype)."""
    doc = _board_for_update(board)
    if not has_permission(doc.reference_doctype, "write"):
        raise PermissionError(f"{local.user} may not reorder {doc.reference_doctype} cards.")
    order = json.loads(names) if isinstance(names, str) else names
    if not isinstance(order, list):
        raise ValidationError("Pass the card names as a JSON list.")
    row = next((c for c in doc.columns if c.column_name == column), None)
    if row is None:
        row = doc.append("columns", {"column_name": column})
    row.card_order = json.dumps([str(n) for n in order][:MAX_PINNED])
    doc.save()
    return {"column": column, "count": len(order)}


@whitelist(methods=("POST",))
def add_column(board: str, value: str) -> dict[str, Any]:
    """A new column: for a Link field a new record of the linked doctype, for a Select a new option."""
    doc = _board_for_update(board)
    meta = get_meta(doc.reference_doctype)
    field = meta.get_field(doc.field_name)
    value = str(value or "").strip()
    if not value or field is None:
        raise ValidationError("Give the new column a name.", fieldname="value")
    if any(c.column_name == value for c in doc.columns):
        raise ValidationError(f"Column '{value}' already exists.", fieldname="value")
    if field.fieldtype == "Link":
        _create_link_target(field.options or "", value)
    else:
        _add_select_option(meta, field, value)
    doc.append("columns", {"column_name": value})
    doc.save()
    return {"column": value}


def _create_link_target(doctype: str, value: str) -> None:
    target = get_meta(doctype)
    autoname = target.autoname or ""
    values: dict[str, Any] = {}
    if autoname.startswith("field:"):
        values[autoname[6:]] = value
    elif target.title_field:
        values[target.title_field] = value
    if not values and autoname.lower() != "prompt":
        raise ValidationError(f"New {doctype} records need more than a name; create it in its form first.")
    values["name"] = value
    client.insert_doc(doctype, values)


def _add_select_option(meta: Meta, field: DocField, value: str) -> None:
    from lowcode.model.document import new_doc

    if not has_permission("Property Setter", "create"):
        raise PermissionError(f"Only a System Manager may add a {field.display_label} value.")
    options = "\n".join([*field.select_options, value])
    setter = new_doc("Property Setter", doctype_or_field="DocField", doc_type=meta.name, field_name=field.fieldname,
                     property="options", value=options, property_type="Text")  # fmt: skip
    name = f"{meta.name}-{field.fieldname}-options"
    from lowcode.model.persistence import exists

    if exists("Property Setter", name):
        client.update_doc("Property Setter", name, {"value": options})
    else:
        setter.insert()
