"""Which spreadsheet column feeds which field: the importable fields of a doctype and the mapping.

A column maps to a parent field (`email_id`), a child-table field (`items.item_code`), the
document's name (`name`, for updates), or nothing (skipped). Headers are matched by label
or fieldname (in English or a translation of the label), ignoring case, spacing and the ` *`
that templates put after mandatory fields; child columns are written `Label (Table Label)` as
in Frappe's templates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lowcode.exceptions import ValidationError
from lowcode.meta.cache import get_meta
from lowcode.meta.meta import DocField

#: fieldtypes that never take a value from a file
NOT_IMPORTABLE = {"Password", "Button", "HTML", "Image", "Heading", "Fold"}
ID_LABEL = "ID"
MANDATORY_MARK = " *"


@dataclass(frozen=True)
class Column:
    """An importable field: `key` is what the mapping stores."""

    key: str
    label: str
    field: DocField
    #: the Table field holding it, for child-table columns
    table: DocField | None = None

    @property
    def mandatory(self) -> bool:
        return bool(self.field.reqd)


def _importable(df: DocField) -> bool:
    return df.has_column and df.fieldtype not in NOT_IMPORTABLE and not df.read_only and not df.hidden


def importable_columns(doctype: str) -> list[Column]:
    """Every field a file may set, parent fields first, then each child table's fields."""
    meta = get_meta(doctype)
    columns = [Column(f.fieldname, f.display_label, f) for f in meta.fields if _importable(f)]
    for table in meta.table_fields:
        if table.read_only or table.hidden or table.fieldtype != "Table":
            continue
        child = get_meta(table.options or "")
        columns += [
            Column(f"{table.fieldname}.{f.fieldname}", f"{f.display_label} ({table.display_label})", f, table)
            for f in child.fields
            if _importable(f)
        ]
    return columns


def _norm(text: str) -> str:
    text = text.strip()
    if text.endswith("*"):
        text = text[:-1]
    return re.sub(r"\s+", " ", text).strip().casefold()


def auto_map(headers: list[str], doctype: str) -> dict[str, str]:
    """header -> key for each header matching a label or fieldname ('' when nothing matches)."""
    lookup: dict[str, str] = {_norm(ID_LABEL): "name", "name": "name"}
    columns = importable_columns(doctype)
    for column in columns:
        lookup.setdefault(_norm(column.key), column.key)
        lookup.setdefault(_norm(column.label), column.key)
        if column.table is not None:
            lookup.setdefault(_norm(f"{column.field.fieldname} ({column.table.fieldname})"), column.key)
    for translate in _translators():
        for column in columns:
            label = translate(column.field.display_label)
            if column.table is not None:
                label = f"{label} ({translate(column.table.display_label)})"
            lookup.setdefault(_norm(label), column.key)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = lookup.get(_norm(str(header or "")), "")
        if key in taken:
            key = ""
        taken.add(key)
        mapping[str(header)] = key
    return mapping


def _translators() -> list[Callable[..., str]]:
    """The site's other languages: a Spanish sheet headed 'Correo electrónico' maps too."""
    from lowcode.context import local
    from lowcode.web.desk.i18n import LANGUAGES, translator

    apps = tuple(local.site.installed_apps)
    return [translator(apps, lang) for lang in LANGUAGES if lang != "en"]


def load_mapping(text: str | None, doctype: str) -> dict[str, str]:
    """The stored mapping (JSON), checked: every target must be an importable field."""
    if not text:
        return {}
    try:
        mapping = json.loads(text)
    except ValueError as exc:
        raise ValidationError(
            f"Data Import: Column Mapping is not valid JSON ({exc}).", doctype="Data Import", fieldname="column_mapping"
        ) from exc
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str | None) for k, v in mapping.items()):
        raise ValidationError(
            'Data Import: Column Mapping must be an object of column header -> fieldname, like {"Email": "email_id"}.',
            doctype="Data Import", fieldname="column_mapping",
        )  # fmt: skip
    check_mapping(mapping, doctype)
    return {k: v or "" for k, v in mapping.items()}


def check_mapping(mapping: dict[str, Any], doctype: str) -> None:
    known = {c.key for c in importable_columns(doctype)} | {"name"}
    wrong = [f"{header!r} -> {key!r}" for header, key in mapping.items() if key and key not in known]
    if wrong:
        raise ValidationError(
            f"Data Import: these columns map to fields {doctype} does not have or that cannot be imported: {', '.join(wrong[:5])}.",
            doctype="Data Import", fieldname="column_mapping",
        )  # fmt: skip
    used: dict[str, str] = {}
    for header, key in mapping.items():
        if key and key in used:
            raise ValidationError(
                f"Data Import: columns {used[key]!r} and {header!r} both map to {key!r}; skip one of them.",
                doctype="Data Import", fieldname="column_mapping",
            )  # fmt: skip
        if key:
            used[key] = header
