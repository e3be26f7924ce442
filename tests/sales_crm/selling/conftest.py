"""Fixtures of the selling tests: one site per backend (sales_crm) and the named world.

A site is made on first use by each pytest worker and dropped at the end of the session;
each test works in its own unit of work that is rolled back, so tests never see each
other's records. `world` runs on SQLite; `backend_world` on every backend (`backend`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from lowcode.apps import register_app
from lowcode.context import site_context
from lowcode.sites import Site
from tests.conftest import require_service
from tests.sales_crm.selling.world import World, build_world
from tests.site_templates import Recipe, SiteTemplates, unique_site_name

register_app("crm_listener", "tests.sales_crm.listener")
APPS = ("sales_crm", "crm_listener")


@pytest.fixture(scope="session")
def selling_site(site_templates: SiteTemplates) -> Iterator[Callable[[str], Site]]:
    """backend -> this worker's selling site on it (made on first use)."""
    sites: dict[str, Site] = {}

    def get(backend: str) -> Site:
        if backend not in sites:
            if backend != "sqlite":
                require_service(backend)
            sites[backend] = site_templates.clone(Recipe(backend, APPS), name=unique_site_name("sell"))
        return sites[backend]

    yield get
    for site in sites.values():
        site_templates.drop(site)


def _world(site: Site) -> Iterator[World]:
    with site_context(site):
        yield build_world()


@pytest.fixture
def world(selling_site: Callable[[str], Site]) -> Iterator[World]:
    """The named world on SQLite, rolled back after the test."""
    yield from _world(selling_site("sqlite"))


@pytest.fixture
def backend_world(backend: str, selling_site: Callable[[str], Site]) -> Iterator[World]:
    """The named world on each backend (SQLite, MariaDB, PostgreSQL), rolled back after the test."""
    yield from _world(selling_site(backend))
