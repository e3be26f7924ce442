"""Helpers shared by the CLI commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from lowcode.context import Local, site_context
from lowcode.exceptions import ConfigurationError
from lowcode.sites import get_default_site, list_sites


def site_name(ctx: click.Context) -> str:
    name = (ctx.obj or {}).get("site") or get_default_site()
    if not name:
        sites = list_sites()
        hint = f"Existing sites: {', '.join(sites)}." if sites else "Create one with: lowcode new-site mysite.local"
        raise ConfigurationError(f"Which site? Pass --site NAME or set LOWCODE_SITE. {hint}")
    return str(name)


@contextmanager
def on_site(ctx: click.Context, user: str = "Administrator") -> Iterator[Local]:
    with site_context(site_name(ctx), user=user) as local:
        yield local


def say(message: str) -> None:
    click.echo(message)


def progress_printer() -> Callable[[str], None]:
    return click.echo


def table_progress() -> Callable[[str, int], Any]:
    return lambda table, rows: click.echo(f"  {table}: {rows} rows")
