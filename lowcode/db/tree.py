"""Tree doctypes (`is_tree` with a parent Link): descendants and ancestors by recursive query."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lowcode.db.filters import Filter, InvalidQueryError
from lowcode.db.tables import get_table
from lowcode.meta.cache import get_meta
from lowcode.meta.meta import DocField


def _tree_doctype(df: DocField | None, flt: Filter) -> str:
    if df is None:
        return flt.doctype if flt.fieldname == "name" else ""
    return df.options or "" if df.fieldtype == "Link" else ""


def related(doctype: str, name: Any, direction: str, inclusive: bool = False) -> sa.Select[Any]:
    """SELECT of the names below (or above) `name` in the tree of `doctype`."""
    meta = get_meta(doctype)
    if not meta.is_tree or not meta.nsm_parent_field:
        raise InvalidQueryError(f"{doctype} is not a tree; 'descendants of' and 'ancestors of' work only on trees.", doctype=doctype)
    table = get_table(doctype)
    parent = table.c[meta.nsm_parent_field]
    if direction == "descendants":
        seed = sa.select(table.c.name).where(parent == name)
    else:
        seed = sa.select(parent.label("name")).where(table.c.name == name, parent.is_not(None))
    walk = seed.cte(name=f"tree_{direction}", recursive=True)
    step = table.alias()
    if direction == "descendants":
        walk = walk.union(sa.select(step.c.name).where(step.c[meta.nsm_parent_field] == walk.c.name))
    else:
        walk = walk.union(
            sa.select(step.c[meta.nsm_parent_field].label("name")).where(
                step.c.name == walk.c.name, step.c[meta.nsm_parent_field].is_not(None)
            )
        )
    query = sa.select(walk.c.name)
    if inclusive:
        query = sa.union(query, sa.select(sa.literal(name).label("name"))).subquery().select()
    return query


def tree_condition(column: sa.ColumnElement[Any], df: DocField | None, flt: Filter) -> sa.ColumnElement[bool]:
    doctype = _tree_doctype(df, flt)
    if not doctype:
        raise InvalidQueryError(f"'{flt.operator}' needs a link to a tree doctype; {flt.fieldname} is not one.", doctype=flt.doctype)
    negate = flt.operator.startswith("not ")
    direction = "descendants" if "descendants" in flt.operator else "ancestors"
    inclusive = flt.operator.endswith("(inclusive)")
    cond = column.in_(related(doctype, str(flt.value), direction, inclusive))
    return sa.not_(cond) if negate else cond
