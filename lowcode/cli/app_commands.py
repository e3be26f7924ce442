"""App commands: install-app, uninstall-app, list-apps; and console, execute."""

from __future__ import annotations

import code
import json
from typing import Any

import click

from lowcode.apps import all_apps, import_dotted
from lowcode.cli import cli
from lowcode.cli.common import on_site, progress_printer, say
from lowcode.exceptions import ConfigurationError
from lowcode.utils.json import dumps


@cli.command("install-app")
@click.argument("app")
@click.pass_context
def install_app(ctx: click.Context, app: str) -> None:
    """Install APP on the site (or re-sync it when installed)."""
    from lowcode.install.apps import install_app as install

    with on_site(ctx):
        install(app, progress_printer())
    say(f"{app} is installed.")


@cli.command("uninstall-app")
@click.argument("app")
@click.option("--drop-tables", is_flag=True, help="Also drop the app's tables and their data.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def uninstall_app(ctx: click.Context, app: str, drop_tables: bool, yes: bool) -> None:
    """Uninstall APP from the site; its tables are kept unless --drop-tables."""
    from lowcode.install.apps import uninstall_app as uninstall

    if drop_tables and not yes:
        click.confirm(f"Drop every table of {app} and the data in them?", abort=True)
    with on_site(ctx):
        uninstall(app, drop_tables=drop_tables, progress=progress_printer())


@cli.command("list-apps")
@click.pass_context
def list_apps(ctx: click.Context) -> None:
    """Apps installed on the site, then apps available to install."""
    with on_site(ctx) as local:
        installed = local.site.installed_apps
    apps = all_apps()
    for name in installed:
        say(f"{name} {apps[name].version if name in apps else '(missing from this Python environment)'}")
    available = [n for n in sorted(apps) if n not in installed]
    if available:
        say("available: " + ", ".join(available))


@cli.command("console")
@click.pass_context
def console(ctx: click.Context) -> None:
    """An interactive Python shell on the site, as Administrator (`lowcode` is imported)."""
    import lowcode

    with on_site(ctx) as local:
        banner = f"lowcode console on {local.site.name}. Changes need lowcode.db.commit()."
        code.interact(banner=banner, local={"lowcode": lowcode, "local": local})


@cli.command("execute")
@click.argument("method")
@click.option("--args", "args_json", help="Positional arguments as a JSON list.")
@click.option("--kwargs", "kwargs_json", help="Keyword arguments as a JSON object.")
@click.pass_context
def execute(ctx: click.Context, method: str, args_json: str | None, kwargs_json: str | None) -> None:
    """Run a function by dotted path on the site and commit; prints its result as JSON."""
    args = _json_arg(args_json, list, "--args")
    kwargs = _json_arg(kwargs_json, dict, "--kwargs")
    try:
        fn = import_dotted(method)
    except (ImportError, AttributeError) as exc:
        raise ConfigurationError(f"Cannot find {method} ({exc}). Give a dotted path like package.module.function.") from exc
    with on_site(ctx) as local:
        result = fn(*args, **kwargs)
        local.db.commit()
    if result is not None:
        say(dumps(result, indent=1))


def _json_arg(raw: str | None, kind: type, name: str) -> Any:
    if not raw:
        return kind()
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be JSON ({exc.msg}).") from exc
    if not isinstance(value, kind):
        raise ConfigurationError(f"{name} must be a JSON {'list' if kind is list else 'object'}.")
    return value
