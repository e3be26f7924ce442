"""/app/query-report/<name>: a report's filters form, its table with the totals row, chart, summary and export links.

The report runs as the user (`lowcode.reports.engine.run`: allowed roles, the report right,
rows through the permission-aware builder or permitted SQL). Filters come from the query
string; a bad or missing filter is shown above the form instead of the table.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from lowcode.context import Local, local
from lowcode.exceptions import ValidationError
from lowcode.meta.cache import all_metas
from lowcode.reports import engine
from lowcode.reports.columns import Column
from lowcode.reports.filters import ReportFilter, resolve
from lowcode.web.desk.i18n import fmt_currency, fmt_date, fmt_number
from lowcode.web.desk.render import Desk, render, slug, url
from lowcode.web.request import Call, Reply

INPUT_TYPES = {"Date": "date", "Int": "number", "Float": "number", "Currency": "number", "Check": "checkbox"}


def cell(column: Column, value: Any, desk: Desk) -> dict[str, Any]:
    """A value as shown in the table: text, whether it is a number, and a link (href) for Link columns."""
    return {"href": None, **_shown(column, value, desk)}


def _shown(column: Column, value: Any, desk: Desk) -> dict[str, Any]:
    if value is None or value == "":
        return {"text": "", "numeric": column.fieldtype in ("Int", "Float", "Currency", "Percent")}
    kind = column.fieldtype
    if kind == "Currency":
        return {"text": fmt_currency(value, desk.currency, desk.lang), "numeric": True}
    if kind == "Int":
        return {"text": fmt_number(value, desk.lang, 0), "numeric": True}
    if kind == "Float":
        return {"text": fmt_number(value, desk.lang, 2), "numeric": True}
    if kind == "Percent":
        return {"text": fmt_number(value, desk.lang, 2) + " %", "numeric": True}
    if kind in ("Date", "Datetime") and isinstance(value, (dt.date, dt.datetime)):
        return {"text": fmt_date(value, desk.lang, short=True), "numeric": False}
    text = str(value)
    if kind == "Link" and column.options in all_metas(local.site):
        return {"text": text, "numeric": False, "href": url(slug(str(column.options)), text)}
    return {"text": text, "numeric": False}


def _field(flt: ReportFilter, value: Any, desk: Desk) -> dict[str, Any]:
    shown = value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))
    options = (flt.options or "").split("\n") if flt.fieldtype == "Select" else []
    return {"fieldname": flt.fieldname, "label": desk._(flt.label), "value": shown, "reqd": flt.reqd,
            "type": INPUT_TYPES.get(flt.fieldtype, "text"), "options": options, "link": flt.options if flt.fieldtype == "Link" else None}  # fmt: skip


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    name = str(call.path_params["name"])
    report = engine.get_report(name)
    engine.check_access(report)
    declared = engine.declared_filters(report)
    given = {f.fieldname: call.args.get(f.fieldname) for f in declared if call.args.get(f.fieldname) not in (None, "")}
    error, result, values = None, None, {f.fieldname: None for f in declared}
    try:
        values = resolve(declared, given, report.name)
        result = engine.run(report.name, given)
    except ValidationError as exc:
        error = exc.message
    rows = []
    if result is not None:
        for row in result.rows:
            rows.append([cell(c, row.get(c.fieldname), desk) for c in result.columns])
    total = [cell(c, result.total.get(c.fieldname), desk) for c in result.columns] if result is not None and result.total else None
    query = urlencode({"report_name": report.name, "filters": json.dumps(given)})
    return render(
        "desk/report.html", desk, report=report, fields=[_field(f, values.get(f.fieldname), desk) for f in declared],
        columns=[desk._(c.label) for c in result.columns] if result else [], rows=rows, total=total, error=error,
        chart=result.chart if result else None, summary=_summary(result.summary if result else None, desk),
        message=result.message if result else None, export_query=query,
    )  # fmt: skip


def _summary(items: list[dict[str, Any]] | None, desk: Desk) -> list[dict[str, Any]]:
    out = []
    for item in items or []:
        column = Column("value", str(item.get("label") or ""), str(item.get("datatype") or "Data"))
        out.append(
            {"label": desk._(column.label), "value": cell(column, item.get("value"), desk)["text"], "indicator": item.get("indicator")}
        )
    return out
