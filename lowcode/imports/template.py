"""Import templates: a header row of a doctype's importable fields, mandatory ones marked ` *`."""

from __future__ import annotations

import csv
import io

from lowcode.imports.mapping import ID_LABEL, MANDATORY_MARK, importable_columns


def template_headers(doctype: str, *, with_id: bool = False) -> list[str]:
    """Labels of the importable fields (child-table fields as `Label (Table Label)`)."""
    headers = [ID_LABEL] if with_id else []
    headers += [column.label + (MANDATORY_MARK if column.mandatory else "") for column in importable_columns(doctype)]
    return headers


def template_csv(doctype: str, *, with_id: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(template_headers(doctype, with_id=with_id))
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(doctype: str, *, with_id: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = doctype[:31]
    sheet.append(template_headers(doctype, with_id=with_id))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="B00020" if str(cell.value).endswith(MANDATORY_MARK) else None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
