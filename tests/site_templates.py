"""Fresh test sites cloned from templates instead of installed from scratch.

Installing a site (create the database, sync every DocType, install the apps) takes
seconds; copying one takes a fraction of that. Each pytest worker builds a template the
first time a (backend, apps, redis) recipe is asked for, then every `clone` copies the
template's folder and database under a new name: its own config
(db_url, a fresh secret_key), files folders and database, exactly as `new_site` would
leave them, with the Administrator's password of the template.

Database copies: PostgreSQL `CREATE DATABASE ... TEMPLATE`, SQLite a file copy,
MariaDB `CREATE TABLE ... LIKE` and `INSERT ... SELECT` per table. That last one is
still slow (InnoDB creates and deletes a file per table), so on MariaDB the next copy
of a recipe is made, and a dropped site's database dropped, on a background thread while
the tests run.

Every database name holds the xdist worker and the pid of the process that made it
(`t_gw0_p1234_1a2b3c4d_test`), so a run can drop what killed runs left behind without
touching databases of a run that is still going.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from lowcode.context import site_context
from lowcode.db.admin import create_database, drop_database
from lowcode.db.engines import dispose_engine, normalize_url
from lowcode.install.apps import install_app
from lowcode.install.sites import drop_site, new_site
from lowcode.meta.cache import bump_version, clear
from lowcode.sites import Site, get_default_site, set_default_site, write_json

ADMIN_PASSWORD = "admin-password"
EXTRA_CONFIG: dict[str, object] = {"allow_tests": 1}
#: database names made by this module: <prefix>_<worker>_p<pid>_<hex>_test
OWNED_NAME_RE = re.compile(r"^[a-z0-9]+_(gw\d+)_p(\d+)_[0-9a-f]+_test$")
SQLITE_FILES = ("", "-wal", "-shm")
#: backends whose copies are made ahead and dropped behind, on the background thread
IN_BACKGROUND = frozenset({"mariadb"})

#: backend, site name, sites root -> the site's database URL
DbUrlFor = Callable[[str, str, Path], str]


def worker() -> str:
    """The xdist worker running this process (gw0 without xdist)."""
    return os.environ.get("PYTEST_XDIST_WORKER", "gw0")


def unique_site_name(prefix: str = "t") -> str:
    """A new site name holding the worker and this process's pid."""
    return f"{prefix}_{worker()}_p{os.getpid()}_{uuid.uuid4().hex[:8]}.test"


@dataclass(frozen=True)
class Recipe:
    """What a template holds: its backend, its apps (after core) and its Redis, if any."""

    backend: str
    apps: tuple[str, ...]
    redis_url: str | None = None


class SiteTemplates:
    """This worker's templates, built on first use; `drop_all` removes them."""

    def __init__(self, root: Path, sites_root: Path, db_url_for: DbUrlFor) -> None:
        self.root = root
        self.sites_root = sites_root
        self.db_url_for = db_url_for
        self.templates: dict[Recipe, Site] = {}
        self.swept: set[str] = set()
        #: (recipe, name prefix) -> the name of a copy being made ahead, and its progress
        self.ahead: dict[tuple[Recipe, str], tuple[str, Future[None]]] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-templates")

    def template(self, recipe: Recipe) -> Site:
        """The template of `recipe`, made the first time it is asked for.

        Core alone is installed with `new_site`; a recipe with apps is a copy of the
        template without its last app, on which that app is then installed (as `new_site`
        installs the apps one after the other), so recipes share their common installs.
        """
        site = self.templates.get(recipe)
        if site is None:
            if recipe.backend not in self.swept:
                drop_stale_databases(self.db_url_for(recipe.backend, "x", self.root))
                self.swept.add(recipe.backend)
            name = unique_site_name("tpl")
            db_url = self.db_url_for(recipe.backend, name, self.root)
            if recipe.apps:
                parent = self.template(Recipe(recipe.backend, recipe.apps[:-1], recipe.redis_url))
                site = Site(name, self.root)
                try:
                    self._copy(parent, site, db_url)
                    with site_context(site):
                        install_app(recipe.apps[-1])
                except BaseException:
                    drop_site(site, db_url=db_url)
                    raise
            else:
                site, _password = new_site(
                    name, db_url=db_url, admin_password=ADMIN_PASSWORD, root=self.root,
                    redis_url=recipe.redis_url, extra_config=EXTRA_CONFIG,
                )  # fmt: skip
            dispose_engine(site.db_url)
            self.templates[recipe] = site
        return site

    def clone(self, recipe: Recipe, name: str | None = None, prefix: str = "t") -> Site:
        """A new site among the test sites, a copy of the recipe's template.

        Named `name`, or a unique name starting with `prefix`.
        """
        template = self.template(recipe)
        ready: Future[None] | None = None
        if name is None:
            name, ready = self.ahead.pop((recipe, prefix), (unique_site_name(prefix), None))
        root = self.sites_root
        site = Site(name, root)
        db_url = self.db_url_for(recipe.backend, name, root)
        try:
            self._copy(template, site, db_url, ready)
            if recipe.redis_url:
                _bump_meta_version(site)
        except BaseException:
            drop_site(site, db_url=db_url)
            raise
        if not get_default_site(root):
            set_default_site(name, root)
        if ready is not None or (recipe.backend in IN_BACKGROUND and (recipe, prefix) not in self.ahead):
            self._prepare(recipe, prefix, template)
        return site

    @staticmethod
    def _copy(template: Site, site: Site, db_url: str, ready: Future[None] | None = None) -> None:
        """Copy the template's folder and config to `site`, and its database unless `ready` made it."""
        shutil.copytree(template.path, site.path, ignore=shutil.ignore_patterns(*(f"site.db{s}" for s in SQLITE_FILES)))
        write_json(site.config_path, {**template.config, "db_url": db_url, "secret_key": secrets.token_hex(32)})
        site.reload_config()
        if ready is None:
            copy_database(template.db_url, db_url)
        else:
            ready.result()

    def _prepare(self, recipe: Recipe, prefix: str, template: Site) -> None:
        """Start copying the template for the next `clone` of (recipe, prefix)."""
        name = unique_site_name(prefix)
        db_url = self.db_url_for(recipe.backend, name, self.sites_root)
        self.ahead[(recipe, prefix)] = (name, self.pool.submit(copy_database, template.db_url, db_url))

    def drop(self, site: Site) -> None:
        """Drop a site like `drop_site`; on slow backends its database on the background thread."""
        db_url = site.get("db_url")
        if not db_url or normalize_url(db_url).get_backend_name() not in IN_BACKGROUND:
            drop_site(site)
            return
        dispose_engine(db_url)
        clear(site)
        shutil.rmtree(site.path, ignore_errors=True)
        self.pool.submit(drop_database, db_url)

    def drop_all(self) -> None:
        """Drop the templates, the copies made ahead and the databases still being dropped."""
        for (recipe, _prefix), (name, ready) in self.ahead.items():
            ready.exception()
            self.pool.submit(drop_database, self.db_url_for(recipe.backend, name, self.sites_root))
        self.ahead.clear()
        self.pool.shutdown()
        for site in self.templates.values():
            drop_site(site)
        self.templates.clear()


def _bump_meta_version(site: Site) -> None:
    """Give a Redis site its metadata version token, as installing it would."""
    with site_context(site) as local:
        bump_version(site)
        local.db.commit()
    dispose_engine(site.db_url)


def copy_database(source_url: str, target_url: str) -> None:
    """Create the target database as a copy of the source, which nobody may be using."""
    source, target = normalize_url(source_url), normalize_url(target_url)
    backend = source.get_backend_name()
    if backend == "sqlite":
        _copy_sqlite(Path(source.database or ""), Path(target.database or ""))
    elif backend == "postgresql":
        _copy_postgresql(source, target)
    else:
        create_database(target_url)
        _copy_mariadb(source, target)


def _copy_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in SQLITE_FILES:
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def _server_engine(url: URL) -> sa.Engine:
    admin_db = "postgres" if url.get_backend_name() == "postgresql" else "information_schema"
    return sa.create_engine(url.set(database=admin_db), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _copy_postgresql(source: URL, target: URL) -> None:
    engine = _server_engine(source)
    quote = engine.dialect.identifier_preparer.quote
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {quote(target.database or '')} TEMPLATE {quote(source.database or '')}")
    finally:
        engine.dispose()


def _copy_mariadb(source: URL, target: URL) -> None:
    engine = _server_engine(source)
    quote = engine.dialect.identifier_preparer.quote
    src, dst = quote(source.database or ""), quote(target.database or "")
    try:
        with engine.connect() as conn:
            tables = conn.scalars(
                sa.text("SELECT table_name FROM information_schema.tables WHERE table_schema = :db AND table_type = 'BASE TABLE'"),
                {"db": source.database},
            ).all()
            conn.exec_driver_sql("SET SESSION foreign_key_checks = 0, unique_checks = 0")
            for table in tables:
                conn.exec_driver_sql(f"CREATE TABLE {dst}.{quote(table)} LIKE {src}.{quote(table)}")
            for table in tables:
                conn.exec_driver_sql(f"INSERT INTO {dst}.{quote(table)} SELECT * FROM {src}.{quote(table)}")
    finally:
        engine.dispose()


def drop_stale_databases(any_db_url: str) -> list[str]:
    """Drop this worker's databases on the URL's server whose creating process is gone."""
    url = normalize_url(any_db_url)
    if url.get_backend_name() == "sqlite":
        return []
    engine = _server_engine(url)
    try:
        with engine.connect() as conn:
            if url.get_backend_name() == "postgresql":
                names = conn.scalars(sa.text("SELECT datname FROM pg_database")).all()
            else:
                names = conn.scalars(sa.text("SELECT schema_name FROM information_schema.schemata")).all()
    finally:
        engine.dispose()
    stale = [name for name in names if _is_stale(name)]
    for name in stale:
        drop_database(url.set(database=name).render_as_string(hide_password=False))
    return stale


def _is_stale(database: str) -> bool:
    match = OWNED_NAME_RE.match(database)
    if not match or match.group(1) != worker():
        return False
    try:
        os.kill(int(match.group(2)), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
