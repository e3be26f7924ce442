"""The bell's methods: the user's latest notifications, unread count, mark read."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lowcode.client import get_permitted_doc
from lowcode.context import local
from lowcode.db.query import get_list
from lowcode.db.tables import get_table
from lowcode.exceptions import ValidationError
from lowcode.web.whitelist import whitelist

FIELDS = ["name", "subject", "type", "read", "document_type", "document_name", "from_user", "creation"]


def unread_count(user: str) -> int:
    table = get_table("Notification Log")
    query = sa.select(sa.func.count()).select_from(table).where(table.c.for_user == user, table.c.read == 0)
    return int(local.db.scalar(query) or 0)


@whitelist()
def get_notifications(limit: Any = 20) -> dict[str, Any]:
    """The current user's latest notifications (through the permission-checked query builder)."""
    try:
        size = max(1, min(int(limit), 100))
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"limit must be a whole number of notifications, not {limit!r}.", doctype="Notification Log") from exc
    rows = get_list("Notification Log", fields=FIELDS, filters={"for_user": local.user}, order_by="creation desc", limit=size)
    return {"notifications": rows, "unread": unread_count(local.user)}


@whitelist(methods=("POST",))
def mark_as_read(name: str) -> int:
    """Mark one of the user's notifications read; returns the unread count left."""
    doc = get_permitted_doc("Notification Log", name, "write")
    if not doc.read:
        doc.db_set("read", 1, update_modified=False)
    return unread_count(local.user)


@whitelist(methods=("POST",))
def mark_all_as_read() -> int:
    """Mark every notification of the user read; returns how many changed."""
    table = get_table("Notification Log")
    return int(local.db.execute(table.update().where(table.c.for_user == local.user, table.c.read == 0).values(read=1)).rowcount)
