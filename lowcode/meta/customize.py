"""Merging Custom Field and Property Setter records over a doctype's metadata.

The merge works on the JSON form and rebuilds the Meta with the same strict validator
as the files, so a customisation can never produce metadata a file could not.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from lowcode.exceptions import MetadataError
from lowcode.meta.meta import DOCFIELD_KEYS, DOCTYPE_KEYS, Meta
from lowcode.meta.validate import build_meta

log = logging.getLogger(__name__)
#: DocType properties an admin may change with a Property Setter
DOCTYPE_PROPERTIES = set(DOCTYPE_KEYS) - {"name", "module", "doctype", "custom", "istable", "issingle", "fields", "permissions", "actions"}
#: DocField properties an admin may change with a Property Setter
FIELD_PROPERTIES = set(DOCFIELD_KEYS) - {"fieldname", "is_custom_field", "insert_after"}


def custom_field_dict(record: Mapping[str, Any]) -> dict[str, Any]:
    """The DocField keys of a Custom Field record, marked as custom."""
    out = {k: v for k, v in record.items() if k in DOCFIELD_KEYS and v not in (None, "")}
    out = {k: v for k, v in out.items() if not (DOCFIELD_KEYS[k].type == "int" and not v)}
    out["is_custom_field"] = 1
    return out


def merge(
    meta: Meta,
    custom_fields: Iterable[Mapping[str, Any]],
    property_setters: Iterable[Mapping[str, Any]],
) -> Meta:
    """Return `meta` with the customisations applied; raise MetadataError if they break a rule."""
    raw = meta.as_dict()
    fields: list[dict[str, Any]] = raw["fields"]
    standard = {f["fieldname"] for f in fields}
    for record in custom_fields:
        field = custom_field_dict(record)
        if field["fieldname"] in standard:
            log.warning("Custom Field %s.%s is now a standard field; the standard one is used", meta.name, field["fieldname"])
            continue
        _insert_after(fields, field)
    order: list[str] | None = None
    for setter in property_setters:
        prop, value, target = setter["property"], setter.get("value"), setter.get("field_name")
        if prop == "field_order" and not target:
            order = json.loads(value or "[]")
            continue
        if target:
            if prop not in FIELD_PROPERTIES:
                raise MetadataError(f"Property Setter on {meta.name}.{target}: '{prop}' cannot be changed")
            row = next((f for f in fields if f["fieldname"] == target), None)
            if row is None:
                log.warning("Property Setter %s.%s.%s: field no longer exists; ignored", meta.name, target, prop)
                continue
            row[prop] = value
        else:
            if prop not in DOCTYPE_PROPERTIES:
                raise MetadataError(f"Property Setter on {meta.name}: '{prop}' cannot be changed")
            raw[prop] = value
    if order:
        raw["field_order"] = [name for name in order if any(f["fieldname"] == name for f in fields)]
    raw["fields"] = [_drop_empty(f) for f in fields]
    merged = build_meta(_drop_empty(raw), f"{meta.source} (customised)", app=meta.app)
    merged.source = meta.source
    return merged


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _insert_after(fields: list[dict[str, Any]], field: dict[str, Any]) -> None:
    after = field.get("insert_after")
    position = next((i for i, f in enumerate(fields) if f["fieldname"] == after), None)
    if position is None:
        fields.append(field)
    else:
        fields.insert(position + 1, field)
