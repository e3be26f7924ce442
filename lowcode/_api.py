"""The public API re-exported by `lowcode` (see lowcode/__init__.py)."""

from __future__ import annotations

from typing import Any

from lowcode import exceptions
from lowcode.context import local, site_context
from lowcode.db.query import get_all, get_count, get_list, get_value
from lowcode.meta.cache import get_meta
from lowcode.model.deletion import delete_doc
from lowcode.model.document import Document, exists, get_doc, new_doc
from lowcode.utils.dates import now, today
from lowcode.web.whitelist import whitelist


def set_value(doctype: str, name: str, fieldname: str | dict[str, Any], value: Any = None) -> Document:
    """Change fields of a document through a normal, validated, permission-checked save."""
    doc = get_doc(doctype, name)
    doc.update(fieldname if isinstance(fieldname, dict) else {fieldname: value})
    return doc.save()


def throw(message: str, exc: type[exceptions.LowcodeError] = exceptions.ValidationError, **data: Any) -> None:
    raise exc(message, **data)


__all__ = [
    "Document", "delete_doc", "exceptions", "exists", "get_all", "get_count", "get_doc",
    "get_list", "get_meta", "get_value", "local", "new_doc", "now", "set_value", "site_context",
    "throw", "today", "whitelist",
]  # fmt: skip
