"""User commands: add-user, set-password."""

from __future__ import annotations

import click

from lowcode.cli import cli
from lowcode.cli.common import on_site, say


@cli.command("add-user")
@click.argument("email")
@click.option("--first-name", help="First name (default: the part of the email before @).")
@click.option("--last-name")
@click.option("--roles", default="", help="Comma-separated roles, e.g. 'Sales User,Sales Manager'.")
@click.option("--password", help="Password (the user cannot log in without one).")
@click.option("--api-key", is_flag=True, help="Also create an API key and secret and print them.")
@click.pass_context
def add_user(ctx: click.Context, email: str, first_name: str | None, last_name: str | None, roles: str,
             password: str | None, api_key: bool) -> None:  # fmt: skip
    """Create a user with roles."""
    from lowcode.model.document import new_doc

    with on_site(ctx) as local:
        user = new_doc("User", email=email, first_name=first_name or email.split("@", maxsplit=1)[0], last_name=last_name,
                       new_password=password, roles=[{"role": r.strip()} for r in roles.split(",") if r.strip()])  # fmt: skip
        user.insert()
        key = secret = None
        if api_key:
            from lowcode.auth.api_keys import generate_keys

            key, secret = generate_keys(user.name)
        local.db.commit()
    say(f"User {email} created.")
    if api_key:
        say(f"API key: {key}\nAPI secret: {secret}")


@cli.command("set-password")
@click.argument("email")
@click.option("--password", help="The new password (asked for when left out).")
@click.pass_context
def set_password(ctx: click.Context, email: str, password: str | None) -> None:
    """Set a user's password."""
    from lowcode.model.document import get_doc

    if not password:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with on_site(ctx) as local:
        user = get_doc("User", email)
        user.new_password = password
        user.save()
        local.db.commit()
    say(f"Password of {email} changed.")
