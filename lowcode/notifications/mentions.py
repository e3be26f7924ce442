"""Comments: pushed to everyone with the document open, and `@mentions` notify the people named.

`@ana@example.com` names a user by login or email, `@[Ana Ruiz]` by full name. Only
enabled users who may read the document are told (in the bell, type Mention); the author
is never told about their own comment.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup

from lowcode import realtime
from lowcode.context import local
from lowcode.db.query import get_value
from lowcode.db.tables import get_table
from lowcode.exceptions import DoesNotExistError
from lowcode.model.document import get_doc
from lowcode.notifications import notify
from lowcode.notifications.recipients import split_users

EMAIL_MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
NAME_MENTION = re.compile(r"(?<![\w.@])@\[([^\[\]\n]{1,140})\]")


def mentioned(text: str) -> list[str]:
    """Users (names) mentioned in `text`, in order, whether or not they exist."""
    plain = Markup(text or "").striptags()
    found = [m.group(1) for m in EMAIL_MENTION.finditer(plain)]
    names = [m.group(1).strip() for m in NAME_MENTION.finditer(plain)]
    if names:
        users = get_table("User")
        rows = local.db.execute(sa.select(users.c.name, users.c.full_name).where(users.c.full_name.in_(names))).all()
        by_name: dict[str, list[str]] = {}
        for row in rows:
            by_name.setdefault(row.full_name, []).append(row.name)
        found.extend(user for name in names for user in by_name.get(name, []))
    return list(dict.fromkeys(found))


def on_comment(comment: Any, method: str) -> None:
    """doc_events Comment.after_insert: realtime push, then mention notifications."""
    doctype, name = comment.reference_doctype, comment.reference_name
    if not doctype or not name:
        return
    realtime.publish("comment", {"name": comment.name, "comment_type": comment.comment_type, "content": comment.content,
                                 "owner": comment.owner, "creation": comment.creation}, doctype=doctype, docname=name)  # fmt: skip
    if comment.comment_type != "Comment":
        return
    names = [u for u in mentioned(comment.content or "") if u != comment.owner]
    if not names:
        return
    try:
        doc = get_doc(doctype, name)
    except DoesNotExistError:
        return
    readers = split_users(doc, names).users
    if not readers:
        return
    author = get_value("User", comment.owner, "full_name") or comment.owner
    notify(readers, f"{author} mentioned you in {doctype} {name}", document_type=doctype, document_name=str(name),
           message=comment.content or "", type="Mention", from_user=comment.owner)  # fmt: skip
