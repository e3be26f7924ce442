"""Field-level change history: the Version record written when a tracked document is saved.

The data follows Frappe's Version format: `changed` ([field, old, new]), `added` and
`removed` ([table field, row]) and `row_changed` ([table field, idx, row name, changes]).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lowcode.utils.json import dumps, to_jsonable

if TYPE_CHECKING:
    from lowcode.model.base import BaseDocument
    from lowcode.model.document import Document

IGNORED = {"modified", "modified_by", "creation", "owner", "idx", "docstatus", "parent", "parentfield", "parenttype"}


def _field_changes(old: BaseDocument, new: BaseDocument) -> list[list[Any]]:
    changes = []
    for df in new.meta.data_fields:
        if df.fieldname in IGNORED or df.fieldtype == "Password":
            continue
        before, after = old.__dict__.get(df.fieldname), new.__dict__.get(df.fieldname)
        if to_jsonable(before) != to_jsonable(after):
            changes.append([df.fieldname, to_jsonable(before), to_jsonable(after)])
    return changes


def diff(old: Document, new: Document) -> dict[str, Any] | None:
    """What changed between two states of a document; None when nothing did."""
    data: dict[str, Any] = {"changed": _field_changes(old, new), "added": [], "removed": [], "row_changed": []}
    for df in new.meta.table_fields:
        old_rows = {r.name: r for r in old.__dict__.get(df.fieldname) or []}
        new_rows = new.__dict__.get(df.fieldname) or []
        new_names = {r.name for r in new_rows}
        for row in new_rows:
            previous = old_rows.get(row.name)
            if previous is None:
                data["added"].append([df.fieldname, _row_summary(row)])
                continue
            changes = _field_changes(previous, row)
            if changes:
                data["row_changed"].append([df.fieldname, row.idx, row.name, changes])
        for name, row in old_rows.items():
            if name not in new_names:
                data["removed"].append([df.fieldname, _row_summary(row)])
    if not any(data.values()):
        return None
    return data


def _row_summary(row: BaseDocument) -> dict[str, Any]:
    values = row.as_dict(no_nulls=True, convert=True)
    return {k: v for k, v in values.items() if k not in IGNORED}


def record_version(old: Document, new: Document) -> None:
    """Write a Version for `new` when a tracked doctype's values changed.

    The Version is the platform's own bookkeeping, written as a row inside the save's
    savepoint (no lifecycle of its own: its values are known to be valid), which spares
    every tracked save a savepoint and a link check.
    """
    if not new.meta.track_changes or new.flags.ignore_version:
        return
    data = diff(old, new)
    if data is None:
        return
    from lowcode.context import local
    from lowcode.model import persistence
    from lowcode.model.document import new_doc
    from lowcode.model.naming import make_hash

    version = new_doc("Version", ref_doctype=new.doctype, docname=new.name, data=dumps(data))
    version.__dict__.update(name=make_hash(), owner=local.user, creation=new.modified, modified=new.modified,
                            modified_by=local.user, docstatus=0)  # fmt: skip
    persistence.insert_rows(version)
