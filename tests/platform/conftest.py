"""Fixtures of the platform suite: a site shared by one module's tests, throw-away apps.

`shared_site` is created fresh for a test module on each backend and dropped after it;
tests take a unit of work on it with `sctx`, which is rolled back, so they never see
each other's writes. Tests that commit (or change the schema) use `site`/`make_site`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lowcode.context import Local, site_context
from lowcode.sites import Site
from tests.conftest import BACKENDS, require_service
from tests.platform.appfactory import AppFactory
from tests.site_templates import Recipe, SiteTemplates


@pytest.fixture(scope="module", params=BACKENDS)
def shared_site(request: pytest.FixtureRequest, site_templates: SiteTemplates) -> Iterator[Site]:
    """One fresh site (core + testapp) for the whole module, on each backend."""
    backend = str(request.param)
    if backend != "sqlite":
        require_service(backend)
    site = site_templates.clone(Recipe(backend, ("testapp",)), prefix="m")
    yield site
    site_templates.drop(site)


@pytest.fixture
def sctx(shared_site: Site) -> Iterator[Local]:
    """A unit of work on the module's shared site as Administrator, rolled back afterwards."""
    with site_context(shared_site) as local:
        yield local


@pytest.fixture
def apps(tmp_path: Path) -> Iterator[AppFactory]:
    """Throw-away apps written to a temporary folder (see tests/platform/appfactory.py)."""
    factory = AppFactory(tmp_path / "apps")
    yield factory
    factory.unregister()


@pytest.fixture
def redis_site(make_site: Callable[..., Site]) -> Site:
    """A fresh SQLite site that keeps its metadata version in Redis."""
    require_service("redis")
    return make_site("sqlite", redis=True)
