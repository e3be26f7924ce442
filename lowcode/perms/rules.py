"""The DocPerm rules that apply to a user on a doctype, folded into rights per permlevel.

A doctype's rules are its metadata's `permissions`, unless admins saved Custom DocPerm
records for it: then those replace them (Frappe's rule), taking effect at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from lowcode.context import local
from lowcode.meta.cache import all_metas, derived, get_meta
from lowcode.meta.meta import RIGHTS, DocPerm
from lowcode.perms.roles import get_roles


@dataclass(frozen=True)
class UserRules:
    """What a user may do on one doctype."""

    #: rights granted on every document, at permlevel 0
    everywhere: frozenset[str] = frozenset()
    #: rights granted only on the user's own documents, at permlevel 0
    own_only: frozenset[str] = frozenset()
    #: permlevels the user may read / write (0 included when any level-0 read exists)
    read_levels: frozenset[int] = frozenset()
    write_levels: frozenset[int] = frozenset()
    rules: tuple[DocPerm, ...] = field(default=())

    def allows(self, right: str) -> bool:
        return right in self.everywhere or right in self.own_only

    def only_own(self, right: str) -> bool:
        return right not in self.everywhere and right in self.own_only


def _custom_rules() -> dict[str, list[DocPerm]]:
    if "Custom DocPerm" not in all_metas(local.site):
        return {}
    from lowcode.db.tables import get_table

    table = get_table("Custom DocPerm")
    out: dict[str, list[DocPerm]] = {}
    keys = [k for k in DocPerm.__dataclass_fields__ if k != "role"]
    for row in local.db.execute(sa.select(table)).mappings():
        values = {k: int(row.get("import" if k == "import_" else k) or 0) for k in keys}
        out.setdefault(row["doc_type"], []).append(DocPerm(role=row["role"], **values))
    return out


def doctype_rules(doctype: str) -> list[DocPerm]:
    custom = derived(local.site, "custom_docperms", _custom_rules)
    if doctype in custom:
        return custom[doctype]
    return get_meta(doctype).permissions


def user_rules(doctype: str, user: str | None = None) -> UserRules:
    user = user or local.user
    key = ("rules", doctype, user)
    cached = local.cache.get(key)
    if cached is not None:
        return cached
    roles = get_roles(user)
    mine = tuple(r for r in doctype_rules(doctype) if r.role in roles)
    everywhere: set[str] = set()
    own_only: set[str] = set()
    read_levels: set[int] = set()
    write_levels: set[int] = set()
    for rule in mine:
        granted = {right for right in RIGHTS if rule.has(right)}
        if rule.permlevel == 0:
            (own_only if rule.if_owner else everywhere).update(granted)
        if rule.read or rule.write:
            read_levels.add(rule.permlevel)
        if rule.write:
            write_levels.add(rule.permlevel)
    result = UserRules(frozenset(everywhere), frozenset(own_only), frozenset(read_levels), frozenset(write_levels), mine)
    local.cache[key] = result
    return result
