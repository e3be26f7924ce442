"""Login sessions: a random session id in an HttpOnly cookie, stored by its hash.

Sessions live in Redis when the site has it, otherwise in the `__sessions` table, so
any web process can serve any request. Each session carries its CSRF token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import sessions_table
from lowcode.utils.dates import now
from lowcode.utils.redis import get_redis


@dataclass(frozen=True)
class Session:
    sid: str
    user: str
    csrf_token: str


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def _lifetime() -> dt.timedelta:
    return dt.timedelta(hours=int(local.site.get("session_expiry_hours")))


def _redis_key(sid_hash: str) -> str:
    return f"lowcode:{local.site.name}:session:{sid_hash}"


def create(user: str, ip: str | None = None) -> Session:
    """Start a new session for `user` (a fresh id every login)."""
    sid = secrets.token_urlsafe(32)
    session = Session(sid=sid, user=user, csrf_token=secrets.token_urlsafe(24))
    redis = get_redis(local.site)
    if redis is not None:
        payload = json.dumps({"user": user, "csrf_token": session.csrf_token, "ip": ip})
        redis.set(_redis_key(_hash(sid)), payload, ex=int(_lifetime().total_seconds()))
        return session
    stamp = now()
    local.db.execute(sessions_table().insert().values(
        sid_hash=_hash(sid), user=user, csrf_token=session.csrf_token, created=stamp, last_seen=stamp,
        expires=stamp + _lifetime(), ip=ip))  # fmt: skip
    return session


def load(sid: str | None) -> Session | None:
    """The live session for a cookie value, sliding its expiry; None when unknown or expired."""
    if not sid or len(sid) > 128:
        return None
    key = _hash(sid)
    redis = get_redis(local.site)
    if redis is not None:
        raw = redis.get(_redis_key(key))
        if raw is None:
            return None
        redis.expire(_redis_key(key), int(_lifetime().total_seconds()))
        data = json.loads(raw)
        return Session(sid=sid, user=data["user"], csrf_token=data["csrf_token"])
    table = sessions_table()
    row = local.db.execute(sa.select(table).where(table.c.sid_hash == key)).mappings().first()
    if row is None:
        return None
    stamp = now()
    if row["expires"] <= stamp:
        local.db.execute(table.delete().where(table.c.sid_hash == key))
        return None
    if not local.db.read_only and stamp - row["last_seen"] > dt.timedelta(minutes=5):
        local.db.execute(table.update().where(table.c.sid_hash == key).values(last_seen=stamp, expires=stamp + _lifetime()))
    return Session(sid=sid, user=row["user"], csrf_token=row["csrf_token"])


def destroy(sid: str) -> None:
    key = _hash(sid)
    redis = get_redis(local.site)
    if redis is not None:
        redis.delete(_redis_key(key))
        return
    table = sessions_table()
    local.db.execute(table.delete().where(table.c.sid_hash == key))


def destroy_all(user: str) -> None:
    """End every session of `user` (password change, disabling)."""
    redis = get_redis(local.site)
    if redis is not None:
        for key in redis.scan_iter(_redis_key("*")):
            raw = redis.get(key)
            if raw and json.loads(raw).get("user") == user:
                redis.delete(key)
        return
    table = sessions_table()
    local.db.execute(table.delete().where(table.c.user == user))
