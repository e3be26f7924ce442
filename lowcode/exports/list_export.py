"""`lowcode.client.export`: a list of records as a CSV or Excel file.

The rows come from the permission-aware query builder with the `export` right, so a user
exports exactly the rows and fields they may read and nothing else; pages are read one
after another so the page size cap applies to each query, not to the file.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from starlette.responses import Response

from lowcode.context import local
from lowcode.db.filters import InvalidQueryError, parse_json_arg
from lowcode.db.query import get_list
from lowcode.meta.cache import get_meta
from lowcode.perms.fields import readable_fields
from lowcode.web.whitelist import whitelist

FORMATS = {"CSV": ("text/csv", "csv"), "Excel": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")}
#: a cell starting with one of these is a formula to a spreadsheet (CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@whitelist(produces=tuple(media for media, _ext in FORMATS.values()))
def export(doctype: str, fields: Any = None, filters: Any = None, file_format: str = "CSV", order_by: str | None = None) -> Response:
    """Download the records of `doctype` the user may export, as CSV or Excel."""
    if file_format not in FORMATS:
        raise InvalidQueryError(f"file_format must be one of {', '.join(FORMATS)}, not {str(file_format)[:40]!r}.", doctype=doctype)
    meta = get_meta(doctype)
    wanted = parse_json_arg(fields, "fields", doctype) or [
        "name",
        *[df.fieldname for df in meta.fields if df.in_list_view and df.has_column],
    ]
    header, rows = _rows(doctype, wanted, filters, order_by)
    media_type, extension = FORMATS[file_format]
    content = _csv(header, rows) if file_format == "CSV" else _xlsx(doctype, header, rows)
    filename = f"{doctype.replace(' ', '_')}.{extension}"
    return Response(content, media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'})


def _rows(doctype: str, fields: Any, filters: Any, order_by: str | None) -> tuple[list[str], list[list[Any]]]:
    page = int(local.site.get("max_page_length"))
    header: list[str] | None = None
    rows: list[list[Any]] = []
    while True:
        batch = get_list(doctype, fields=fields, filters=filters, order_by=order_by, limit_start=len(rows), limit=page, right="export")
        if batch and header is None:
            header = list(batch[0])
        rows.extend(list(row.values()) for row in batch)
        if len(batch) < page:
            break
    if header is None:
        allowed = readable_fields(doctype)
        header = [f for f in fields if isinstance(f, str) and (allowed is None or f in allowed)] if isinstance(fields, list) else []
    return header, rows


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_cell(v) if v is not None else "" for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def _xlsx(doctype: str, header: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=doctype[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(_plain(v)) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """openpyxl writes numbers, text, dates and datetimes; decimals become floats."""
    return float(value) if isinstance(value, Decimal) else value
