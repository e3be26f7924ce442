"""Whitelisted report methods, with Frappe's names as aliases (`frappe.desk.query_report.*`)."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response

from lowcode.db.filters import parse_json_arg
from lowcode.exceptions import ValidationError
from lowcode.reports import engine
from lowcode.reports.export import FORMATS, to_csv, to_xlsx
from lowcode.web.request import Reply
from lowcode.web.whitelist import whitelist

MEDIA = {"CSV": "text/csv; charset=utf-8", "Excel": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _filters(filters: Any) -> dict[str, Any]:
    parsed = parse_json_arg(filters, "filters", "Report") or {}
    if not isinstance(parsed, dict):
        raise ValidationError("Report filters are a JSON object of fieldname: value.")
    return parsed


@whitelist()
def run(report_name: str, filters: Any = None) -> dict[str, Any]:
    """{"columns", "result", "chart", "report_summary", "message"} of a report, as the user may see it."""
    return engine.run(report_name, _filters(filters)).as_dict()


@whitelist()
def get_report_meta(report_name: str) -> dict[str, Any]:
    """What the report view needs before running: its filters, type and reference doctype."""
    report = engine.get_report(report_name)
    engine.check_access(report)
    return {"report_name": report.name, "ref_doctype": report.ref_doctype, "report_type": report.report_type,
            "filters": [f.as_dict() for f in engine.declared_filters(report)], "add_total_row": report.add_total_row}  # fmt: skip


@whitelist()
def export_query(report_name: str, filters: Any = None, file_format_type: str | None = None, file_format: str | None = None) -> Reply:
    """The report as a CSV or Excel file, under the export right on its reference doctype."""
    kind = FORMATS.get(str(file_format_type or file_format or "CSV").strip().lower())
    if kind is None:
        raise ValidationError("file_format_type is CSV or Excel.")
    engine.check_access(engine.get_report(report_name), "report")
    result = engine.run(report_name, _filters(filters), right="export")
    safe = re.sub(r"[^A-Za-z0-9._ -]+", "_", report_name)[:100] or "report"
    content = to_csv(result) if kind == "CSV" else to_xlsx(result, safe)
    name = f"{safe}.{'csv' if kind == 'CSV' else 'xlsx'}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Reply(response=Response(content, media_type=MEDIA[kind], headers=headers))
