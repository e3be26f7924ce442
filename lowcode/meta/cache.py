"""Per-process cache of a site's merged metadata, invalidated across processes.

A version token lives in Redis when the site has one, otherwise in the site's database
(`tabSingles`, doctype `__meta`). Every unit of work compares it with the token this
process loaded; a change (a Custom Field saved by another process, a migrate) drops the
cache. Saving a customisation bumps the token in the same transaction.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from lowcode.exceptions import DoesNotExistError

if TYPE_CHECKING:
    from lowcode.meta.meta import Meta
    from lowcode.sites import Site

log = logging.getLogger(__name__)
VERSION_KEY = "__meta"


@dataclass
class SiteCache:
    version: str | None = None
    metas: dict[str, Meta] | None = None
    #: other per-site derived data (tables, link maps); dropped with the metadata
    derived: dict[str, Any] = field(default_factory=dict)


_caches: dict[str, SiteCache] = {}
_lock = threading.RLock()


def _key(site: Site) -> str:
    return site.cache_key


def site_cache(site: Site) -> SiteCache:
    cache = _caches.get(site.cache_key)
    if cache is not None:
        return cache
    with _lock:
        return _caches.setdefault(site.cache_key, SiteCache())


def clear(site: Site) -> None:
    with _lock:
        _caches.pop(_key(site), None)


def _redis(site: Site) -> Any:
    from lowcode.utils.redis import get_redis

    return get_redis(site)


def _redis_key(site: Site) -> str:
    return f"lowcode:{site.name}:meta_version"


def read_version(site: Site) -> str | None:
    redis = _redis(site)
    if redis is not None:
        value = redis.get(_redis_key(site))
        return value.decode() if value else None
    from lowcode.context import current
    from lowcode.db.tables import singles_table

    db = current().db
    table = singles_table()
    query = sa.select(table.c.value).where(table.c.doctype == VERSION_KEY, table.c.field == "version")
    return db.scalar(query)


def bump_version(site: Site) -> None:
    """Mark the metadata as changed: this process now, others once the transaction commits."""
    from lowcode.context import current
    from lowcode.db.tables import singles_table

    token = secrets.token_hex(8)
    clear(site)
    db = current().db
    redis = _redis(site)
    if redis is not None:
        db.after_commit(lambda: redis.set(_redis_key(site), token))
    else:
        table = singles_table()
        db.execute(table.delete().where(table.c.doctype == VERSION_KEY, table.c.field == "version"))
        db.execute(table.insert().values(doctype=VERSION_KEY, field="version", value=token))
    db.on_undo(lambda: clear(site))


def site_tables_ready(site: Site) -> bool:
    """Whether the site's core tables exist (false while `new-site` is creating them)."""
    from lowcode.context import current, has_site

    return "core" in site.installed_apps and not (has_site() and current().flags.get("bootstrapping"))


def refresh_if_stale(site: Site) -> None:
    """Drop this process's cache of `site` when another process changed the metadata."""
    if not site_tables_ready(site):
        return
    cache = site_cache(site)
    if cache.metas is None:
        return
    version = read_version(site)
    if version != cache.version:
        log.debug("metadata of %s changed elsewhere; reloading", site.name)
        clear(site)


def all_metas(site: Site) -> dict[str, Meta]:
    cache = site_cache(site)
    if cache.metas is not None:
        return cache.metas
    with _lock:
        cache = site_cache(site)
        if cache.metas is None:
            from lowcode.meta.site_meta import load_site_metas

            version = read_version(site) if site_tables_ready(site) else None
            cache.metas = load_site_metas(site)
            cache.version = version
        return cache.metas


def reload_strict(site: Site, doctypes: set[str]) -> None:
    """Reload the metadata after an admin's change, raising if `doctypes` no longer validate."""
    from lowcode.meta.site_meta import load_site_metas

    clear(site)
    cache = site_cache(site)
    cache.metas = load_site_metas(site, strict=frozenset(doctypes))


def get_meta(doctype: str, site: Site | None = None) -> Meta:
    """The merged metadata of `doctype` on the active (or given) site."""
    if site is None:
        from lowcode.context import current

        site = current().site
    metas = all_metas(site)
    meta = metas.get(doctype)
    if meta is None:
        raise DoesNotExistError(f"DocType '{doctype}' does not exist on site {site.name}.", doctype=doctype)
    return meta


def derived(site: Site, key: str, build: Any) -> Any:
    """A value computed from the metadata, cached until the metadata changes."""
    cache = site_cache(site)
    all_metas(site)
    value = cache.derived.get(key)
    if value is None:
        value = build()
        cache.derived[key] = value
    return value
