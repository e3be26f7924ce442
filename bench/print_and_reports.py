"""Benchmark: one-page PDF, a 20-page merge, and query reports beside the same SQL run raw.

    python bench/print_and_reports.py                       # a temporary SQLite site with the test app, 100,000 orders
    python bench/print_and_reports.py --backend postgresql --rows 200000
    python bench/print_and_reports.py --site crm.local --report "Sales Pipeline" --user ana@example.com \
        --filters '{"from_date": "2025-01-01"}' --skip-print   # any site and report (the CRM at 1,000,000 opportunities)

Prints a Markdown table. The raw run is the report's own SQL with identifiers quoted for
the database and no permission subqueries, on the same kind of read-only connection.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent.parent / "apps")]

import lowcode  # noqa: E402
from lowcode.apps import register_app  # noqa: E402
from lowcode.context import site_context  # noqa: E402

SERVERS = {"mariadb": "mariadb://root:@127.0.0.1:3306", "postgresql": "postgresql://root@127.0.0.1:5432"}
CLERK = "bench.clerk@example.com"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time in ms of `repeat` runs (after one warm-up run), and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def make_site(backend: str) -> Any:
    from lowcode.install.sites import new_site

    register_app("testapp", "tests.platform.testapp")
    root = Path(tempfile.mkdtemp(prefix="bench-sites-"))
    os.environ["LOWCODE_SITES_PATH"] = str(root)
    name = f"bench_{uuid.uuid4().hex[:6]}.local"
    url = f"{SERVERS[backend]}/{name.replace('.', '_')}" if backend in SERVERS else None
    site, _password = new_site(name, db_url=url, apps=("testapp",), root=root, admin_password="bench-password")
    return site


def seed(rows: int) -> None:
    """`rows` Test Orders with two lines each, bulk-inserted (a quarter owned by the bench clerk)."""
    from lowcode.db.tables import get_table
    from lowcode.utils.dates import now

    lowcode.new_doc("User", email=CLERK, first_name="Bench", roles=[{"role": "Test Clerk"}]).insert(ignore_permissions=True)
    for customer in ("Acme", "Globex", "Initech"):
        lowcode.new_doc("Test Customer", customer_name=customer).insert()
    orders, items = get_table("Test Order"), get_table("Test Order Item")
    stamp = now()
    statuses = ("Draft", "Open", "Closed")
    batch = 5000
    for start in range(0, rows, batch):
        parents, children = [], []
        for i in range(start, min(start + batch, rows)):
            name = f"TO-B-{i:08d}"
            total = Decimal(i % 997) + Decimal("0.50")
            parents.append({"name": name, "owner": CLERK if i % 4 == 0 else "Administrator", "creation": stamp, "modified": stamp,
                            "modified_by": "Administrator", "docstatus": 0, "idx": 0, "customer": ("Acme", "Globex", "Initech")[i % 3],
                            "status": statuses[i % 3], "order_date": stamp.date(), "total": total, "naming_series": "TO-.YYYY.-.#####"})  # fmt: skip
            for idx in (1, 2):
                children.append({"name": f"{name}-{idx}", "parent": name, "parenttype": "Test Order", "parentfield": "items", "idx": idx,
                                 "docstatus": 0, "creation": stamp, "modified": stamp, "item_name": f"Item {idx}", "qty": 1,
                                 "rate": total / 2, "amount": total / 2})  # fmt: skip
        lowcode.local.db.execute(orders.insert(), parents)
        lowcode.local.db.execute(items.insert(), children)
        lowcode.db.commit()


def raw_sql(query: str) -> str:
    """The report's SQL as written, identifiers quoted for the database, comments dropped: no permission subqueries."""
    from lowcode.reports import sql_guard

    quote = lowcode.local.db.engine.dialect.identifier_preparer.quote_identifier
    parts = [quote(t.ident or "") if t.kind == "qident" else " " if t.kind == "comment" else t.text for t in sql_guard.tokenize(query)]
    return "".join(parts).strip().rstrip(";")


def _as(user: str) -> None:
    lowcode.local.user = user
    lowcode.local.cache.clear()


def _ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def bench_report(report_name: str, filters: dict[str, Any], users: list[str], repeat: int) -> list[tuple[str, str]]:
    """The report through the engine as each user, and its SQL raw; runs interleaved, medians shown."""
    from lowcode.reports.engine import declared_filters, get_report, run
    from lowcode.reports.filters import resolve
    from lowcode.reports.runner import run_select

    report = get_report(report_name)
    jobs: dict[str, Callable[[], Any]] = {}
    for user in users:
        jobs[f"{report_name} via the engine as {user}"] = lambda user=user: (_as(user), run(report_name, filters))[1].rows
    if report.report_type == "Query Report":
        values = resolve(declared_filters(report), filters, report.name)
        sql = raw_sql(report.query)
        sqlite = lowcode.local.db.dialect == "sqlite"
        params = {k: (v.isoformat() if sqlite and hasattr(v, "isoformat") else v) for k, v in values.items()}
        params["user"] = "Administrator"
        bound = {k: params[k] for k in params if f":{k}" in sql}
        jobs[f"{report_name}: the same SQL raw"] = lambda: (_as("Administrator"), run_select(sql, bound, timeout=600, max_rows=1_000_000))[
            1
        ][1]
    times: dict[str, list[float]] = {label: [] for label in jobs}
    rows: dict[str, int] = {}
    for attempt in range(repeat + 1):
        for label, job in jobs.items():
            elapsed, result = _ms(job)
            rows[label] = len(result)
            if attempt:
                times[label].append(elapsed)
    _as("Administrator")
    medians = {label: statistics.median(values) for label, values in times.items()}
    out = [(label, f"{ms:.1f} ms ({rows[label]} rows)") for label, ms in medians.items()]
    raw = medians.get(f"{report_name}: the same SQL raw")
    if raw:
        for user in users:
            out.append((f"{report_name}: engine as {user} / raw", f"{medians[f'{report_name} via the engine as {user}'] / raw:.2f}x"))
    return out


def bench_print(repeat: int) -> list[tuple[str, str]]:
    from lowcode.printing.api import download_multi_pdf, pdf_bytes

    names = lowcode.get_all("Test Order", pluck="name", order_by="name asc", limit=20)
    first_started = time.perf_counter()
    pdf_bytes("Test Order", names[0])
    first = (time.perf_counter() - first_started) * 1000
    one_ms, _ = timed(lambda: pdf_bytes("Test Order", names[0]), repeat)
    merge_ms, reply = timed(lambda: download_multi_pdf("Test Order", names), max(1, repeat // 4))
    pages = reply.response.body.count(b"/Type /Page\n") or reply.response.body.count(b"/Type /Page")
    return [("one-page PDF (first in the process, fonts loading)", f"{first:.0f} ms"),
            ("one-page PDF (median)", f"{one_ms:.0f} ms"), (f"{len(names)}-page merged PDF (median)", f"{merge_ms:.0f} ms ({pages} pages)")]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "mariadb", "postgresql"])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--site", help="run against an existing site instead of a temporary test-app site")
    parser.add_argument("--report", action="append", help="report name (repeatable); default: Test Orders by Status")
    parser.add_argument("--filters", default="{}", help="report filters as JSON")
    parser.add_argument("--user", action="append", help="also run as these users (own-only users show the permission cost)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-print", action="store_true")
    args = parser.parse_args()
    site = args.site or make_site(args.backend)
    results: list[tuple[str, str]] = []
    with site_context(site) as ctx:
        if not args.site:
            started = time.perf_counter()
            seed(args.rows)
            results.append((f"seed {args.rows:,} orders ({ctx.db.dialect})", f"{time.perf_counter() - started:.1f} s"))
        users = ["Administrator", *(args.user or ([] if args.site else [CLERK]))]
        for report in args.report or ["Test Orders by Status"]:
            results += bench_report(report, json.loads(args.filters), users, args.repeat)
        if not args.skip_print:
            results += bench_print(args.repeat * 2)
    if not args.site:
        from lowcode.install.sites import drop_site

        drop_site(site)
    print("| measure | result |\n| --- | --- |")
    for label, value in results:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
