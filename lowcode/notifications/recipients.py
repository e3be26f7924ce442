"""Who a Notification goes to: roles, fields holding users or addresses, the owner, app resolvers.

Users are kept only when they may read the document (through the query builder's read
condition, the rule every list obeys); addresses that are not users get email only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from lowcode.apps import collect_dict, import_dotted, ordered
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.meta.cache import derived
from lowcode.perms.query import read_condition

OWNER = "owner"


@dataclass
class Recipients:
    users: list[str] = field(default_factory=list)
    #: addresses of people who are not users (email channel only)
    addresses: list[str] = field(default_factory=list)


def resolvers() -> dict[str, Any]:
    """`notification_recipient_resolvers` of the installed apps: name -> function(doc)."""

    def build() -> dict[str, Any]:
        hooks = collect_dict(ordered(local.site.installed_apps), "notification_recipient_resolvers")
        return {name: import_dotted(paths[-1]) for name, paths in hooks.items()}

    return derived(local.site, "notification_resolvers", build)


def users_with_role(role: str) -> list[str]:
    has_role, users = get_table("Has Role"), get_table("User")
    query = (
        sa.select(users.c.name)
        .join(has_role, sa.and_(has_role.c.parent == users.c.name, has_role.c.parenttype == "User"))
        .where(has_role.c.role == role, users.c.enabled == 1)
        .order_by(users.c.name)
    )
    return list(local.db.execute(query).scalars())


def resolve(rows: Iterable[Any], doc: Any) -> Recipients:
    """The readers of `doc` named by Notification Recipient rows (and the outside addresses)."""
    found: list[str] = []
    for row in rows:
        if row.get("receiver_by_role"):
            found.extend(users_with_role(row["receiver_by_role"]))
        if row.get("receiver_by_document_field"):
            fieldname = row["receiver_by_document_field"]
            value = doc.owner if fieldname == OWNER else doc.get(fieldname)
            found.extend(str(value).replace(";", ",").split(",") if value else [])
        if row.get("receiver_by_resolver"):
            fn = resolvers().get(row["receiver_by_resolver"])
            if fn is not None:
                found.extend(fn(doc) or [])
    return split_users(doc, [v.strip() for v in found if v and v.strip()])


def split_users(doc: Any, values: list[str]) -> Recipients:
    """Users (by name or email) who may read `doc`, and the other addresses."""
    values = list(dict.fromkeys(values))
    if not values:
        return Recipients()
    users = get_table("User")
    rows = local.db.execute(
        sa.select(users.c.name, users.c.email, users.c.enabled).where(sa.or_(users.c.name.in_(values), users.c.email.in_(values)))
    ).all()  # fmt: skip
    by_key = {key: row for row in rows for key in (row.name, row.email) if key}
    out = Recipients()
    for value in values:
        row = by_key.get(value)
        if row is None:
            if "@" in value:
                out.addresses.append(value)
        elif row.enabled and row.name not in out.users and row.name != "Guest" and may_read(doc, row.name):
            out.users.append(row.name)
    return out


def may_read(doc: Any, user: str) -> bool:
    """Whether `user` sees `doc` in their lists (the query builder's read condition)."""
    table = get_table(doc.doctype)
    condition = read_condition(doc.doctype, table, user)
    if condition is None:
        return True
    query = sa.select(sa.func.count()).select_from(table).where(table.c.name == doc.name, condition)
    return bool(local.db.scalar(query))
