"""Site commands: new-site, drop-site, use, list-sites, set-config, migrate, backup, restore."""

from __future__ import annotations

from pathlib import Path

import click

from lowcode import config as settings
from lowcode.cli import cli
from lowcode.cli.common import on_site, progress_printer, say, site_name, table_progress
from lowcode.sites import Site, list_sites, set_default_site


@cli.command("new-site")
@click.argument("name")
@click.option("--db-url", help="mariadb://root:@127.0.0.1:3306/acme or postgresql://root@127.0.0.1:5432/acme (default: SQLite).")
@click.option("--admin-password", help="Password of the Administrator user (generated when left out).")
@click.option("--install-app", "apps", multiple=True, help="Also install this app (repeatable).")
@click.option("--redis-url", help="Redis for cache, sessions and jobs (redis://127.0.0.1:6379/0).")
@click.option("--force", is_flag=True, help="Replace an existing site of that name (its data is lost).")
def new_site(name: str, db_url: str | None, admin_password: str | None, apps: tuple[str, ...], redis_url: str | None, force: bool) -> None:
    """Create a site: its database, the core app and the Administrator user."""
    from lowcode.install.sites import new_site as create

    site, password = create(name, db_url=db_url, admin_password=admin_password, apps=apps, force=force,
                            redis_url=redis_url, progress=progress_printer())  # fmt: skip
    say(f"Site {site.name} created in {site.path}.")
    if not admin_password:
        say(f"Administrator password: {password}")


@cli.command("drop-site")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def drop_site(name: str, yes: bool) -> None:
    """Drop a site's database and delete its folder."""
    from lowcode.install.sites import drop_site as drop

    site = Site.load(name)
    if not yes:
        click.confirm(f"Delete site {name} and all its data?", abort=True)
    drop(site)
    say(f"Site {name} dropped.")


@cli.command("use")
@click.argument("name")
def use(name: str) -> None:
    """Make NAME the default site."""
    Site.load(name)
    set_default_site(name)
    say(f"Current site is now {name}.")


@cli.command("list-sites")
def list_sites_command() -> None:
    """List the sites in the sites folder."""
    for name in list_sites():
        say(name)


@cli.command("set-config")
@click.argument("key")
@click.argument("value")
@click.pass_context
def set_config(ctx: click.Context, key: str, value: str) -> None:
    """Set a site setting (the value is read as JSON when it parses)."""
    site = Site.load(site_name(ctx))
    site.set_config(key, settings.parse_value(value))
    say(f"{key} set on {site.name}.")


@cli.command("show-config")
@click.pass_context
def show_config(ctx: click.Context) -> None:
    """Show every setting of the site and where its value comes from."""
    site = Site.load(site_name(ctx))
    for name, setting in sorted(settings.SETTINGS.items()):
        value = site.get(name)
        if name in ("secret_key", "mail_password") and value:
            value = "****"
        say(f"{name} = {value!r}    # {setting.help}")


@cli.command("migrate")
@click.option("--force", is_flag=True, help="Also apply changes that lose data (a backup is taken first).")
@click.pass_context
def migrate(ctx: click.Context, force: bool) -> None:
    """Bring tables, DocType records and fixtures in line with the installed apps."""
    from lowcode.db.backup import backup
    from lowcode.install.apps import migrate as run

    with on_site(ctx):

        def take_backup() -> None:
            path = backup(progress=table_progress())
            say(f"Backup taken before forced changes: {path}")

        run(force=force, progress=progress_printer(), before_forced=take_backup)


@cli.command("backup")
@click.option("--with-files", is_flag=True, help="Include uploaded files.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Where to write the backup.")
@click.pass_context
def backup_command(ctx: click.Context, with_files: bool, output: Path | None) -> None:
    """Write a backup of the site (all documents and settings)."""
    from lowcode.db.backup import backup

    with on_site(ctx):
        path = backup(output=output, with_files=with_files, progress=table_progress())
    say(f"Backup written to {path}")


@cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore_command(ctx: click.Context, path: Path, yes: bool) -> None:
    """Replace the site's data with a backup."""
    from lowcode.db.backup import restore

    name = site_name(ctx)
    if not yes:
        click.confirm(f"Replace all data of {name} with {path.name}?", abort=True)
    with on_site(ctx):
        header = restore(path, progress=table_progress())
    say(f"Restored {header['site']} (backup of {header['created']}) into {name}.")


@cli.command("serve")
@click.option("--port", default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--workers", default=1, show_default=True, help="Worker processes.")
@click.option(
    "--forwarded-allow-ips", envvar="FORWARDED_ALLOW_IPS", default="127.0.0.1,::1", show_default=True,
    help="Reverse proxies (addresses or networks, comma-separated, or *) whose X-Forwarded-For and X-Forwarded-Proto "
    "are believed: the client's address for rate limits and logs, HTTPS for Secure cookies.",
)  # fmt: skip
@click.pass_context
def serve(ctx: click.Context, port: int, host: str, workers: int, forwarded_allow_ips: str) -> None:
    """Serve the site over HTTP (uvicorn)."""
    import os

    import uvicorn

    name = site_name(ctx)
    Site.load(name)
    os.environ["LOWCODE_SITE"] = name
    say(f"Serving {name} on http://{host}:{port}")
    uvicorn.run("lowcode.web.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="warning",
                proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips)  # fmt: skip
