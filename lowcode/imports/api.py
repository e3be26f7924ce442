"""The Data Import HTTP methods: template, preview, start, progress and the error report."""

from __future__ import annotations

import csv
import io
from typing import Any

from starlette.responses import Response

from lowcode.client import get_permitted_doc
from lowcode.context import local
from lowcode.db.query import get_list
from lowcode.exceptions import ValidationError
from lowcode.imports.engine import Importer, check_can_start
from lowcode.imports.template import template_csv, template_xlsx
from lowcode.perms.documents import check_doctype_permission
from lowcode.utils.dates import now
from lowcode.web.whitelist import whitelist

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_FIELDS = ["name", "status", "total_rows", "rows_done", "imported", "failed_rows", "error_message", "last_progress"]


def _attachment(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'})


@whitelist(methods=("GET",), produces=(CSV_TYPE, XLSX_TYPE))
def download_template(doctype: str, file_format: str = "CSV", with_id: Any = 0) -> Response:
    """An empty import file for `doctype` (CSV or Excel), for users who may import it."""
    check_doctype_permission(doctype, "import")
    stem = doctype.replace(" ", "_")
    ids = str(with_id).lower() in ("1", "true")
    if file_format == "CSV":
        return _attachment(template_csv(doctype, with_id=ids), CSV_TYPE, f"{stem}_template.csv")
    if file_format == "Excel":
        return _attachment(template_xlsx(doctype, with_id=ids), XLSX_TYPE, f"{stem}_template.xlsx")
    raise ValidationError(f"file_format must be CSV or Excel, not {str(file_format)[:20]!r}.", fieldname="file_format")


@whitelist(methods=("GET", "POST"))
def get_preview(data_import: str, limit: Any = 20) -> dict[str, Any]:
    """The first rows validated as if imported (nothing is written), with the mapping used."""
    record = get_permitted_doc("Data Import", data_import, "read")
    try:
        rows = int(limit)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"limit must be a whole number of rows, not {str(limit)[:20]!r}.", fieldname="limit") from exc
    return Importer(record).preview(min(max(rows, 1), 200))


def enqueue_import(data_import: str) -> str:
    """Run the import as a background job on the long queue (inline after commit without Redis)."""
    from lowcode.jobs import enqueue

    return enqueue("lowcode.imports.engine.run_import", queue="long", job_name=f"Data Import {data_import}", data_import=data_import)


@whitelist(methods=("POST",))
def start_import(data_import: str) -> dict[str, Any]:
    """Start (or resume) the import as a job; answers its progress (Queued). A queued or running one is refused
    unless it stalled, so a second click cannot run it twice."""
    record = get_permitted_doc("Data Import", data_import, "write")
    check_can_start(record)
    record.db_set({"status": "Queued", "last_progress": now()}, update_modified=False)
    enqueue_import(data_import)
    return get_progress(data_import)


@whitelist(methods=("GET",))
def get_progress(data_import: str) -> dict[str, Any]:
    get_permitted_doc("Data Import", data_import, "read")
    return get_list("Data Import", fields=PROGRESS_FIELDS, filters={"name": data_import}, limit=1)[0]


@whitelist(methods=("GET",), produces=(CSV_TYPE,))
def download_errors(data_import: str) -> Response:
    """The per-row error report: row number, column, message."""
    get_permitted_doc("Data Import", data_import, "read")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Row", "Column", "Message"])
    start, page = 0, int(local.site.get("max_page_length"))
    while True:
        rows = get_list("Data Import Log", fields=["row_number", "column", "message"], filters={"data_import": data_import},
                        order_by="row_number asc", limit_start=start, limit=page, as_list=True)  # fmt: skip
        writer.writerows(rows)
        if len(rows) < page:
            break
        start += page
    return _attachment(out.getvalue().encode("utf-8-sig"), CSV_TYPE, f"import_errors_{data_import}.csv")
