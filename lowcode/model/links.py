"""Who links to a document: refusing deletes and cancels that would leave links dangling."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import LinkExistsError
from lowcode.meta.cache import all_metas, derived

if TYPE_CHECKING:
    from lowcode.model.document import Document

#: records that belong to the document itself (its history), removed with it
OWN_RECORDS = {"Version", "Comment", "Deleted Document", "DocShare", "File"}
#: links that say what a record is about and never keep that document from being deleted: its
#: assignments and notifications (deleted with it, see deletion.OWN_RECORD_FIELDS) and the emails
#: about it (kept as the log). Their other links (a ToDo's user, its rule) still count.
ABOUT_LINKS = {("ToDo", "reference_name"), ("Notification Log", "document_name"), ("Email Queue", "reference_name"),
               ("Email Queue", "timeline_name")}  # fmt: skip
MAX_SHOWN = 5


@dataclass(frozen=True)
class LinkRef:
    doctype: str  # the doctype holding the field
    fieldname: str
    target: str | None  # the linked doctype; None for a Dynamic Link
    type_field: str | None  # Dynamic Link: the field holding the doctype
    parent_doctypes: tuple[str, ...]  # for child tables: the doctypes using them


def _build_link_map() -> dict[str, list[LinkRef]]:
    metas = all_metas(local.site)
    parents: dict[str, list[str]] = {}
    for meta in metas.values():
        for df in meta.table_fields:
            parents.setdefault(df.options or "", []).append(meta.name)
    links: dict[str, list[LinkRef]] = {"*": []}
    for meta in metas.values():
        if meta.issingle:
            continue
        owners = tuple(parents.get(meta.name, ())) if meta.istable else ()
        for df in meta.link_fields:
            links.setdefault(df.options or "", []).append(LinkRef(meta.name, df.fieldname, df.options, None, owners))
        for df in meta.dynamic_link_fields:
            links["*"].append(LinkRef(meta.name, df.fieldname, None, df.options, owners))
    return links


def link_map() -> dict[str, list[LinkRef]]:
    return derived(local.site, "link_map", _build_link_map)


def linked_documents(doc: Document, *, submitted_only: bool = False, limit: int = 50) -> list[tuple[str, str]]:
    """(doctype, name) of documents that link to `doc` (parents for links held in child rows)."""
    refs = link_map().get(doc.doctype, []) + link_map()["*"]
    found: list[tuple[str, str]] = []
    for ref in refs:
        if ref.doctype in OWN_RECORDS or (ref.doctype, ref.fieldname) in ABOUT_LINKS or ref.fieldname == "amended_from":
            continue
        table = get_table(ref.doctype)
        column = table.c[ref.fieldname]
        query = sa.select(table.c.parent if ref.parent_doctypes else table.c.name,
                          table.c.parenttype if ref.parent_doctypes else sa.literal(ref.doctype))  # fmt: skip
        query = query.where(column == doc.name)
        if ref.type_field:
            query = query.where(table.c[ref.type_field] == doc.doctype)
        if ref.parent_doctypes:
            query = query.where(sa.not_(sa.and_(table.c.parent == doc.name, table.c.parenttype == doc.doctype)))
        else:
            query = query.where(sa.not_(sa.and_(table.c.name == doc.name, sa.literal(ref.doctype) == doc.doctype)))
            query = query.where(table.c.docstatus == 1) if submitted_only else query.where(table.c.docstatus != 2)
        for name, doctype in local.db.execute(query.distinct().limit(limit)):
            if ref.parent_doctypes and _parent_cancelled(doctype, name, submitted_only):
                continue
            if (doctype, name) not in found:
                found.append((doctype, name))
        if len(found) >= limit:
            break
    return found


def _parent_cancelled(doctype: str, name: str, submitted_only: bool) -> bool:
    table = get_table(doctype)
    status = local.db.scalar(sa.select(table.c.docstatus).where(table.c.name == name))
    if status is None:
        return True
    return status != 1 if submitted_only else status == 2


def check_no_links(doc: Document, action: str, *, submitted_only: bool = False) -> None:
    found = linked_documents(doc, submitted_only=submitted_only)
    if not found:
        return
    shown = ", ".join(f"{dt} '{name}'" for dt, name in found[:MAX_SHOWN])
    more = f" and {len(found) - MAX_SHOWN} more" if len(found) > MAX_SHOWN else ""
    then = "cancel those documents first" if submitted_only else "remove those links or delete those documents first"
    raise LinkExistsError(
        f"Cannot {action} {doc.doctype} '{doc.name}' because it is linked with {shown}{more}; {then}.",
        doctype=doc.doctype, name=doc.name, linked=[{"doctype": d, "name": n} for d, n in found],
    )  # fmt: skip
