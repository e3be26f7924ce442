"""The current site, user and database connection, held in a context variable.

Each web request, job and CLI command runs inside `site_context(...)`; code below reads
`lowcode.local.site`, `lowcode.local.user` and `lowcode.local.db`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lowcode.exceptions import ConfigurationError

if TYPE_CHECKING:
    from lowcode.db.database import Database
    from lowcode.sites import Site


@dataclass
class Local:
    """State of one unit of work (a request, a job, a command)."""

    site: Site
    db: Database
    user: str = "Administrator"
    lang: str = "en"
    flags: dict[str, Any] = field(default_factory=dict)
    #: per-unit memo (user roles, permission rules); dropped at the end of the unit
    cache: dict[Any, Any] = field(default_factory=dict)
    #: client address, set by the web layer
    request_ip: str | None = None


_current: ContextVar[Local | None] = ContextVar("lowcode_local", default=None)


def current() -> Local:
    local = _current.get()
    if local is None:
        raise ConfigurationError(
            "No site is active. Wrap the code in `with lowcode.site_context('mysite'):` or run it with `lowcode --site mysite execute ...`."
        )
    return local


def has_site() -> bool:
    return _current.get() is not None


class _LocalProxy:
    """`lowcode.local`: attribute access reaches the active unit of work."""

    def __getattr__(self, name: str) -> Any:
        return getattr(current(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(current(), name, value)


local: Any = _LocalProxy()


@contextmanager
def site_context(
    site: str | Site,
    user: str = "Administrator",
    *,
    read_only: bool = False,
    lang: str | None = None,
) -> Iterator[Local]:
    """Open a unit of work on `site`; the connection is rolled back unless committed."""
    from lowcode.db.database import Database
    from lowcode.meta.cache import refresh_if_stale
    from lowcode.sites import Site

    site_obj = site if isinstance(site, Site) else Site.load(site)
    db = Database(site_obj, read_only=read_only)
    state = Local(site=site_obj, db=db, user=user, lang=lang or site_obj.get("language"))
    token = _current.set(state)
    try:
        refresh_if_stale(site_obj)
        yield state
    finally:
        try:
            db.close()
        finally:
            _current.reset(token)


@contextmanager
def acting_as(user: str) -> Iterator[None]:
    """Run the block as `user` in the current unit of work: their roles and rules apply inside."""
    ctx = current()
    previous = ctx.user
    ctx.user = user
    ctx.cache.clear()
    try:
        yield
    finally:
        ctx.user = previous
        ctx.cache.clear()
