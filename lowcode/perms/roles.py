"""A user's roles, from the `Has Role` rows of their User record (disabled roles left out)."""

from __future__ import annotations

import sqlalchemy as sa

from lowcode.context import local

ADMIN = "Administrator"
GUEST = "Guest"
AUTOMATIC_ROLES = ("All",)


def get_roles(user: str | None = None) -> frozenset[str]:
    """Roles of `user` (the current user by default); cached for the unit of work."""
    user = user or local.user
    key = ("roles", user)
    cached = local.cache.get(key)
    if cached is not None:
        return cached
    if user == GUEST:
        roles = frozenset({GUEST})
    else:
        from lowcode.db.tables import get_table

        table = get_table("Has Role")
        users = get_table("User")
        enabled = local.db.scalar(sa.select(users.c.enabled).where(users.c.name == user))
        if not enabled and user != ADMIN:
            roles = frozenset({GUEST})
        else:
            role_table = get_table("Role")
            disabled = sa.select(role_table.c.name).where(role_table.c.disabled == 1)
            query = sa.select(table.c.role).where(
                table.c.parent == user, table.c.parenttype == "User", table.c.parentfield == "roles", table.c.role.not_in(disabled)
            )
            roles = frozenset(local.db.execute(query).scalars()) | frozenset(AUTOMATIC_ROLES)
            if user == ADMIN:
                roles |= {ADMIN}
    local.cache[key] = roles
    return roles


def is_admin(user: str | None = None) -> bool:
    return (user or local.user) == ADMIN
