"""Deleting a document: permission, docstatus and link checks, its own records, a kept copy."""

from __future__ import annotations

from lowcode import perms
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import DocstatusTransitionError
from lowcode.meta.cache import all_metas
from lowcode.model import persistence
from lowcode.model.document import SUBMITTED, Document, get_doc, new_doc
from lowcode.model.links import check_no_links
from lowcode.utils.json import dumps

#: records that belong to a document (its history, shares, files, assignments, notifications), deleted with it
OWN_RECORD_FIELDS = {
    "Version": ("ref_doctype", "docname"),
    "Comment": ("reference_doctype", "reference_name"),
    "DocShare": ("share_doctype", "share_name"),
    "File": ("attached_to_doctype", "attached_to_name"),
    "ToDo": ("reference_type", "reference_name"),
    "Notification Log": ("document_type", "document_name"),
}


def delete_doc(doctype: str, name: str, *, ignore_permissions: bool = False, force: bool = False) -> None:
    """Delete a document after checking that nothing links to it (unless forced)."""
    with local.db.atomic():
        doc = get_doc(doctype, name, for_update=True)
        if ignore_permissions:
            doc.flags.ignore_permissions = True
        else:
            perms.check_doc_permission(doc, "delete")
        if doc.docstatus == SUBMITTED:
            raise DocstatusTransitionError(f"{doctype} '{name}' is submitted; cancel it before deleting it.", doctype=doctype, name=name)
        doc.run_method("on_trash")
        if not force:
            check_no_links(doc, "delete")
        persistence.delete_rows(doc)
        _delete_own_records(doc)
        _keep_deleted_copy(doc)
        doc.run_method("after_delete")


def _delete_own_records(doc: Document) -> None:
    metas = all_metas(local.site)
    for doctype, (type_field, name_field) in OWN_RECORD_FIELDS.items():
        if doctype not in metas or doc.doctype == doctype:
            continue
        table = get_table(doctype)
        local.db.execute(table.delete().where(table.c[type_field] == doc.doctype, table.c[name_field] == doc.name))


def _keep_deleted_copy(doc: Document) -> None:
    if "Deleted Document" not in all_metas(local.site) or doc.doctype in ("Deleted Document", "Version", "Comment"):
        return
    copy_doc = new_doc("Deleted Document", deleted_doctype=doc.doctype, deleted_name=doc.name,
                       data=dumps(doc.as_dict(convert=True)))  # fmt: skip
    copy_doc.insert(ignore_permissions=True)
