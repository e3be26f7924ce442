"""Data commands: import a CSV or XLSX file into a doctype, with a progress bar; resume one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from lowcode.cli import cli
from lowcode.cli.common import on_site, say


class Bar:
    """A click progress bar opened once the import knows how many rows the file has."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label="Importing", show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.command("import")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--doctype", help="Document type to import into.")
@click.option("--update-by", help="Update existing records found by this field (name or a unique field) instead of inserting.")
@click.option("--resume", "resume_name", help="Resume the Data Import of this name after an interruption.")
@click.option("--user", default="Administrator", show_default=True, help="Import as this user (their permissions apply).")
@click.pass_context
def import_command(
    ctx: click.Context, file: Path | None, doctype: str | None, update_by: str | None, resume_name: str | None, user: str
) -> None:
    """Import FILE (CSV or XLSX with a header row) into DOCTYPE; bad rows are skipped and reported."""
    from lowcode.imports.engine import run_import
    from lowcode.imports.files import create_import

    with on_site(ctx, user=user) as local:
        if resume_name:
            name = resume_name
        else:
            if file is None or not doctype:
                raise click.UsageError("Give FILE and --doctype (or --resume NAME).")
            name = create_import(file, doctype, update_by)
            local.db.commit()
            say(f"Data Import {name}")
        bar = Bar()
        try:
            run_import(name, progress=bar)
        finally:
            bar.close()
        from lowcode.model.document import get_doc

        record = get_doc("Data Import", name)
        say(f"{record.status}: {record.imported} imported, {record.failed_rows} rows failed of {record.total_rows}.")
        if record.failed_rows:
            say(f"Error report: lowcode --site {local.site.name} import-errors {name}")


@cli.command("import-errors")
@click.argument("name")
@click.pass_context
def import_errors(ctx: click.Context, name: str) -> None:
    """Print the per-row error report of a Data Import as CSV (row, column, message)."""
    from lowcode.imports.api import download_errors

    with on_site(ctx):
        click.echo(download_errors(name).body.decode("utf-8-sig"), nl=False)
