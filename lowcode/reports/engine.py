"""Running a report for the current user: access, filters, query or script, typed columns, totals, chart."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from dataclasses import dataclass, field
from typing import Any

from lowcode.apps import get_app
from lowcode.context import local
from lowcode.db.query import get_all
from lowcode.db.tables import INTERNAL_TABLES
from lowcode.exceptions import DoesNotExistError, PermissionError, ReportError
from lowcode.meta.cache import all_metas, site_cache
from lowcode.meta.loader import scrub
from lowcode.model.document import Document, get_doc
from lowcode.perms.documents import check_doctype_permission
from lowcode.perms.roles import ADMIN, get_roles
from lowcode.reports import sql_guard
from lowcode.reports.columns import Column, from_key, total_row
from lowcode.reports.filters import ReportFilter, resolve
from lowcode.reports.permitted import PermittedSql
from lowcode.reports.runner import run_select

RESERVED_PARAMS = {"user"}


@dataclass
class ReportResult:
    columns: list[Column]
    rows: list[dict[str, Any]]
    message: str | None = None
    chart: dict[str, Any] | None = None
    summary: list[dict[str, Any]] | None = None
    total: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Frappe's answer of `frappe.desk.query_report.run` (the total, if any, is the last row)."""
        result = [*self.rows, self.total] if self.total is not None else list(self.rows)
        return {"columns": [c.as_dict() for c in self.columns], "result": result, "message": self.message,
                "chart": self.chart, "report_summary": self.summary, "add_total_row": int(self.total is not None)}  # fmt: skip


def get_report(name: str) -> Document:
    """The Report record, cached per process until it is saved again (its `modified` changes)."""
    modified = get_all("Report", filters={"name": name}, fields=["modified"], limit=1) if isinstance(name, str) else []
    if not modified:
        raise DoesNotExistError(f"Report '{name}' not found.", doctype="Report", name=str(name))
    cached = site_cache(local.site).derived.setdefault("reports", {})
    hit = cached.get(name)
    if hit is None or hit[0] != modified[0]["modified"]:
        hit = (modified[0]["modified"], get_doc("Report", name))
        cached[name] = hit
    return hit[1]


def check_access(report: Document, right: str = "report") -> None:
    """The user needs one of the report's roles (when it lists any) and `right` on its reference doctype."""
    if report.disabled:
        raise PermissionError(f"Report '{report.name}' is disabled.", doctype="Report", name=report.name)
    roles = {row.role for row in report.roles}
    if roles and local.user != ADMIN and not roles & get_roles():
        raise PermissionError(f"Report '{report.name}' is for {', '.join(sorted(roles))}.", doctype="Report", name=report.name)
    check_doctype_permission(report.ref_doctype, right)


def declared_filters(report: Document) -> list[ReportFilter]:
    return [ReportFilter(r.fieldname, r.label or r.fieldname.replace("_", " ").title(), r.fieldtype or "Data", r.options or None,
                         r.default or None, bool(r.reqd)) for r in report.filters]  # fmt: skip


def prepare_sql(query: str, user: str) -> tuple[str, dict[str, Any], set[str]]:
    """The SQL to run (doctype tables replaced by what `user` may read), its permission parameters, and the report's parameters."""
    tokens = sql_guard.tokenize(query or "")
    sql_guard.check_statement(tokens)
    metas = all_metas(local.site)
    tables = {m.table_name.lower(): m.name for m in metas.values() if not m.issingle}
    internal = {t.lower() for t in INTERNAL_TABLES} | {"__meta"}
    permitted = PermittedSql(user)
    quote = local.db.engine.dialect.identifier_preparer.quote_identifier
    sql, params = sql_guard.rewrite(tokens, tables, internal, quote, permitted)
    return sql, permitted.params, params


def run_query(report: Document, values: dict[str, Any], *, timeout: float | None = None, max_rows: int | None = None) -> ReportResult:
    sql, perm_params, used = prepare_sql(report.query, local.user)
    declared = {f.fieldname for f in report.filters}
    unknown = sorted(used - declared - RESERVED_PARAMS)
    if unknown:
        raise ReportError(f"Report '{report.name}': the query uses :{', :'.join(unknown)}, which is not a declared filter.")
    params = {"user": local.user, **{k: _bindable(values.get(k)) for k in used if k in declared}}
    params = {**{k: v for k, v in params.items() if k in used}, **perm_params}
    limit = int(max_rows or local.site.get("max_report_rows"))
    keys, raw_rows, truncated = run_select(sql, params, timeout=float(timeout or local.site.get("report_timeout")), max_rows=limit)
    columns = _columns(report, keys, raw_rows)
    rows = [{c.fieldname: c.convert(v) for c, v in zip(columns, row, strict=True)} for row in raw_rows]
    message = f"Showing the first {limit} rows; narrow the filters to see the rest." if truncated else None
    return ReportResult(columns, rows, message, chart=_chart(report, columns, rows))


def _bindable(value: Any) -> Any:
    """Dates go to SQLite as ISO text (how it stores them); the server databases take them as they are."""
    if local.db.dialect == "sqlite" and isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def _columns(report: Document, keys: list[str], rows: list[tuple[Any, ...]]) -> list[Column]:
    declared = {r.fieldname: r for r in report.columns}
    out = []
    for i, key in enumerate(keys):
        sample = next((row[i] for row in rows if row[i] is not None), None)
        column = from_key(key, sample)
        spec = declared.get(column.fieldname)
        if spec is not None:
            column = Column(column.fieldname, spec.label or column.label, spec.fieldtype or column.fieldtype, spec.options or column.options,
                            spec.width or column.width)  # fmt: skip
        out.append(column)
    return out


def _chart(report: Document, columns: list[Column], rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A frappe-charts chart from the report's `chart` setting: {"type", "labels": column, "values": [columns]}."""
    if not (report.chart or "").strip():
        return None
    try:
        spec = json.loads(report.chart)
    except ValueError as exc:
        raise ReportError(f"Report '{report.name}': the chart setting is not JSON ({exc}).") from exc
    by_name = {c.fieldname: c for c in columns}
    wanted = [spec.get("labels"), *spec.get("values", [])]
    missing = [w for w in wanted if w not in by_name]
    if missing:
        raise ReportError(f"Report '{report.name}': the chart uses {', '.join(map(str, missing))}, which the query does not return.")
    datasets = [{"name": by_name[v].label, "values": [_number(r.get(v)) for r in rows]} for v in spec["values"]]
    return {"data": {"labels": [str(r.get(spec["labels"]) or "") for r in rows], "datasets": datasets}, "type": spec.get("type", "bar")}


def _number(value: Any) -> Any:
    return float(value) if value is not None and not isinstance(value, int) else (value or 0)


def run_script(report: Document, values: dict[str, Any]) -> ReportResult:
    """A script report's `execute(filters)` from its app's report folder."""
    if report.is_standard != "Yes" or not report.app:
        raise ReportError(f"Report '{report.name}': script reports come from an app's report folder.")
    folder = scrub(report.name)
    path = f"{get_app(report.app).module.__name__}.report.{folder}.{folder}"
    try:
        module = importlib.import_module(path)
    except ModuleNotFoundError as exc:
        raise ReportError(f"Report '{report.name}': app {report.app} has no report/{folder}/{folder}.py.") from exc
    answer = module.execute(dict(values))
    if isinstance(answer, dict):
        parts = [answer.get(k) for k in ("columns", "data", "message", "chart", "report_summary")]
    else:
        parts = [*list(answer), None, None, None][:5]
    raw_columns, data, message, chart, summary = parts
    columns = [_script_column(c) for c in raw_columns or []]
    rows = [_script_row(columns, r) for r in data or []]
    return ReportResult(columns, rows, message, chart, summary)


def _script_column(spec: Any) -> Column:
    if isinstance(spec, str):
        return from_key(spec, None)
    return Column(spec["fieldname"], spec.get("label") or spec["fieldname"], spec.get("fieldtype") or "Data", spec.get("options"),
                  spec.get("width"))  # fmt: skip


def _script_row(columns: list[Column], row: Any) -> dict[str, Any]:
    if isinstance(row, dict):
        return {c.fieldname: c.convert(row.get(c.fieldname)) for c in columns}
    return {c.fieldname: c.convert(v) for c, v in zip(columns, row, strict=False)}


def run(report_name: str, filters: Any = None, *, right: str = "report", timeout: float | None = None) -> ReportResult:
    """Run a report as the current user."""
    report = get_report(report_name)
    check_access(report, right)
    values = resolve(declared_filters(report), filters, report.name)
    if report.report_type == "Script Report":
        result = run_script(report, values)
    else:
        result = run_query(report, values, timeout=timeout)
    if report.add_total_row and result.rows:
        result.total = total_row(result.columns, result.rows)
    return result
