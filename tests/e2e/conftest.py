"""Browser tests: a real uvicorn server on a loopback port, a SQLite site, Debian's Chromium.

Every test here runs on one xdist worker (group "e2e") and shares one site, one server and
one browser; each test gets a fresh browser context (its own cookies).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from lowcode.context import Local, site_context
from lowcode.install.sites import drop_site, new_site
from lowcode.sites import Site
from tests.conftest import ROOT, db_url_for
from tests.e2e import world
from tests.site_templates import unique_site_name

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture(scope="session")
def desk_site(sites_root: Path) -> Iterator[Site]:
    name = unique_site_name("e2e")
    site, _ = new_site(name, db_url=db_url_for("sqlite", name, sites_root), admin_password=world.ADMIN_PASSWORD, apps=("testapp", "sales_crm"),
                       root=sites_root, extra_config={"allow_tests": 1})  # fmt: skip
    world.build(site)
    world.build_crm(site)
    yield site
    drop_site(site)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def base_url(desk_site: Site, sites_root: Path) -> Iterator[str]:
    port = _free_port()
    paths = [str(ROOT), str(ROOT / "apps"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p), "LOWCODE_SITES_PATH": str(sites_root)}
    process = subprocess.Popen([sys.executable, "-m", "tests.e2e.server", desk_site.name, str(port)], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/method/ping", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the test server did not start within 30 seconds")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/setup-system.sh` (Debian's chromium package).")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 860})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def login(page: Page) -> Callable[[str], Page]:
    def as_user(user: str) -> Page:
        page.goto("/login")
        page.fill("#login-email", user)
        page.fill("#login-password", world.ADMIN_PASSWORD if user == "Administrator" else world.PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/app")
        return page

    return as_user


@pytest.fixture
def db(desk_site: Site) -> Callable[..., Any]:
    """Run `fn(ctx)` in a fresh unit of work on the test site (reads what the server committed)."""

    def run(fn: Callable[[Local], Any], user: str = "Administrator") -> Any:
        with site_context(desk_site, user=user) as ctx:
            result = fn(ctx)
            ctx.db.commit()
            return result

    return run


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
