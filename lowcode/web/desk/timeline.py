"""A document's timeline: field changes (Version diffs), comments and other activity.

The user's right to read the document is checked by the caller (the form); the rows are
then read server-side for that one document, and fields above the user's read level are
left out of the diffs.
"""

from __future__ import annotations

import json
from typing import Any

from lowcode.db.query import get_all
from lowcode.docinfo import linked_emails
from lowcode.meta.cache import all_metas
from lowcode.model.document import Document
from lowcode.perms import readable_fields
from lowcode.web.desk.render import Desk

LIMIT = 50


def _changes(doc: Document, data: dict[str, Any], desk: Desk) -> list[dict[str, Any]]:
    meta = doc.meta
    allowed = readable_fields(doc.doctype)
    out = []
    for fieldname, old, new in data.get("changed", []):
        df = meta.get_field(fieldname)
        if df is None or (allowed is not None and fieldname not in allowed):
            continue
        out.append({"label": desk.label(df), "old": desk.fmt(df, old, doc), "new": desk.fmt(df, new, doc)})
    for key, verb in (("added", "Row added to {table}"), ("removed", "Row removed from {table}")):
        for tablefield, _row in data.get(key, []):
            df = meta.get_field(tablefield)
            out.append({"label": desk._(verb, table=desk.label(df) if df else tablefield), "old": "", "new": ""})
    for tablefield, idx, _name, changes in data.get("row_changed", []):
        df = meta.get_field(tablefield)
        child = all_metas(desk_site()).get(df.options or "") if df else None
        for fieldname, old, new in changes:
            cdf = child.get_field(fieldname) if child else None
            label = f"{desk.label(df) if df else tablefield} #{idx}: {desk.label(cdf) if cdf else fieldname}"
            out.append({"label": label, "old": desk.fmt(cdf, old, doc), "new": desk.fmt(cdf, new, doc)})
    return out


def desk_site() -> Any:
    from lowcode.context import local

    return local.site


def timeline(doc: Document, desk: Desk) -> list[dict[str, Any]]:
    """Newest first: {kind, who, when, text | changes}."""
    entries: list[dict[str, Any]] = []
    metas = all_metas(desk_site())
    if "Version" in metas:
        for version in get_all("Version", fields=["name", "owner", "creation", "data"], order_by="creation desc", limit=LIMIT,
                               filters={"ref_doctype": doc.doctype, "docname": doc.name}):  # fmt: skip
            try:
                data = json.loads(version["data"] or "{}")
            except ValueError:
                continue
            changes = _changes(doc, data, desk)
            if changes:
                entries.append({"kind": "version", "who": version["owner"], "when": version["creation"], "changes": changes})
    if "Comment" in metas:
        for comment in get_all("Comment", fields=["name", "comment_type", "comment_email", "owner", "creation", "content"],
                               filters={"reference_doctype": doc.doctype, "reference_name": doc.name},
                               order_by="creation desc", limit=LIMIT):  # fmt: skip
            entries.append({"kind": str(comment["comment_type"] or "Comment").lower(), "who": comment["comment_email"] or comment["owner"],
                            "when": comment["creation"], "text": comment["content"] or ""})  # fmt: skip
    for email in linked_emails(doc.doctype, str(doc.name), LIMIT):
        text = desk._("Email to {recipients}: {subject} ({status})", recipients=", ".join(email["recipients"].split("\n")),
                      subject=email["subject"], status=desk._(email["status"]))  # fmt: skip
        entries.append({"kind": "email", "who": email["owner"], "when": email["creation"], "text": text})
    entries.append({"kind": "created", "who": doc.owner, "when": doc.creation, "text": desk._("created this")})
    entries.sort(key=lambda e: str(e["when"] or ""), reverse=True)
    return entries
