"""Amending a cancelled document: the values a copy keeps and the amended name (`<name>-1`)."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lowcode.model.document import Document


def copy_values(doc: Document) -> dict[str, Any]:
    """A document's values for a new copy: no name, timestamps or `no_copy` fields."""
    values = doc.as_dict()
    drop = {"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx", "amended_from"}
    out = {}
    for key, value in values.items():
        df = doc.meta.get_field(key)
        if key in drop or (df is not None and df.no_copy):
            continue
        if isinstance(value, list):
            rows = [{k: v for k, v in row.items() if k not in drop | {"parent", "parentfield", "parenttype"}} for row in value]
            out[key] = copy.deepcopy(rows)
        else:
            out[key] = copy.deepcopy(value)
    out.pop("doctype", None)
    return out


def amended_name(doc: Document) -> str:
    base, number = doc.name, 0
    if doc.get("amended_from"):
        match = re.match(r"^(.*)-(\d+)$", doc.name)
        if match:
            base, number = match.group(1), int(match.group(2))
    return f"{base}-{number + 1}"
