"""Deterministic Spanish-language demo data for the Sales CRM (`hooks.demo_data`).

`generate(size, seed)` makes `size` opportunities (100 to 1,000,000) and everything around
them: sales teams with leaders and members (users with roles), managers and accountants,
territories, the catalogue with price lists, taxes and payment terms, sales targets,
customers with contacts and addresses, leads in every status, opportunities in every
stage with a stage history that matches, past, today's and future activities, and
quotations and sales orders. The same seed on a fresh site gives the same records.

    lowcode --site S execute sales_crm.demo.generate --kwargs '{"size": 1000}'
"""

from __future__ import annotations

import logging
import random
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

import lowcode
from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.model.bulk import set_values
from lowcode.utils.dates import today as site_today
from sales_crm.demo.opportunities import make_opportunities
from sales_crm.demo.parties import Customers, make_customers, make_open_leads
from sales_crm.demo.reference import build_reference
from sales_crm.demo.selling import make_quotations

log = logging.getLogger(__name__)
MIN_SIZE, MAX_SIZE = 100, 1_000_000
LIFECYCLE = {1: "Prospect", 2: "Customer"}


def quotation_count(size: int) -> int:
    """Quotations go through the full document path: one per late-stage deal, at most 20% of `size`, capped at 2,000."""
    return min(2_000, size // 5)


def generate(size: int = 300, seed: int = 42, password: str | None = None, quotations: int | None = None,
             progress: bool = True, commit: bool = False) -> dict[str, int]:  # fmt: skip
    """Make the demo data set of `size` opportunities from `seed`; returns the counts made.

    `password` lets the demo users log in; `quotations` overrides how many quotations are made;
    `commit` commits after each batch (large sizes: the work is kept as it goes and transactions stay small).
    Refused on a site that already holds demo data (run it on a fresh site).
    """
    size = int(size)
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValidationError(f"Demo data: size must be between {MIN_SIZE:,} and {MAX_SIZE:,} opportunities, not {size:,}.")
    if lowcode.exists("Sales Team", "Centro"):
        raise ValidationError("Demo data: this site already holds the demo data set (Sales Team 'Centro'); use a fresh site.")
    rng = random.Random(seed)
    today = site_today()
    n_customers, n_leads = max(30, size // 3), int(size * 0.6)
    quotable = quotation_count(size) if quotations is None else int(quotations)
    with _bar(progress, "Reference data", 1, commit) as step:
        ref = build_reference(rng, size, today, password)
        step(1)
    with _bar(progress, "Customers", n_customers, commit) as step:
        customers = make_customers(rng, ref, n_customers, today, step)
    with _bar(progress, "Leads", n_leads, commit) as step:
        open_leads = make_open_leads(rng, ref, n_leads, today, step)
    with _bar(progress, "Opportunities", size, commit) as step:
        made = make_opportunities(rng, ref, customers, size, today, step, quotable)
    _customer_lifecycle(customers)
    with _bar(progress, "Quotations", len(made.quotable), commit) as step:
        selling = make_quotations(rng, ref, made, today, step)
    counts = {"customers": len(customers.names), "leads": len(open_leads) + made.leads, "opportunities": made.opportunities,
              "activities": made.activities, **selling, "users": len(ref.sellers) + len(ref.managers) + len(ref.accountants)}  # fmt: skip
    log.info("demo data made: %s", counts)
    return counts


def _customer_lifecycle(customers: Customers) -> None:
    """Customers with deals are Prospects, with a won deal Customers (orders raise them later through their hooks)."""
    changes = {name: {"lifecycle_stage": LIFECYCLE[stage]} for name, stage in zip(customers.names, customers.stages, strict=True) if stage}
    set_values("Customer", changes)


@contextmanager
def _bar(show: bool, label: str, length: int, commit: bool) -> Iterator[Callable[[int], None]]:
    """A progress step: advances a bar on stderr (unless `show` is false) and commits each batch when `commit`."""

    def done(n: int) -> None:
        if commit:
            local.db.commit()
        if bar is not None:
            bar.update(n)

    if not show:
        bar = None
        yield done
        return
    with click.progressbar(length=length, label=f"{label:<16}", file=sys.stderr, show_pos=True) as bar:
        yield done
