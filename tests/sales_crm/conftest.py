"""Fixtures of the Sales CRM tests: `crm_site` (SQLite unless parametrised) and `crm`, the named world.

Run a test on every backend with `@ALL_BACKENDS` from tests.sales_crm.world.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lowcode.apps import register_app
from lowcode.context import site_context
from lowcode.sites import Site
from tests.conftest import SiteFactory
from tests.sales_crm.world import World, build_world

register_app("crm_listener", "tests.sales_crm.listener")


@pytest.fixture
def crm_site(request: pytest.FixtureRequest, make_site: SiteFactory) -> Site:
    """A fresh site with sales_crm (and the on_won listener app) on the requested backend."""
    backend = getattr(request, "param", "sqlite")
    return make_site(backend, apps=("sales_crm", "crm_listener"))


@pytest.fixture
def crm(crm_site: Site) -> Iterator[World]:
    """The named CRM world, in a unit of work rolled back at the end of the test."""
    with site_context(crm_site):
        yield build_world()
