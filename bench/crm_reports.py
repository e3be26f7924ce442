"""Benchmark: the 11 shipped CRM reports beside the same aggregate SQL run raw, and quotation PDFs.

    python bench/crm_reports.py                          # a temporary SQLite site, demo data of 20,000 opportunities
    python bench/crm_reports.py --size 1000000           # the figure in docs/performance.md (a long run: use nice)
    python bench/crm_reports.py --site crm-bench.local   # a site made by bench/make_crm_data.py
    python bench/crm_reports.py --size 200 --quotations 25 --pdf-only   # the quotation PDF figures alone (a minute)

Data: `sales_crm.demo.generate(size)` (bulk inserts; quotations through the document path).
Each report runs through `lowcode.reports.engine.run` as Administrator and as the sales
user who owns the most opportunities (own documents only); "raw" is the report's SQL
(query reports) or the aggregate queries a script report's figures come from, joined with
UNION ALL (script reports), run on the same kind of read-only connection without
permission subqueries. Prints a Markdown table: median of `--repeat` runs after a warm-up.
The quotation PDF: the first render in the process, then the median and 90th percentile of
`--pdf-runs` renders after a warm-up (wall clock and the process's CPU time, with the load
average), and the first 20 quotations merged into one PDF.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "apps"), str(ROOT / "bench")]

from make_crm_data import analyze  # noqa: E402
from print_and_reports import SERVERS, raw_sql  # noqa: E402

import lowcode  # noqa: E402
from lowcode.context import site_context  # noqa: E402

#: what each script report's figures come from, as one query (the raw side of the comparison)
RAW = {
    "Sales Funnel": "SELECT (SELECT COUNT(*) FROM `tabLead` WHERE creation >= :start_ts AND creation < :after_ts), "
                    "(SELECT COUNT(*) FROM `tabOpportunity` WHERE creation >= :start_ts AND creation < :after_ts), "
                    "(SELECT COUNT(*) FROM `tabQuotation` WHERE docstatus < 2 AND creation >= :start_ts AND creation < :after_ts), "
                    "(SELECT COUNT(*) FROM `tabSales Order` WHERE docstatus = 1 AND creation >= :start_ts AND creation < :after_ts)",
    "Sales Forecast": "SELECT expected_close_date, sales_person, COUNT(*), SUM(expected_revenue), SUM(weighted_amount) FROM `tabOpportunity` "
                      "WHERE status = 'Open' AND expected_close_date >= :month AND expected_close_date <= :ahead GROUP BY expected_close_date, sales_person",
    "Quota Attainment": "SELECT sales_person, sales_team, target_amount FROM `tabSales Target` WHERE period_start >= :start "
                        "AND period_start <= :end{won_per_piece}",
    "Lost Reasons": "SELECT r.lost_reason, COUNT(*), SUM(o.expected_revenue) FROM `tabOpportunity` o JOIN `tabLost Reason Detail` r "
                    "ON r.parent = o.name AND r.parenttype = 'Opportunity' WHERE o.status = 'Lost' AND o.closed_on >= :start AND o.closed_on <= :end "
                    "GROUP BY r.lost_reason UNION ALL "
                    "SELECT c.competitor, COUNT(*), SUM(o.expected_revenue) FROM `tabOpportunity` o JOIN `tabOpportunity Competitor` c "
                    "ON c.parent = o.name AND c.parenttype = 'Opportunity' WHERE o.status = 'Lost' AND o.closed_on >= :start AND o.closed_on <= :end "
                    "GROUP BY c.competitor",
    "Lead Conversion": "SELECT source, COUNT(*), NULL FROM `tabLead` WHERE creation >= :start_ts AND creation < :after_ts GROUP BY source "
                       "UNION ALL SELECT source, COUNT(*), SUM({days_to_convert}) FROM `tabLead` WHERE status = 'Converted' "
                       "AND creation >= :start_ts AND creation < :after_ts GROUP BY source",
    "Sales Activity": "SELECT activity_type, assigned_to, status, COUNT(*) FROM `tabActivity` WHERE due_date >= :start AND due_date <= :end "
                      "GROUP BY activity_type, assigned_to, status UNION ALL "
                      "SELECT activity_type, assigned_to, status, COUNT(*) FROM `tabActivity` WHERE due_date >= :start AND due_date <= :end "
                      "AND status = 'Open' AND due_date < :end GROUP BY activity_type, assigned_to, status",
    "Sales Cycle": "SELECT stage, COUNT(*), SUM(days) FROM `tabOpportunity Stage History` WHERE parenttype = 'Opportunity' "
                   "AND left_at >= :start_ts AND left_at < :after_ts GROUP BY stage",
    "Won Revenue by Month": "SELECT closed_on, COUNT(*), SUM(expected_revenue) FROM `tabOpportunity` WHERE status = 'Won' "
                            "AND closed_on >= :start AND closed_on <= :end GROUP BY closed_on",
    "Sales Team Overview": "SELECT sales_team, COUNT(*), 0 FROM `tabOpportunity` WHERE status = 'Open' GROUP BY sales_team UNION ALL "
                           "SELECT sales_team, 0, SUM(expected_revenue) FROM `tabOpportunity` WHERE status = 'Won' AND closed_on >= :month "
                           "GROUP BY sales_team UNION ALL "
                           "SELECT assigned_to, COUNT(*), 0 FROM `tabActivity` WHERE status = 'Open' AND due_date < :end GROUP BY assigned_to UNION ALL "
                           "SELECT sales_person, COUNT(*), 0 FROM `tabQuotation` WHERE docstatus = 0 AND status = 'Draft' GROUP BY sales_person",
}  # fmt: skip
REPORTS = ("Sales Pipeline", "Open Deals per User by Stage", *RAW)


def make_site(backend: str, size: int, quotations: int) -> Any:
    from sales_crm.demo import generate

    from lowcode.install.sites import new_site

    root = Path(tempfile.mkdtemp(prefix="bench-crm-"))
    os.environ["LOWCODE_SITES_PATH"] = str(root)
    name = f"crmbench_{uuid.uuid4().hex[:6]}.local"
    url = f"{SERVERS[backend]}/{name.replace('.', '_')}" if backend in SERVERS else None
    site, _ = new_site(name, db_url=url, apps=("sales_crm",), root=root, admin_password="bench-password")
    with site_context(site) as ctx:
        generate(size=size, seed=7, quotations=quotations, progress=False, commit=True)
        ctx.db.commit()
        analyze()
    return site


def _as(user: str) -> None:
    lowcode.local.user = user
    lowcode.local.cache.clear()


def _params(sqlite: bool) -> dict[str, Any]:
    from lowcode.utils.dates import today

    end = today()
    start = end - dt.timedelta(days=365)
    month = end.replace(day=1)
    values: dict[str, Any] = {"start": start, "end": end, "month": month, "ahead": month + dt.timedelta(days=31 * 4),
                              "year": end.replace(month=1, day=1), "pipeline": "Sales", "sales_team": None, "sales_person": None,
                              "start_ts": dt.datetime.combine(start, dt.time()), "after_ts": dt.datetime.combine(end + dt.timedelta(days=1), dt.time())}  # fmt: skip
    return {k: (v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()) if sqlite and isinstance(v, dt.date) else v
            for k, v in values.items()}  # fmt: skip


def raw_for(name: str, params: dict[str, Any]) -> str:
    """A script report's raw SQL, with the parts that depend on the database or the data filled in."""
    return RAW[name].format(days_to_convert=days_to_convert() if name == "Lead Conversion" else "",
                            won_per_piece=won_per_piece(params) if name == "Quota Attainment" else "")  # fmt: skip


def won_per_piece(params: dict[str, Any]) -> str:
    """Quota Attainment's won revenue per person and team over each piece of the target periods, as UNION ALL parts."""
    from sales_crm.report.quota_attainment.quota_attainment import pieces
    from sales_crm.reporting import to_date

    targets = lowcode.get_all("Sales Target", fields=["period_start", "period_end"],
                              filters=[["period_start", ">=", params["start"]], ["period_start", "<=", params["end"]]])  # fmt: skip
    spans = pieces(sorted({(to_date(t["period_start"]), to_date(t["period_end"])) for t in targets}))
    return "".join(f" UNION ALL SELECT sales_person, sales_team, SUM(expected_revenue) FROM `tabOpportunity` WHERE status = 'Won' "
                   f"AND closed_on >= '{begin}' AND closed_on <= '{finish}' GROUP BY sales_person, sales_team" for begin, finish in spans)  # fmt: skip


def days_to_convert() -> str:
    """The database's own date difference for a lead's creation to conversion (what `days_between` compiles to)."""
    import sqlalchemy as sa

    from lowcode.db.expressions import days_between

    expression = days_between(sa.column("creation"), sa.column("converted_on"))
    return str(expression.compile(dialect=lowcode.local.db.engine.dialect))


def busiest_seller() -> str:
    rows = lowcode.get_all("Opportunity", fields=["sales_person_user", "count(name) as n"], group_by="sales_person_user",
                           order_by="n desc", limit=1)  # fmt: skip
    return str(rows[0]["sales_person_user"])


def _may_run(name: str, user: str) -> bool:
    from lowcode.exceptions import PermissionError
    from lowcode.reports.engine import check_access, get_report

    _as(user)
    try:
        check_access(get_report(name))
    except PermissionError:
        return False
    finally:
        _as("Administrator")
    return True


def _ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def bench_reports(users: list[str], repeat: int, names: tuple[str, ...] = REPORTS) -> list[tuple[str, ...]]:
    from lowcode.reports.engine import get_report, run
    from lowcode.reports.runner import run_select

    params = _params(lowcode.local.db.dialect == "sqlite")
    out = []
    for name in names:
        report = get_report(name)
        sql = raw_sql(report.query if report.report_type == "Query Report" else raw_for(name, params))
        bound = {k: v for k, v in params.items() if f":{k}" in sql}
        allowed = [u for u in users if _may_run(name, u)]
        jobs: dict[str, Callable[[], Any]] = {u: (lambda u=u, name=name: (_as(u), run(name, {}))[1].rows) for u in allowed}
        jobs["raw"] = lambda sql=sql, bound=bound: (_as("Administrator"), run_select(sql, bound, timeout=600, max_rows=1_000_000))[1][1]
        times: dict[str, list[float]] = {label: [] for label in jobs}
        counts: dict[str, int] = {}
        for attempt in range(repeat + 1):
            for label, job in jobs.items():
                elapsed, result = _ms(job)
                counts[label] = len(result)
                if attempt:
                    times[label].append(elapsed)
        median = {label: statistics.median(values) for label, values in times.items()}
        raw = median["raw"]
        cells = [f"{median[u]:.0f} ms ({counts[u]} rows, {median[u] / raw:.2f}x)" if u in median else "not allowed" for u in users]
        out.append((name, report.report_type.split()[0], *cells, f"{raw:.0f} ms"))
    _as("Administrator")
    return out


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{statistics.median(ordered):.0f} ms / {ordered[int(0.9 * (len(ordered) - 1))]:.0f} ms"


def bench_pdf(runs: int, merges: int) -> list[tuple[str, str]]:
    from pypdf import PdfReader

    from lowcode.printing.api import download_multi_pdf, pdf_bytes

    names = lowcode.get_all("Quotation", pluck="name", order_by="name asc", limit=20)
    first, _ = _ms(lambda: pdf_bytes("Quotation", names[0]))
    pdf_bytes("Quotation", names[0])
    wall, cpu = [], []
    for _ in range(runs):
        started = time.process_time()
        wall.append(_ms(lambda: pdf_bytes("Quotation", names[0]))[0])
        cpu.append((time.process_time() - started) * 1000)
    merged, merge_cpu = [], []
    for _ in range(merges):
        started = time.process_time()
        merged.append(_ms(lambda: download_multi_pdf("Quotation", names)))
        merge_cpu.append((time.process_time() - started) * 1000)
    pages = len(PdfReader(io.BytesIO(merged[0][1].response.body)).pages)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [("one-page quotation PDF, first in the process (imports, fonts load)", f"{first:.0f} ms"),
            (f"one-page quotation PDF, median / p90 of {runs} after a warm-up", _percentiles(wall)),
            ("the same, CPU time of the process", _percentiles(cpu)),
            (f"{len(names)} quotations merged into one PDF ({pages} pages, median of {merges})",
             f"{statistics.median(ms for ms, _ in merged):.0f} ms (CPU {statistics.median(merge_cpu):.0f} ms)"),
            ("load average (1, 5, 15 min) at the end", load)]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "mariadb", "postgresql"])
    parser.add_argument("--size", type=int, default=20_000, help="opportunities of the demo data (100 to 1,000,000)")
    parser.add_argument("--site", help="an existing site with the demo data instead of a temporary one")
    parser.add_argument("--quotations", type=int, default=300, help="quotations made through the document path (slow)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report", action="append", choices=REPORTS, help="only this report (repeatable)")
    parser.add_argument("--pdf-runs", type=int, default=30, help="one-page quotation renders timed after the warm-up")
    parser.add_argument("--merges", type=int, default=3, help="20-quotation merges timed")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--pdf-only", action="store_true", help="only the quotation PDF figures, no reports")
    which.add_argument("--no-pdf", action="store_true", help="skip the quotation PDFs")
    args = parser.parse_args()
    started = time.perf_counter()
    site = args.site or make_site(args.backend, args.size, args.quotations)
    made = time.perf_counter() - started
    with site_context(site) as ctx:
        opportunities = lowcode.get_count("Opportunity", ignore_permissions=True)
        users = ["Administrator", busiest_seller()]
        reports = [] if args.pdf_only else bench_reports(users, args.repeat, tuple(args.report or REPORTS))
        pdf = [] if args.no_pdf else bench_pdf(args.pdf_runs, args.merges)
        dialect = ctx.db.dialect
    if not args.site:
        from lowcode.install.sites import drop_site

        drop_site(site)
    print(f"{opportunities:,} opportunities on {dialect}" + ("" if args.site else f" (site and demo data made in {made:.0f} s)") + "\n")
    if reports:
        print(f"| report | type | engine as Administrator | engine as {users[1]} (own only) | raw SQL |")
        print("| --- | --- | --- | --- | --- |")
        for row in reports:
            print("| " + " | ".join(row) + " |")
    if pdf:
        print("\n| measure | result |\n| --- | --- |")
    for label, value in pdf:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
