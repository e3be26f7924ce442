"""Whitelisted desk actions: bulk edit and delete, amend, comments. Each write is a normal
permission-checked save through `lowcode.client`, one document at a time in its own savepoint."""

from __future__ import annotations

from typing import Any

from lowcode import client
from lowcode.context import local
from lowcode.db.filters import parse_json_arg
from lowcode.exceptions import LowcodeError, ValidationError
from lowcode.model.document import new_doc
from lowcode.web.whitelist import whitelist

MAX_BULK = 500


def _names(names: Any, doctype: str) -> list[str]:
    parsed = parse_json_arg(names, "names", doctype)
    if not isinstance(parsed, list) or not all(isinstance(n, str) for n in parsed):
        raise ValidationError("Pass the names as a JSON list.", doctype=doctype)
    if len(parsed) > MAX_BULK:
        raise ValidationError(f"Select at most {MAX_BULK} records at a time.", doctype=doctype)
    return parsed


def _each(doctype: str, names: list[str], action: Any) -> dict[str, Any]:
    done, failed = [], []
    for name in names:
        try:
            with local.db.atomic():
                action(name)
            done.append(name)
        except LowcodeError as exc:
            failed.append({"name": name, "message": exc.message})
    return {"done": done, "failed": failed}


@whitelist(methods=("POST",))
def bulk_update(doctype: str, names: Any, fieldname: str, value: Any = None) -> dict[str, Any]:
    """Set one field on many records; each is a normal save (permissions, validation, versions)."""
    return _each(doctype, _names(names, doctype), lambda name: client.update_doc(doctype, name, {fieldname: value}))


@whitelist(methods=("POST",))
def bulk_delete(doctype: str, names: Any) -> dict[str, Any]:
    return _each(doctype, _names(names, doctype), lambda name: client.delete(doctype, name))


@whitelist(methods=("POST",))
def amend(doctype: str, name: str) -> dict[str, Any]:
    """Create the amended draft of a cancelled document and answer its name."""
    doc = client.get_permitted_doc(doctype, name, "read")
    amended = doc.amend()
    amended.insert()
    return {"name": amended.name}


@whitelist(methods=("POST",))
def add_comment(reference_doctype: str, reference_name: str, content: str) -> dict[str, Any]:
    """A comment on a document the user may read."""
    text = str(content or "").strip()
    if not text:
        raise ValidationError("Write a comment first.", fieldname="content")
    if len(text) > 10_000:
        raise ValidationError("A comment holds at most 10,000 characters.", fieldname="content")
    client.get_permitted_doc(reference_doctype, reference_name, "read")
    comment = new_doc("Comment", comment_type="Comment", reference_doctype=reference_doctype, reference_name=reference_name,
                      content=text, comment_email=local.user, comment_by=local.user)  # fmt: skip
    comment.insert(ignore_permissions=True)
    return {"name": comment.name}
