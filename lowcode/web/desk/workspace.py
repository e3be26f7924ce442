"""/app: one workspace per app, declared as JSON files by the `workspaces` hook.

A workspace file holds `name`, `title`, optional `shortcuts` ({label, doctype} or {label, url}),
`number_cards` ({label, doctype, filters, function: Count|Sum, field}), `dashboard_cards` (names of Number
Card records), `charts` (names of Dashboard Chart records, drawn with frappe-charts) and `links`
(cards of {label, items: [{label, doctype} | {label, url}]}); an item with `roles` shows only to those roles. An app without a workspace
file gets one listing its doctypes. Everything shown is filtered by the user's permissions; a card or chart the user
may not compute is left out.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from lowcode.apps import ordered
from lowcode.context import Local, local
from lowcode.db.query import get_count, get_list
from lowcode.exceptions import LowcodeError, MetadataError
from lowcode.meta.cache import all_metas
from lowcode.perms import get_roles, has_permission
from lowcode.web.desk.i18n import fmt_currency, fmt_number
from lowcode.web.desk.render import Desk, render, slug, url
from lowcode.web.request import Call, Reply


@cache
def _read(path: str, _mtime: float) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise MetadataError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not data.get("name"):
        raise MetadataError(f"{path}: a workspace is a JSON object with a 'name'")
    return data


def _generated(app_name: str, title: str) -> dict[str, Any]:
    doctypes = sorted(m.name for m in all_metas(local.site).values() if m.app == app_name and not m.istable)
    return {"name": title, "title": title, "links": [{"label": title, "items": [{"doctype": d} for d in doctypes]}]}


def workspaces() -> list[dict[str, Any]]:
    """Every installed app's workspaces, in app order (core last: it is the admin's)."""
    out: list[dict[str, Any]] = []
    apps = ordered(local.site.installed_apps)
    for app in [*apps[1:], apps[0]]:
        files = app.hook("workspaces") or []
        found = [_read(str(app.path / f), (app.path / f).stat().st_mtime) for f in files]
        for data in found or [_generated(app.name, app.title)]:
            out.append({**data, "app": app.name})
    return out


def _readable(doctype: str) -> bool:
    metas = all_metas(local.site)
    return doctype in metas and not metas[doctype].istable and has_permission(doctype, "read")


def _item(item: dict[str, Any], desk: Desk) -> dict[str, Any] | None:
    roles = item.get("roles")
    if roles and local.user != "Administrator" and not set(roles) & get_roles():
        return None
    doctype = item.get("doctype")
    if doctype:
        if not _readable(doctype):
            return None
        meta = all_metas(local.site)[doctype]
        href = url(slug(doctype), doctype) if meta.issingle else url(slug(doctype))
        return {"label": desk._(item.get("label") or doctype), "href": href + _query(item), "doctype": doctype}
    target = str(item.get("url") or "")
    if not target.startswith("/"):
        return None
    return {"label": desk._(item.get("label") or target), "href": target}


def _query(item: dict[str, Any]) -> str:
    filters = item.get("filters")
    return "?filters=" + json.dumps(filters) if filters else ""


def _card(card: dict[str, Any], desk: Desk) -> dict[str, Any] | None:
    doctype = card.get("doctype", "")
    if not _readable(doctype) or all_metas(local.site)[doctype].issingle:
        return None
    filters = card.get("filters")
    try:
        if card.get("function", "Count") == "Sum" and card.get("field"):
            rows = get_list(doctype, fields=[f"sum({card['field']}) as total"], filters=filters, limit=1)
            total = rows[0]["total"] if rows else 0
            df = all_metas(local.site)[doctype].get_field(card["field"])
            shown = fmt_currency(total, desk.currency, desk.lang) if df and df.fieldtype == "Currency" else fmt_number(total, desk.lang, 2)
        else:
            shown = fmt_number(get_count(doctype, filters=filters), desk.lang, 0)
    except LowcodeError:
        return None
    return {"label": desk._(card.get("label") or doctype), "value": shown, "href": url(slug(doctype)) + _query(card)}


def _record_card(name: str, desk: Desk) -> dict[str, Any] | None:
    from lowcode.dashboards.cards import card_value

    try:
        card = card_value(name)
    except LowcodeError:
        return None
    value, kind = card["value"], card.get("fieldtype") or "Int"
    if kind == "Currency":
        shown = fmt_currency(value, desk.currency, desk.lang)
    elif kind == "Percent":
        shown = fmt_number(value, desk.lang, 1) + " %"
    else:
        shown = fmt_number(value, desk.lang, 0 if kind == "Int" else 2)
    return {"label": desk._(card.get("label") or name), "value": shown, "href": None, "name": name}


def _chart(name: str, desk: Desk) -> dict[str, Any] | None:
    from lowcode.dashboards.charts import chart_data

    try:
        data = chart_data(name)
    except LowcodeError:
        return None
    return {"name": name, "title": desk._(name), "data": data}


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    spaces = workspaces()
    wanted = str(call.args.get("workspace") or "")
    current = next((w for w in spaces if w["name"] == wanted), None) or spaces[0]
    shortcuts = [s for s in (_item(x, desk) for x in current.get("shortcuts", [])) if s]
    cards = [c for c in (_card(x, desk) for x in current.get("number_cards", [])) if c]
    cards += [c for c in (_record_card(str(x), desk) for x in current.get("dashboard_cards", [])) if c]
    charts = [c for c in (_chart(str(x), desk) for x in current.get("charts", [])) if c]
    links = []
    for group in current.get("links", []):
        items = [i for i in (_item(x, desk) for x in group.get("items", [])) if i]
        if items:
            links.append({"label": desk._(group.get("label") or ""), "items": items})
    return render("desk/workspace.html", desk, spaces=spaces, current=current, shortcuts=shortcuts, cards=cards, charts=charts,
                  links=links)  # fmt: skip
