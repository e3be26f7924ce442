"""What the CRM automation costs: assignment on insert, nightly rescoring, escalation and follow-ups.

    python bench/automation.py --leads 1000 [--db-url postgresql://root@127.0.0.1:5432/automation_bench]

A fresh site with sales_crm and three sales people. Leads are inserted through the
document path (validation, scoring, naming), first with no assignment rule and then with
a round robin rule that sets the lead owner, so the difference is the rule's cost per
insert (pick the user under a row lock, the ToDo, the timeline comment, the bell). Then
the daily jobs run over those leads and as many opportunities and customers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lowcode
from lowcode.context import local, site_context
from lowcode.db.tables import get_table
from lowcode.install.sites import new_site
from lowcode.utils.dates import now

USERS = ["ana@bench.test", "bruno@bench.test", "carla@bench.test"]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    local.db.commit()
    return time.perf_counter() - started, result


def insert_leads(count: int, tag: str) -> list[str]:
    return [lowcode.new_doc("Lead", company_name=f"{tag} {i}", email_id=f"{tag.lower()}{i}@example.com", source="Website").insert().name
            for i in range(count)]  # fmt: skip


def world() -> None:
    for user in USERS:
        lowcode.new_doc("User", email=user, first_name=user.split("@")[0].title(), roles=[{"role": "Sales User"}]).insert()
        lowcode.new_doc("Sales Person", sales_person_name=user.split("@")[0].title(), user=user).insert()
    local.db.commit()


def backdate(count: int) -> None:
    """`count` opportunities and customers, made old enough for escalation and follow-ups."""
    names = [lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=lead).insert().name
             for lead in lowcode.get_all("Lead", pluck="name", limit=count)]  # fmt: skip
    history = get_table("Opportunity Stage History")
    local.db.execute(history.update().where(history.c.parent.in_(names)).values(entered_at=now() - dt.timedelta(days=30)))
    customer = get_table("Customer")
    for i in range(count):
        lowcode.new_doc("Customer", customer_name=f"Cliente {i}", account_manager=USERS[i % 3]).insert()
    local.db.execute(customer.update().values(creation=now() - dt.timedelta(days=400)))
    local.db.commit()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--db-url", default=None, help="database URL (default: SQLite in a temporary folder)")
    args = parser.parse_args(argv)
    from sales_crm.escalation import flag_stuck_opportunities
    from sales_crm.follow_ups import create_follow_ups
    from sales_crm.scoring import rescore_all

    root = Path(tempfile.mkdtemp(prefix="automation-bench-"))
    site, _ = new_site("automation-bench.local", db_url=args.db_url, admin_password="admin", apps=["sales_crm"], root=root, force=True)
    n = args.leads
    with site_context(site):
        world()
        plain, _ = timed(lambda: insert_leads(n, "Plain"))
        lowcode.new_doc("Assignment Rule", rule_name="Bench", document_type="Lead", set_field="lead_owner",
                        users=[{"user": u} for u in USERS]).insert()  # fmt: skip
        local.db.commit()
        ruled, _ = timed(lambda: insert_leads(n, "Ruled"))
        rescore, changed = timed(rescore_all)
        backdate(n)
        stuck, flagged = timed(flag_stuck_opportunities)
        follow, created = timed(create_follow_ups)
        todos = lowcode.get_count("ToDo", ignore_permissions=True)
    engine = site.db_url.split(":", 1)[0]
    print(f"{engine}, {n:,} leads per run")
    print(f"insert, no rule:          {plain / n * 1000:6.2f} ms/lead ({n / plain:,.0f} leads/s)")
    print(f"insert, round robin rule: {ruled / n * 1000:6.2f} ms/lead ({n / ruled:,.0f} leads/s); {todos:,} ToDos")
    print(f"nightly rescore:          {rescore:6.2f} s for {2 * n:,} leads ({2 * n / rescore:,.0f} leads/s; {changed} changed)")
    print(f"escalation:               {stuck:6.2f} s, {len(flagged):,} of {n:,} opportunities flagged")
    print(f"follow-ups:               {follow:6.2f} s, {len(created):,} of {n:,} customers")


if __name__ == "__main__":
    main(sys.argv[1:])
