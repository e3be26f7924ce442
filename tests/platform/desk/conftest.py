"""A small world for the desk's view and method tests (no browser): users, customers, orders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

import lowcode
from lowcode.context import site_context
from lowcode.sites import Site
from lowcode.web.app import create_app

PASSWORD = "desk-password-1"


def seed(site: Site) -> None:
    with site_context(site) as ctx:
        for email in ("clerk@example.com", "clerk2@example.com"):
            lowcode.new_doc("User", email=email, first_name="Clerk", new_password=PASSWORD, roles=[{"role": "Test Clerk"}]).insert()
        lowcode.new_doc("User", email="ana@example.com", first_name="Ana", new_password=PASSWORD, language="es",
                        roles=[{"role": "Test Clerk"}]).insert()  # fmt: skip
        for name in ("Acme", "Globex"):
            lowcode.new_doc("Test Customer", customer_name=name, email=f"info@{name.lower()}.example").insert()
        for i, status in enumerate(("Draft", "Open", "Open", "Closed")):
            lowcode.new_doc("Test Order", customer="Acme", status=status, items=[{"item_name": "Chair", "qty": i + 1, "rate": 10}]).insert()
        ctx.db.commit()
    with site_context(site, user="clerk@example.com") as ctx:
        lowcode.new_doc("Test Order", customer="Globex", status="Open", items=[{"item_name": "Desk", "qty": 1, "rate": 99}]).insert()
        ctx.db.commit()


@pytest.fixture
def desk_site(make_site: Callable[..., Site]) -> Site:
    site = make_site("sqlite")
    seed(site)
    return site


@pytest.fixture
def as_user(desk_site: Site) -> Callable[..., Any]:
    """Run `fn()` as `user` in a unit of work that is rolled back."""

    def run(user: str, fn: Callable[[], Any]) -> Any:
        with site_context(desk_site, user=user):
            return fn()

    return run


@pytest.fixture
def client(desk_site: Site) -> Iterator[Callable[[str], TestClient]]:
    """client(user): a TestClient logged in as `user` (CSRF header set from the login answer)."""
    opened: list[TestClient] = []

    def login(user: str) -> TestClient:
        http = TestClient(create_app(desk_site.name), follow_redirects=False)
        opened.append(http)
        answer = http.post("/api/method/login", json={"usr": user, "pwd": "admin-password" if user == "Administrator" else PASSWORD})
        assert answer.status_code == 200, answer.text
        http.headers["X-Frappe-CSRF-Token"] = answer.json()["csrf_token"]
        return http

    yield login
    for http in opened:
        http.close()
