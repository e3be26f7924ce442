"""Shared fixtures: real SQLite, MariaDB and PostgreSQL sites, real Redis.

`backend` is parametrised over LOWCODE_TEST_BACKENDS (default: all three). A service that
is not running skips its tests with a message saying how to start it, unless
LOWCODE_TEST_REQUIRE_SERVICES=1 (CI), where it fails. Every test site gets its own
database (named after the xdist worker and a random suffix) and is dropped afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa

from lowcode.apps import register_app
from lowcode.context import Local, site_context
from lowcode.sites import Site
from tests.fast_passwords import use_fast_password_hashing
from tests.site_templates import Recipe, SiteTemplates

BACKENDS = [b.strip() for b in os.environ.get("LOWCODE_TEST_BACKENDS", "sqlite,mariadb,postgresql").split(",") if b.strip()]
REQUIRE_SERVICES = os.environ.get("LOWCODE_TEST_REQUIRE_SERVICES") == "1"
SERVER_URLS = {
    "mariadb": os.environ.get("LOWCODE_TEST_MARIADB", "mariadb://root:@127.0.0.1:3306"),
    "postgresql": os.environ.get("LOWCODE_TEST_POSTGRES", "postgresql://root@127.0.0.1:5432"),
}
REDIS_URL = os.environ.get("LOWCODE_TEST_REDIS", "redis://127.0.0.1:6379/15")
HOW_TO_START = {
    "mariadb": "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
    "postgresql": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "redis": 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
}
ROOT = Path(__file__).resolve().parent.parent
register_app("testapp", "tests.platform.testapp")
use_fast_password_hashing()


@cache
def service_error(name: str) -> str | None:
    """None when the service answers, else why not."""
    try:
        if name == "redis":
            import redis

            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
            return None
        from lowcode.db.engines import normalize_url

        url = normalize_url(SERVER_URLS[name] + "/" + ("postgres" if name == "postgresql" else "information_schema"))
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"{type(exc).__name__}: {exc}"


def require_service(name: str) -> None:
    error = service_error(name)
    if error is None:
        return
    message = f"{name} is not reachable ({error}). Start it with: {HOW_TO_START[name]}"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def sites_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sites")
    os.environ["LOWCODE_SITES_PATH"] = str(root)
    return root


def db_url_for(backend: str, site_name: str, root: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{root / site_name / 'site.db'}"
    return f"{SERVER_URLS[backend]}/{site_name.replace('.', '_')}"


SiteFactory = Callable[..., Site]


@pytest.fixture(scope="session")
def site_templates(tmp_path_factory: pytest.TempPathFactory, sites_root: Path) -> Iterator[SiteTemplates]:
    """This worker's template sites (see tests/site_templates.py), dropped at the end."""
    templates = SiteTemplates(tmp_path_factory.mktemp("templates"), sites_root, db_url_for)
    yield templates
    templates.drop_all()


@pytest.fixture
def make_site(site_templates: SiteTemplates) -> Iterator[SiteFactory]:
    """Create sites on demand: make_site(backend, apps=("testapp",), redis=False).

    Each is a fresh copy of a template installed once per worker with the same apps.
    """
    created: list[Site] = []

    def factory(backend: str = "sqlite", apps: tuple[str, ...] = ("testapp",), redis: bool = False, name: str | None = None) -> Site:
        if backend != "sqlite":
            require_service(backend)
        if redis:
            require_service("redis")
        recipe = Recipe(backend, tuple(apps), REDIS_URL if redis else None)
        site = site_templates.clone(recipe, name)
        created.append(site)
        return site

    yield factory
    for site in created:
        site_templates.drop(site)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name = str(request.param)
    if name != "sqlite":
        require_service(name)
    return name


@pytest.fixture
def site(backend: str, make_site: SiteFactory) -> Site:
    """A fresh site on each backend with the core app and the platform test app."""
    return make_site(backend)


@pytest.fixture
def ctx(site: Site) -> Iterator[Local]:
    """A unit of work on `site` as Administrator (roll back unless the test commits)."""
    with site_context(site) as local:
        yield local
