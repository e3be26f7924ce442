"""`lowcode.client.export`: a list of records as a CSV or Excel file, streamed.

The rows come from the permission-aware query builder with the `export` right, so a user
exports exactly the rows and fields they may read and nothing else (own documents only
for own-only roles). They are read from one streamed query and written row by row to a
spooled temporary file (openpyxl's write-only mode for Excel), so 100,000 rows take no
more memory than 100; the response then streams that file.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from starlette.responses import StreamingResponse

from lowcode.db.filters import InvalidQueryError, parse_json_arg
from lowcode.db.query import iter_list
from lowcode.meta.cache import get_meta
from lowcode.web.whitelist import whitelist

FORMATS = {"CSV": ("text/csv", "csv"), "Excel": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")}
#: a cell starting with one of these is a formula to a spreadsheet (CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: kept in memory up to this size, then on disk
SPOOL_BYTES = 4 * 1024 * 1024
CHUNK = 64 * 1024


@whitelist(produces=tuple(media for media, _ext in FORMATS.values()))
def export(doctype: str, fields: Any = None, filters: Any = None, file_format: str = "CSV", order_by: str | None = None,
           or_filters: Any = None) -> StreamingResponse:  # fmt: skip
    """Download the records of `doctype` the user may export, as CSV or Excel."""
    meta = get_meta(doctype)
    wanted = parse_json_arg(fields, "fields", doctype) or [
        "name",
        *[df.fieldname for df in meta.fields if df.in_list_view and df.has_column],
    ]
    return export_file(doctype, wanted, filters, or_filters, order_by, file_format)


def export_file(doctype: str, fields: Any, filters: Any, or_filters: Any, order_by: str | None, file_format: str,
                headers: list[str] | None = None) -> StreamingResponse:  # fmt: skip
    """Write the rows to a spooled file now (inside the unit of work) and stream it afterwards."""
    if file_format not in FORMATS:
        raise InvalidQueryError(f"file_format must be one of {', '.join(FORMATS)}, not {str(file_format)[:40]!r}.", doctype=doctype)
    keys, rows = iter_list(doctype, fields, filters, or_filters, order_by, right="export")
    handle = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed once the response is sent
    try:
        if file_format == "CSV":
            write_csv(handle, headers or keys, rows)
        else:
            write_xlsx(handle, doctype, headers or keys, rows)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    media_type, extension = FORMATS[file_format]
    filename = f"{doctype.replace(' ', '_')}.{extension}"
    return StreamingResponse(_chunks(handle), media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'})


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := handle.read(CHUNK):
            yield chunk
    finally:
        handle.close()


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(handle: IO[bytes], header: list[str], rows: Iterator[list[Any]]) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) if v is not None else "" for v in row])
    text.flush()
    text.detach()


def write_xlsx(handle: IO[bytes], doctype: str, header: list[str], rows: Iterator[list[Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=doctype[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(_plain(v)) for v in row])
    book.save(handle)


def _plain(value: Any) -> Any:
    """openpyxl writes numbers, text, dates and datetimes; decimals become floats."""
    return float(value) if isinstance(value, Decimal) else value
