"""Installing, upgrading and uninstalling apps on a site; migrating a site."""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa

from lowcode.apps import App, get_app, import_dotted, ordered
from lowcode.context import local
from lowcode.db.schema import schema_connection, sync_doctypes
from lowcode.db.sync import Change, Plan
from lowcode.exceptions import ConfigurationError
from lowcode.install.app_files import sync_app_files
from lowcode.install.doctype_records import delete_app_records, sync_records
from lowcode.install.fixtures import sync_fixtures
from lowcode.meta.cache import all_metas, bump_version, clear
from lowcode.meta.loader import load_app_doctypes
from lowcode.sites import write_json

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


def _say(progress: Progress | None, message: str) -> None:
    log.info("%s", message)
    if progress:
        progress(message)


def _set_installed(apps: list[str], *, persist: bool) -> None:
    site = local.site
    site.config["installed_apps"] = apps
    if persist:
        write_json(site.config_path, site.config)
    clear(site)


def install_app(name: str, progress: Progress | None = None) -> None:
    """Install `name` (and the apps it requires) on the active site, or re-sync it if installed.

    Only the app's own tables are created or altered and only its fixtures are written;
    nothing else on the site is touched. The site's config lists the app only once
    everything succeeded.
    """
    site = local.site
    for app in ordered([name]):
        if app.name in site.installed_apps and app.name != name:
            continue
        _install_one(app, progress)
        _set_installed(list(dict.fromkeys([*site.installed_apps, app.name])), persist=True)


def _install_one(app: App, progress: Progress | None) -> None:
    site = local.site
    previous = site.installed_apps
    fresh = app.name not in previous
    _say(progress, f"{'Installing' if fresh else 'Updating'} {app.name} {app.version} on {site.name}")
    _set_installed(list(dict.fromkeys([*previous, app.name])), persist=False)
    bootstrapping = app.name == "core" and fresh
    local.flags["bootstrapping"] = bootstrapping
    try:
        doctypes = list(load_app_doctypes(app))
        plan = sync_doctypes(doctypes, progress=lambda c: _say(progress, f"  {c.description}"))
        _report_kept(plan, progress)
        if bootstrapping:
            _create_internal_tables()
            local.flags["bootstrapping"] = False
            clear(site)
        metas = all_metas(site)
        written = sync_records([metas[d] for d in doctypes])  # first: fixtures may link to the app's doctypes
        _say(progress, f"  {written} DocType records written")
        _say(progress, "  fixtures: " + _summary(sync_fixtures(app)))
        if bootstrapping:
            from lowcode.install.users import create_builtin_users

            create_builtin_users()
            _say(progress, "  Administrator and Guest users created")
        _say(progress, "  workflows, print formats, reports, dashboards: " + _summary(sync_app_files(app)))
        if fresh:
            for path in app.hook("after_install") or []:
                import_dotted(path)()
        bump_version(site)
        local.db.commit()
    except BaseException:
        local.db.rollback()
        _set_installed(previous, persist=False)
        raise
    finally:
        local.flags["bootstrapping"] = False


def _create_internal_tables() -> None:
    """tabSingles, tabSeries, __Auth and __installed_fixtures."""
    from lowcode.db import sync
    from lowcode.db.tables import target_metadata

    with schema_connection() as conn:
        sync.sync(conn, target_metadata([]))


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{v} {k}" for k, v in counts.items() if v) or "none"


def _report_kept(plan: Plan, progress: Progress | None) -> None:
    for change in plan.kept:
        _say(progress, f"  kept: {change.description}; `lowcode migrate --force` drops it after a backup")


def uninstall_app(name: str, *, drop_tables: bool = False, progress: Progress | None = None) -> None:
    """Remove an app from the site; its tables (and data) stay unless `drop_tables`."""
    site = local.site
    if name == "core":
        raise ConfigurationError("The core app cannot be uninstalled.")
    if name not in site.installed_apps:
        raise ConfigurationError(f"App '{name}' is not installed on {site.name} (installed: {', '.join(site.installed_apps)}).")
    dependants = [a for a in site.installed_apps if a != name and name in get_app(a).required_apps]
    if dependants:
        raise ConfigurationError(
            f"App '{name}' cannot be uninstalled: {', '.join(dependants)} require it. Uninstall {', '.join(dependants)} first."
        )
    app = get_app(name)
    for path in app.hook("before_uninstall") or []:
        import_dotted(path)()
    doctypes = all_metas(site)
    tables = [doctypes[d].table_name for d in load_app_doctypes(app) if d in doctypes and not doctypes[d].issingle]
    delete_app_records(name)
    remaining = [a for a in site.installed_apps if a != name]
    bump_version(site)
    local.db.commit()
    _set_installed(remaining, persist=True)
    if drop_tables:
        _drop_tables(tables, progress)
    else:
        _say(progress, f"Uninstalled {name}; its {len(tables)} tables and their data are kept (use --drop-tables to remove them).")


def _drop_tables(tables: list[str], progress: Progress | None) -> None:
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    with schema_connection() as conn:
        ops = Operations(MigrationContext.configure(conn))
        existing = set(sa.inspect(conn).get_table_names())
        for table in tables:
            if table in existing:
                ops.drop_table(table)
                _say(progress, f"  dropped table {table}")
    local.db.commit()


def migrate(*, force: bool = False, progress: Progress | None = None, before_forced: Callable[[], None] | None = None) -> Plan:
    """Bring the site's schema, DocType records and fixtures in line with its apps."""
    site = local.site
    clear(site)
    for app_name in site.installed_apps:
        get_app(app_name)
    steps: list[Change] = []

    def step(change: Change) -> None:
        steps.append(change)
        _say(progress, f"  {change.description}")

    _say(progress, f"Migrating {site.name}")
    plan = sync_doctypes(force=force, before_forced=before_forced, progress=step)
    if not force:
        _report_kept(plan, progress)
    metas = all_metas(site)
    for app in ordered(site.installed_apps):
        written = sync_records([metas[d] for d in load_app_doctypes(app)])
        if written:
            _say(progress, f"  {app.name}: {written} DocType records updated")
        _say(progress, f"  {app.name} fixtures: " + _summary(sync_fixtures(app)))
        _say(progress, f"  {app.name} workflows, print formats, reports, dashboards: " + _summary(sync_app_files(app)))
    for app in ordered(site.installed_apps):
        for path in app.hook("after_migrate") or []:
            import_dotted(path)()
    bump_version(site)
    local.db.commit()
    _say(progress, f"Migrated {site.name}: {len(steps)} schema changes")
    return plan
