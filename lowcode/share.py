"""Sharing one document with one user (`DocShare`): `lowcode.share.add` and `remove`.

Sharing needs the `share` right on the document, and nobody grants more than they have:
write, submit or share go to another user only from someone who holds that right on
the same document. A share makes the document one of the other user's own.
"""

from __future__ import annotations

from typing import Any

from lowcode.client import get_permitted_doc
from lowcode.db.query import get_all
from lowcode.exceptions import PermissionError, ValidationError
from lowcode.model.deletion import delete_doc
from lowcode.model.document import get_doc, new_doc
from lowcode.perms import has_permission
from lowcode.web.whitelist import whitelist

GRANTS = ("read", "write", "submit", "share")


@whitelist(methods=("POST",))
def add(doctype: str, name: str, user: str, read: Any = 1, write: Any = 0, share: Any = 0, submit: Any = 0) -> dict[str, Any]:
    """Share a document with `user` (read, and optionally write, submit, share)."""
    doc = get_permitted_doc(doctype, name, "share")
    if not isinstance(user, str) or not user:
        raise ValidationError("Which user? Pass user.", fieldname="user")
    wanted = {"read": _flag(read), "write": _flag(write), "submit": _flag(submit), "share": _flag(share)}
    refused = [right for right, on in wanted.items() if on and not has_permission(doc.doctype, right, doc)]
    if refused:
        raise PermissionError(
            f"You cannot give {', '.join(refused)} access to {doc.doctype} '{doc.name}': you do not have it yourself.",
            doctype=doc.doctype, name=doc.name, rights=refused,
        )  # fmt: skip
    existing = _share_names(doc.doctype, doc.name, user)
    share_doc = (
        get_doc("DocShare", existing[0]) if existing else new_doc("DocShare", share_doctype=doc.doctype, share_name=doc.name, user=user)
    )
    share_doc.update(wanted)
    share_doc.save(ignore_permissions=True)
    return {k: share_doc.get(k) for k in ("name", "share_doctype", "share_name", "user", *GRANTS)}


@whitelist(methods=("POST",))
def remove(doctype: str, name: str, user: str) -> str:
    """Stop sharing a document with `user`."""
    doc = get_permitted_doc(doctype, name, "share")
    names = _share_names(doc.doctype, doc.name, user)
    for share_name in names:
        delete_doc("DocShare", share_name, ignore_permissions=True)
    return (
        f"{doc.doctype} '{doc.name}' is no longer shared with {user}."
        if names
        else f"{doc.doctype} '{doc.name}' was not shared with {user}."
    )


def _share_names(doctype: str, name: str, user: Any) -> list[str]:
    return get_all("DocShare", filters={"share_doctype": doctype, "share_name": name, "user": str(user)}, pluck="name")


def _flag(value: Any) -> int:
    return 1 if str(value).strip().lower() in ("1", "true", "yes") else 0
