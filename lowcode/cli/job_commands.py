"""Background work: worker, scheduler, retry-job."""

from __future__ import annotations

import datetime as dt

import click

from lowcode.cli import cli
from lowcode.cli.common import on_site, say, site_name
from lowcode.sites import Site, list_sites


@cli.command("worker")
@click.option("--queue", "queues", multiple=True, help="Queue to work (repeatable, in priority order; default: short, default, long).")
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
@click.option("--fork", is_flag=True, help="Run each job in a forked process (RQ's Worker) instead of in the worker itself.")
@click.pass_context
def worker(ctx: click.Context, queues: tuple[str, ...], burst: bool, fork: bool) -> None:
    """Run the site's background jobs from Redis."""
    from lowcode.jobs.worker import DEFAULT_QUEUES, run_worker

    run_worker(Site.load(site_name(ctx)), queues or DEFAULT_QUEUES, burst=burst, fork=fork)


@cli.command("scheduler")
@click.option("--once", is_flag=True, help="Run one tick and stop (for tests and cron).")
@click.option("--at", "at", type=click.DateTime(formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]),
              help="With --once: the tick to run, in the site's time zone (default: now).")  # fmt: skip
@click.option("--all-sites", is_flag=True, help="Tick every site in the sites folder.")
@click.pass_context
def scheduler(ctx: click.Context, once: bool, at: dt.datetime | None, all_sites: bool) -> None:
    """Enqueue the installed apps' scheduler_events every minute."""
    from lowcode.jobs.scheduler import run_scheduler

    if at is not None and not once:
        raise click.UsageError("--at needs --once.")
    sites = [Site.load(name) for name in list_sites()] if all_sites else [Site.load(site_name(ctx))]
    run_scheduler(sites, once=once, at=at, report=say)


@cli.command("retry-job")
@click.argument("name")
@click.pass_context
def retry_job(ctx: click.Context, name: str) -> None:
    """Queue the failed Background Job NAME again."""
    from lowcode.jobs import retry

    with on_site(ctx) as local:
        retry(name)
        local.db.commit()
    say(f"Background Job {name} is queued again.")
