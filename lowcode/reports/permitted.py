"""The subquery a doctype's table is replaced with in report SQL: the rows and fields the user may read.

Rows: the read condition of the query builder (`lowcode.perms.read_condition`: DocPerm
rules, own documents, shares, app hooks); a child table's rows follow their parent's.
Fields above the user's permlevel come back as NULL. The subquery is compiled for the
site's database with named parameters, renamed so they cannot clash with the report's.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine.interfaces import BindTyping

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.meta.cache import all_metas, get_meta
from lowcode.perms import has_permission, read_condition, readable_fields

BIND_RE = re.compile(r"(?<![:\w]):(\w+)")


@cache
def _named_dialect(dialect_class: type) -> Any:
    """The site's dialect, rendering :named parameters without casts (so they can sit inside sa.text)."""
    dialect = dialect_class(paramstyle="named")
    dialect.bind_typing = BindTyping.NONE
    return dialect


def _parents(child: str) -> list[str]:
    return sorted(m.name for m in all_metas(local.site).values() if not m.istable and any(df.options == child for df in m.table_fields))


def permitted_select(doctype: str, user: str) -> sa.Select[Any] | None:
    """The rows of `doctype` `user` may read, with unreadable fields as NULL; None when that is the whole table."""
    meta = get_meta(doctype)
    table = get_table(doctype)
    condition: sa.ColumnElement[bool] | None
    if meta.istable:
        parents = _parents(doctype)
        branches = []
        for parent in parents:
            if get_meta(parent).issingle:
                if has_permission(parent, "read", user=user):
                    branches.append(table.c.parenttype == parent)
                continue
            parent_table = get_table(parent)
            cond = read_condition(parent, parent_table, user)
            names = sa.select(parent_table.c.name) if cond is None else sa.select(parent_table.c.name).where(cond)
            branches.append(sa.and_(table.c.parenttype == parent, table.c.parent.in_(names)))
        condition = sa.or_(*branches) if branches else sa.false()
        allowed = readable_fields(doctype, user, parents[0]) if parents else set()
    else:
        condition = read_condition(doctype, table, user)
        allowed = readable_fields(doctype, user)
    if condition is None and allowed is None:
        return None
    columns = [table.c[c] if allowed is None or c in allowed else sa.null().label(c) for c in meta.column_names]
    query = sa.select(*columns)
    return query if condition is None else query.where(condition)


class PermittedSql:
    """Compiles permitted subqueries for one report run, collecting their parameters."""

    def __init__(self, user: str) -> None:
        self.user = user
        self.params: dict[str, Any] = {}
        self.count = 0
        self.dialect = _named_dialect(type(local.db.engine.dialect))

    def __call__(self, doctype: str) -> str | None:
        """The subquery's SQL, or None when the user may read the whole table (it is then used as it is)."""
        select = permitted_select(doctype, self.user)
        if select is None:
            return None
        compiled = select.compile(dialect=self.dialect, compile_kwargs={"render_postcompile": True})
        self.count += 1
        prefix = f"lcperm{self.count}_"
        renamed = {key: f"{prefix}{key}" for key in compiled.params}
        self.params.update({renamed[k]: v for k, v in compiled.params.items()})
        return BIND_RE.sub(lambda m: ":" + renamed.get(m.group(1), m.group(1)), str(compiled))
