"""/app/data-import-tool: upload a file, check the mapping and the preview, start, follow, get the error report.

The page is rendered on the server; import.js uploads the file (/app/upload), creates the
Data Import record and saves an edited mapping through the REST API, and starts the
import with `lowcode.imports.api.start_import`. While it runs the page refreshes itself.
"""

from __future__ import annotations

from lowcode.client import get_permitted_doc
from lowcode.context import Local, local
from lowcode.db.query import get_list
from lowcode.exceptions import LowcodeError, PermissionError
from lowcode.imports.engine import Importer, stalled
from lowcode.imports.mapping import importable_columns
from lowcode.meta.cache import all_metas
from lowcode.perms import has_permission
from lowcode.web.desk.render import Desk, render
from lowcode.web.request import Call, Reply

PREVIEW_ROWS = 20


def importable_doctypes() -> list[str]:
    metas = all_metas(local.site)
    return sorted(name for name, meta in metas.items() if not (meta.istable or meta.issingle) and has_permission(name, "import"))


def start_page(call: Call, ctx: Local, desk: Desk) -> Reply:
    """A new import (doctype, type, file) and the recent ones."""
    if not has_permission("Data Import", "create"):
        raise PermissionError(f"{ctx.user} may not import data.", doctype="Data Import")
    recent = get_list("Data Import", fields=["name", "reference_doctype", "status", "imported", "failed_rows", "creation"],
                      order_by="creation desc", limit=20)  # fmt: skip
    return render("desk/data_import.html", desk, doctypes=importable_doctypes(), recent=recent, record=None)


def import_page(call: Call, ctx: Local, desk: Desk) -> Reply:
    """One import: progress, mapping, preview (validated, nothing written), error report."""
    record = get_permitted_doc("Data Import", call.path_params["name"])
    preview, error = None, None
    if record.status in ("Pending", "Error") and not record.rows_done:
        try:
            preview = Importer(record).preview(PREVIEW_ROWS)
        except LowcodeError as exc:
            ctx.db.rollback()
            error = desk._(exc.message)
    columns = [("", desk._("Do not import")), ("name", "ID")] + [(c.key, c.label) for c in importable_columns(record.reference_doctype)]
    return render("desk/data_import.html", desk, record=record, preview=preview, error=error, field_choices=columns,
                  doctypes=[], recent=[], stalled=stalled(record))  # fmt: skip
