"""What happens after an admin saves or deletes a customisation record."""

from __future__ import annotations

from collections.abc import Iterable

from lowcode.context import local
from lowcode.db.schema import sync_doctypes
from lowcode.exceptions import MetadataError, ValidationError
from lowcode.meta.cache import bump_version, get_meta, reload_strict


def apply_customization(doctypes: Iterable[str], *, sync: bool = True) -> None:
    """Reload the metadata, strictly for `doctypes`, and bring their tables in line at once."""
    names = [d for d in doctypes if d]
    bump_version(local.site)
    try:
        reload_strict(local.site, set(names))
    except MetadataError as exc:
        raise ValidationError(exc.message, doctype=names[0] if names else None) from exc
    if not sync:
        return
    tables = []
    for name in names:
        meta = get_meta(name)
        if not meta.issingle:
            tables.append(name)
        tables.extend(df.options or "" for df in meta.table_fields)
    if tables:
        sync_doctypes(sorted(set(tables)))
