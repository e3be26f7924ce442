"""The site's Redis client, when it has one (None means: cache in process, jobs inline)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import redis

if TYPE_CHECKING:
    from lowcode.sites import Site

_clients: dict[str, redis.Redis] = {}
_lock = threading.Lock()


def client_for(url: str) -> redis.Redis:
    with _lock:
        client = _clients.get(url)
        if client is None:
            client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5, health_check_interval=30)
            _clients[url] = client
        return client


def get_redis(site: Site) -> redis.Redis | None:
    url = site.redis_url
    return client_for(url) if url else None
