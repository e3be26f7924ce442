"""What makes a document one of the user's own: owner, assignee field, share, or a team scope.

`owner_scope` hooks let an app widen "own" (a team leader's scope includes the members),
and the same scope is used by the document check and by the read condition, so every
path agrees.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lowcode.apps import collect_dict, import_dotted, ordered
from lowcode.context import local
from lowcode.meta.cache import all_metas, derived, get_meta

SHARE_RIGHT = {"write": "write", "share": "share", "submit": "submit"}


def _scope_hooks() -> dict[str, list[Any]]:
    paths = collect_dict(ordered(local.site.installed_apps), "owner_scope")
    return {doctype: [import_dotted(p) for p in fns] for doctype, fns in paths.items()}


def owner_users(doctype: str, user: str) -> list[str]:
    """The users whose documents count as `user`'s own on `doctype` (always `user` first)."""
    key = ("owner_users", doctype, user)
    if key in local.cache:
        return local.cache[key]
    users = [user]
    hooks = derived(local.site, "owner_scope", _scope_hooks)
    for fn in hooks.get(doctype, []) + hooks.get("*", []):
        for other in fn(doctype, user) or []:
            if other not in users:
                users.append(other)
    local.cache[key] = users
    return users


def _share_table() -> sa.Table | None:
    if "DocShare" not in all_metas(local.site):
        return None
    from lowcode.db.tables import get_table

    return get_table("DocShare")


def shared_names(doctype: str, user: str, right: str) -> sa.Select[Any] | None:
    table = _share_table()
    if table is None:
        return None
    column = table.c[SHARE_RIGHT.get(right, "read")]
    return sa.select(table.c.share_name).where(
        table.c.share_doctype == doctype,
        sa.or_(table.c.user == user, table.c.everyone == 1),
        column == 1,
    )


def own_condition(doctype: str, table: sa.Table, user: str, right: str) -> sa.ColumnElement[bool]:
    users = owner_users(doctype, user)
    meta = get_meta(doctype)
    terms: list[sa.ColumnElement[bool]] = [table.c.owner.in_(users)]
    if meta.assignee_field:
        terms.append(table.c[meta.assignee_field].in_(users))
    shared = shared_names(doctype, user, right)
    if shared is not None and local.db.scalar(shared.limit(1)) is not None:
        # only when something is shared: `name IN (shares)` in an OR keeps MariaDB from
        # using the owner and assignee indexes, which made own-only lists 2-3x slower
        terms.append(table.c.name.in_(shared))
    return sa.or_(*terms)


def is_own(doc: Any, user: str, right: str) -> bool:
    users = owner_users(doc.doctype, user)
    if doc.get("owner") in users:
        return True
    field = doc.meta.assignee_field
    if field and doc.get(field) in users:
        return True
    if not doc.get("name"):
        return False
    shared = shared_names(doc.doctype, user, right)
    if shared is None:
        return False
    return local.db.scalar(shared.where(sa.literal_column("share_name") == doc.name).limit(1)) is not None
