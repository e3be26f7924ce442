"""The `lowcode` command.

    lowcode new-site acme.local [--db-url URL] [--admin-password PW]
    lowcode --site acme.local install-app sales_crm
    lowcode --site acme.local migrate

`--site` falls back to $LOWCODE_SITE, then the default site (sites/currentsite.txt).
Errors print one line saying what went wrong and what to do, and exit with status 1.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from lowcode.exceptions import LowcodeError


class Group(click.Group):
    """Turns platform errors into one readable line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LowcodeError as exc:
            click.secho(f"Error: {exc.message}", fg="red", err=True)
            sys.exit(1)


@click.group(cls=Group)
@click.option("--site", "site_name", envvar="LOWCODE_SITE", help="Site to work on (default: the current site).")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (schema steps, SQL warnings).")
@click.pass_context
def cli(ctx: click.Context, site_name: str | None, verbose: bool) -> None:
    """Manage lowcode sites and apps."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = {"site": site_name}


def main() -> None:
    from lowcode.cli import app_commands, data_commands, job_commands, site_commands, user_commands  # noqa: F401 - registers commands

    cli()


__all__ = ["cli", "main"]
