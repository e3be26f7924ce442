"""The read condition: which rows of a doctype a user may see, as an SQLAlchemy clause."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lowcode.apps import collect_dict, import_dotted, ordered
from lowcode.context import local
from lowcode.meta.cache import derived
from lowcode.perms.ownership import own_condition
from lowcode.perms.roles import ADMIN
from lowcode.perms.rules import user_rules


def _query_hooks() -> dict[str, list[Any]]:
    paths = collect_dict(ordered(local.site.installed_apps), "permission_query_conditions")
    return {doctype: [import_dotted(p) for p in fns] for doctype, fns in paths.items()}


def read_condition(doctype: str, table: sa.Table, user: str | None = None, right: str = "read") -> sa.ColumnElement[bool] | None:
    """None when every row is visible; otherwise the condition rows must meet (false() for none)."""
    user = user or local.user
    if user == ADMIN:
        return None
    rules = user_rules(doctype, user)
    rights = (right, "read") if right == "select" else (right,)
    condition: sa.ColumnElement[bool] | None
    if any(r in rules.everywhere for r in rights):
        condition = None
    elif any(r in rules.own_only for r in rights):
        condition = own_condition(doctype, table, user, "read" if right == "select" else right)
    else:
        return sa.false()
    hooks = derived(local.site, "permission_query_hooks", _query_hooks)
    for hook in hooks.get(doctype, []):
        extra = hook(user, table)
        if extra is not None:
            condition = extra if condition is None else sa.and_(condition, extra)
    return condition
