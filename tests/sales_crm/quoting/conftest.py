"""A committed selling world on a fresh sales_crm site, for tests that go over HTTP.

The selling world (tests.sales_crm.selling.world) plus passwords, a second Sales Manager
(Pilar) and an approval threshold of 15% in Selling Settings.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import lowcode
from lowcode.auth.secrets import set_password
from lowcode.context import site_context
from lowcode.sites import Site
from tests.conftest import SiteFactory
from tests.sales_crm.selling.world import ANA, CARLOS, LUIS, MARTA, build_world, insert

PASSWORD = "Approval-Test-Pw-1"
PILAR = "pilar@example.com"
THRESHOLD = 15


@pytest.fixture
def selling_http_site(backend: str, make_site: SiteFactory) -> Iterator[Site]:
    """A sales_crm site on `backend` holding the selling world, committed; users log in with PASSWORD."""
    site = make_site(backend, apps=("sales_crm",))
    with site_context(site) as ctx:
        build_world()
        insert("User", email=PILAR, first_name="Pilar", roles=[{"role": "Sales Manager"}])
        insert("Sales Person", sales_person_name="Luis Gómez", user=LUIS)
        for user in (ANA, LUIS, MARTA, CARLOS, PILAR):
            set_password(user, PASSWORD)
        settings = lowcode.get_doc("Selling Settings")
        settings.approval_discount_threshold = THRESHOLD
        settings.save()
        ctx.db.commit()
    yield site
