"""Fixtures of the security suite: a world per backend served by a real uvicorn server.

`world` is shared by the tests that must change nothing (the read matrix, refused
writes, hostile input): one site per backend and xdist worker. Tests that change
something take `fresh_world`, a new SQLite site of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.conftest import BACKENDS, require_service
from tests.security import server as live
from tests.security.world import USERS, World, build
from tests.site_templates import Recipe, SiteTemplates, unique_site_name


@pytest.fixture(scope="session", params=BACKENDS)
def world(request: pytest.FixtureRequest, site_templates: SiteTemplates) -> Iterator[tuple[World, live.LiveServer]]:
    """The named world on one backend, and the server serving it."""
    backend = str(request.param)
    if backend != "sqlite":
        require_service(backend)
    site = site_templates.clone(Recipe(backend, ("testapp",)), name=unique_site_name("sec"))
    server = live.start(site)
    built = build(site)
    try:
        yield built, server
    finally:
        server.stop()
        built.engine.dispose()
        site_templates.drop(site)


@pytest.fixture
def fresh_world(make_site: Callable[..., object]) -> Iterator[tuple[World, live.LiveServer]]:
    """A world of its own on SQLite, for tests that log in, lock out or change rules."""
    site = make_site("sqlite")
    server = live.start(site)  # type: ignore[arg-type]
    built = build(site)  # type: ignore[arg-type]
    try:
        yield built, server
    finally:
        server.stop()
        built.engine.dispose()


ClientFor = Callable[[str], httpx.Client]


def clients_for(world: World, server: live.LiveServer) -> dict[str, httpx.Client]:
    return {user: server.client(world.tokens.get(user)) for user in USERS}


@pytest.fixture(scope="session")
def as_user(world: tuple[World, live.LiveServer]) -> Iterator[ClientFor]:
    """as_user(A) -> an httpx client authenticated with A's API token (Guest: none)."""
    clients = clients_for(*world)
    yield clients.__getitem__
    for client in clients.values():
        client.close()
