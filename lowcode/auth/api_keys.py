"""API keys: `Authorization: token <api_key>:<api_secret>`."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from lowcode.auth.secrets import check_token, set_token
from lowcode.context import local
from lowcode.db.tables import get_table


def generate_keys(user: str) -> tuple[str, str]:
    """Give `user` a new API key and secret (the secret is shown once, stored hashed)."""
    key = secrets.token_hex(8)
    secret = secrets.token_hex(16)
    table = get_table("User")
    local.db.execute(table.update().where(table.c.name == user).values(api_key=key))
    set_token("User", user, "api_secret", secret)
    return key, secret


def user_for_token(key: str, secret: str) -> str | None:
    """The enabled user owning this key and secret, or None."""
    table = get_table("User")
    row = local.db.execute(sa.select(table.c.name, table.c.enabled).where(table.c.api_key == key)).first()
    if row is None or not row.enabled:
        return None
    return row.name if check_token("User", row.name, "api_secret", secret) else None
