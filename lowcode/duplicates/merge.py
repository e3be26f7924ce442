"""Merging two records of a doctype: everything pointing at the removed one moves to the kept one.

In one transaction: every Link and Dynamic Link to the removed record, in every doctype
(child tables and single settings included), is rewritten to the kept one; its comments,
versions, attachments, shares and timeline entries move over; its duplicate keys go; it
is deleted (a Deleted Document copy stays); a comment on the kept record says so.
"""

from __future__ import annotations

import logging
from typing import Any

from lowcode.context import local
from lowcode.db.tables import get_table, singles_table
from lowcode.exceptions import ValidationError
from lowcode.meta.cache import all_metas, get_meta
from lowcode.model.deletion import OWN_RECORD_FIELDS, delete_doc
from lowcode.model.document import get_doc
from lowcode.perms import check_doc_permission
from lowcode.web.whitelist import whitelist

log = logging.getLogger(__name__)


def _rewrite_links(doctype: str, keep: str, remove: str) -> int:
    """Point every Link / Dynamic Link at `remove` to `keep`; returns the rows changed."""
    changed = 0
    metas = all_metas(local.site)
    for meta in metas.values():
        if meta.issingle:
            continue
        table = get_table(meta.name)
        for df in meta.link_fields:
            if df.options != doctype or df.fieldname not in table.c:
                continue
            column = table.c[df.fieldname]
            changed += local.db.execute(table.update().where(column == remove).values({df.fieldname: keep})).rowcount or 0
        for df in meta.dynamic_link_fields:
            if df.fieldname not in table.c or (df.options or "") not in table.c:
                continue
            column, type_column = table.c[df.fieldname], table.c[df.options or ""]
            stmt = table.update().where(column == remove, type_column == doctype).values({df.fieldname: keep})
            changed += local.db.execute(stmt).rowcount or 0
    for doctype_name, (type_field, name_field) in OWN_RECORD_FIELDS.items():
        meta = metas.get(doctype_name)
        if meta is None or meta.get_field(name_field) is None or meta.get_field(name_field).fieldtype == "Dynamic Link":  # type: ignore[union-attr]
            continue  # Dynamic Links were rewritten above
        table = get_table(doctype_name)
        stmt = table.update().where(table.c[type_field] == doctype, table.c[name_field] == remove).values({name_field: keep})
        changed += local.db.execute(stmt).rowcount or 0
    return changed + _rewrite_singles(doctype, keep, remove, metas)


def _rewrite_singles(doctype: str, keep: str, remove: str, metas: dict[str, Any]) -> int:
    table = singles_table()
    changed = 0
    for meta in metas.values():
        if not meta.issingle:
            continue
        for df in meta.link_fields:
            if df.options == doctype:
                stmt = table.update().where(table.c.doctype == meta.name, table.c.field == df.fieldname, table.c.value == remove)
                changed += local.db.execute(stmt.values(value=keep)).rowcount or 0
    return changed


def merge(doctype: str, keep: str, remove: str) -> dict[str, Any]:
    """Merge record `remove` into `keep` (both of `doctype`); returns what was done."""
    if keep == remove:
        raise ValidationError(f"{doctype}: choose two different records to merge ('{keep}' twice).", doctype=doctype, name=keep)
    meta = get_meta(doctype)
    if meta.istable or meta.issingle:
        raise ValidationError(f"{doctype} records cannot be merged.", doctype=doctype)
    with local.db.atomic():
        kept = get_doc(doctype, keep, for_update=True)
        gone = get_doc(doctype, remove, for_update=True)
        check_doc_permission(kept, "write")
        check_doc_permission(gone, "delete")
        if gone.docstatus == 1 or kept.docstatus == 2:
            raise ValidationError(
                f"{doctype} '{remove}' is submitted or '{keep}' is cancelled; only drafts merge into a live record.",
                doctype=doctype, name=remove,
            )  # fmt: skip
        keys = get_table("Duplicate Key")
        local.db.execute(keys.delete().where(keys.c.reference_doctype == doctype, keys.c.reference_name == remove))
        changed = _rewrite_links(doctype, keep, remove)
        delete_doc(doctype, remove, ignore_permissions=True)
        title = gone.get(meta.get_title_field()) or remove
        kept.add_comment("Info", f"Merged {doctype} '{remove}' ({title}) into this record; {changed} references moved.")
    log.info("merged %s %s into %s (%s references)", doctype, remove, keep, changed)
    return {"kept": keep, "removed": remove, "references_moved": changed}


@whitelist(methods=("POST",))
def merge_records(doctype: str, keep: str, remove: str) -> dict[str, Any]:
    """HTTP: merge `remove` into `keep` (write on the kept record, delete on the removed one)."""
    return merge(doctype, keep, remove)
