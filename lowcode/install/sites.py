"""Creating and dropping sites."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from lowcode.context import site_context
from lowcode.db.admin import create_database, database_exists, drop_database
from lowcode.db.engines import normalize_url
from lowcode.exceptions import ConfigurationError
from lowcode.install.apps import install_app
from lowcode.sites import Site, get_default_site, set_default_site, sites_path, validate_site_name, write_json

Progress = Callable[[str], None]


def default_db_url(site: Site) -> str:
    return f"sqlite:///{site.path / 'site.db'}"


def new_site(
    name: str,
    *,
    db_url: str | None = None,
    admin_password: str | None = None,
    apps: Iterable[str] = (),
    force: bool = False,
    root: Path | None = None,
    redis_url: str | None = None,
    extra_config: dict[str, object] | None = None,
    progress: Progress | None = None,
) -> tuple[Site, str]:
    """Create a site with its database, the core app, the given apps and an Administrator.

    Returns the site and the Administrator's password (generated when not given).
    """
    validate_site_name(name)
    site = Site(name, root or sites_path())
    url = db_url or default_db_url(site)
    normalize_url(url)
    if site.config_path.exists() or database_exists(url):
        if not force:
            where = str(site.path) if site.config_path.exists() else f"database {normalize_url(url).database}"
            raise ConfigurationError(f"Site '{name}' already exists ({where}). Choose another name, or pass --force to replace it.")
        drop_site(site, db_url=url)
    for folder in (site.path, site.files_path, site.private_files_path, site.backups_path):
        folder.mkdir(parents=True, exist_ok=True)
    config: dict[str, object] = {"db_url": url, "secret_key": secrets.token_hex(32), "installed_apps": []}
    if redis_url:
        config["redis_url"] = redis_url
    config.update(extra_config or {})
    write_json(site.config_path, config)
    site.reload_config()
    try:
        create_database(url)
        password = admin_password or secrets.token_urlsafe(12)
        with site_context(site) as ctx:
            install_app("core", progress)
            from lowcode.auth.secrets import set_password

            set_password("Administrator", password)
            ctx.db.commit()
            for app in apps:
                install_app(app, progress)
    except BaseException:
        drop_site(site, db_url=url)
        raise
    if not get_default_site(site.root):
        set_default_site(name, site.root)
    return site, password


def drop_site(site: Site, *, db_url: str | None = None) -> None:
    """Drop the site's database and remove its folder."""
    from lowcode.meta.cache import clear

    url = db_url or site.get("db_url")
    if url:
        drop_database(str(url))
    clear(site)
    if site.path.exists():
        shutil.rmtree(site.path)
