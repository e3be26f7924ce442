"""What surrounds one document: its timeline (Versions and Comments) and its attachments.

Each answer is given only when the user may read the document itself, and is read with
the query builder; Version changes to fields above the user's read level are left out,
as they would be from the document.
"""

from __future__ import annotations

import json
from typing import Any

from lowcode.client import get_permitted_doc
from lowcode.context import local
from lowcode.db.query import get_all, get_list
from lowcode.exceptions import PermissionError
from lowcode.meta.cache import all_metas, get_meta
from lowcode.perms.fields import readable_fields, strip_unreadable
from lowcode.web.whitelist import whitelist

ATTACHMENT_FIELDS = ["name", "file_name", "file_url", "is_private", "file_size", "attached_to_field", "owner", "creation"]


def _limit() -> int:
    return int(local.site.get("max_page_length"))


@whitelist()
def get_timeline(doctype: str, name: str) -> list[dict[str, Any]]:
    """Versions and comments of a document the user may read, newest first."""
    doc = get_permitted_doc(doctype, name)
    entries: list[dict[str, Any]] = []
    metas = all_metas(local.site)
    if "Version" in metas:
        versions = get_all("Version", fields=["name", "owner", "creation", "data"],
                           filters={"ref_doctype": doc.doctype, "docname": doc.name}, order_by="creation desc", limit=_limit())  # fmt: skip
        for row in versions:
            data = visible_changes(doc.doctype, json.loads(row["data"] or "{}"))
            if data is not None:
                entries.append({"type": "Version", "name": row["name"], "owner": row["owner"], "creation": row["creation"], "data": data})
    if "Comment" in metas:
        comments = get_all("Comment", fields=["name", "owner", "creation", "comment_type", "content", "comment_email", "comment_by"],
                           filters={"reference_doctype": doc.doctype, "reference_name": doc.name}, order_by="creation desc", limit=_limit())  # fmt: skip
        entries.extend({"type": "Comment", **row} for row in comments)
    entries.extend({"type": "Email", **row} for row in linked_emails(doc.doctype, str(doc.name), _limit()))
    entries.sort(key=lambda e: e["creation"], reverse=True)
    return entries


def linked_emails(doctype: str, name: str, limit: int) -> list[dict[str, Any]]:
    """Queued and sent emails about a document, and those shown on its timeline (a customer's
    quotations sent to it) whose own document the user may read; the caller checked the user
    may read this one."""
    if "Email Queue" not in all_metas(local.site):
        return []
    fields = ["name", "owner", "creation", "subject", "recipients", "status", "sent_at", "reference_doctype", "reference_name"]
    about = get_all("Email Queue", fields=fields, filters={"reference_doctype": doctype, "reference_name": name},
                    order_by="creation desc", limit=limit)  # fmt: skip
    shown = get_all("Email Queue", fields=fields, filters={"timeline_doctype": doctype, "timeline_name": name},
                    order_by="creation desc", limit=limit)  # fmt: skip
    found = {row["name"]: row for row in [*about, *_readable_references(shown)]}
    return sorted(found.values(), key=lambda row: row["creation"], reverse=True)[:limit]


def _readable_references(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose reference document the user may read (through the permission-checked query builder)."""
    by_doctype: dict[str, set[str]] = {}
    for row in rows:
        if row["reference_doctype"] and row["reference_name"]:
            by_doctype.setdefault(row["reference_doctype"], set()).add(row["reference_name"])
    readable: set[tuple[str, str]] = set()
    for ref_doctype, names in by_doctype.items():
        try:
            found = get_list(ref_doctype, filters=[["name", "in", sorted(names)]], pluck="name", limit=len(names))
        except PermissionError:
            continue
        readable.update((ref_doctype, str(n)) for n in found)
    return [row for row in rows if (row["reference_doctype"], row["reference_name"]) in readable]


def visible_changes(doctype: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """A Version's data without the fields the user may not read; None when nothing is left."""
    allowed = readable_fields(doctype)
    tables = {df.fieldname: df.options or "" for df in get_meta(doctype).table_fields}

    def table_readable(tablefield: str) -> bool:
        return tablefield in tables and (allowed is None or tablefield in allowed)

    def rows(key: str) -> list[list[Any]]:
        return [[t, strip_unreadable(tables[t], row, parent_doctype=doctype)] for t, row in data.get(key, []) if table_readable(t)]

    out = {
        "changed": [c for c in data.get("changed", []) if allowed is None or c[0] in allowed],
        "added": rows("added"),
        "removed": rows("removed"),
        "row_changed": [],
    }
    for tablefield, idx, row_name, changes in data.get("row_changed", []):
        if not table_readable(tablefield):
            continue
        fields = readable_fields(tables[tablefield], parent_doctype=doctype)
        kept = [c for c in changes if fields is None or c[0] in fields]
        if kept:
            out["row_changed"].append([tablefield, idx, row_name, kept])
    return out if any(out.values()) else None


@whitelist()
def get_attachments(doctype: str, name: str) -> list[dict[str, Any]]:
    """Files attached to a document the user may read."""
    doc = get_permitted_doc(doctype, name)
    if "File" not in all_metas(local.site):
        return []
    return get_all("File", fields=ATTACHMENT_FIELDS, filters={"attached_to_doctype": doc.doctype, "attached_to_name": doc.name},
                   order_by="creation asc", limit=_limit())  # fmt: skip
