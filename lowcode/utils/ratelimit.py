"""Counting attempts per key in a time window (Redis when the site has it, else the database).

Used for login throttling and lockout, and for public forms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import rate_limits_table
from lowcode.utils.dates import now
from lowcode.utils.redis import get_redis


@dataclass(frozen=True)
class Limit:
    """At most `hits` within `window` seconds; past that, blocked for `block` seconds."""

    hits: int
    window: int
    block: int


def blocked_for(key: str) -> int:
    """Seconds left on a block for `key` (0 when not blocked)."""
    redis = get_redis(local.site)
    if redis is not None:
        ttl = redis.ttl(_redis_key(key, "block"))
        return max(int(ttl), 0) if ttl and ttl > 0 else 0
    table = rate_limits_table()
    until = local.db.scalar(sa.select(table.c.blocked_until).where(table.c.key == key))
    if until is None or until <= now():
        return 0
    return int((until - now()).total_seconds()) + 1


def hit(key: str, limit: Limit) -> int:
    """Record one attempt; returns how many seconds `key` is now blocked for (0 if not)."""
    redis = get_redis(local.site)
    if redis is not None:
        counter = _redis_key(key, "hits")
        pipe = redis.pipeline()
        pipe.incr(counter)
        pipe.expire(counter, limit.window, nx=True)
        hits = int(pipe.execute()[0])
        if hits > limit.hits:
            redis.set(_redis_key(key, "block"), 1, ex=limit.block)
            redis.delete(counter)
            return limit.block
        return 0
    return _hit_db(key, limit)


def _hit_db(key: str, limit: Limit) -> int:
    table = rate_limits_table()
    stamp = now()
    row = local.db.execute(local.db.for_update(sa.select(table).where(table.c.key == key))).mappings().first()
    if row is None or row["window_start"] + dt.timedelta(seconds=limit.window) < stamp:
        local.db.execute(table.delete().where(table.c.key == key))
        local.db.execute(table.insert().values(key=key, hits=1, window_start=stamp, blocked_until=None))
        hits = 1
    else:
        hits = int(row["hits"]) + 1
        local.db.execute(table.update().where(table.c.key == key).values(hits=hits))
    if hits > limit.hits:
        local.db.execute(table.update().where(table.c.key == key).values(
            hits=0, window_start=stamp, blocked_until=stamp + dt.timedelta(seconds=limit.block)))  # fmt: skip
        return limit.block
    return 0


def reset(key: str) -> None:
    redis = get_redis(local.site)
    if redis is not None:
        redis.delete(_redis_key(key, "hits"), _redis_key(key, "block"))
        return
    table = rate_limits_table()
    local.db.execute(table.delete().where(table.c.key == key))


def _redis_key(key: str, kind: str) -> str:
    return f"lowcode:{local.site.name}:rl:{kind}:{key}"
