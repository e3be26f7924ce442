"""Make a Sales CRM site holding the demo data set, for benchmarks, and print how long it took.

    python bench/make_crm_data.py --size 1000000 [--db-url mariadb://root:@127.0.0.1:3306/crm_bench] [--site crm-bench.local]

The site is created afresh (an existing one of that name is replaced), with sales_crm
installed; the data is `sales_crm.demo.generate(size, seed)`, committed batch by batch.
On SQLite the loading connection gets a 256 MB page cache (index pages of a million rows
stay in memory; durability settings are unchanged). The tables are analysed at the end, as
a database in use would be, so the query planners pick indexes by their selectivity.
"""

from __future__ import annotations

import argparse
import sys
import time

import sqlalchemy as sa

from lowcode.context import local, site_context
from lowcode.install.sites import new_site

DOCTYPES = ("Customer", "Contact", "Lead", "Opportunity", "Opportunity Stage History", "Activity", "Quotation", "Sales Order")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="opportunities (100 to 1,000,000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--db-url", default=None, help="database URL (default: SQLite in the site folder)")
    parser.add_argument("--site", default="crm-bench.local")
    parser.add_argument("--quotations", type=int, default=None, help="quotations to make through the document path")
    args = parser.parse_args(argv)
    from sales_crm.demo import generate

    started = time.perf_counter()
    site, _ = new_site(args.site, db_url=args.db_url, admin_password="admin", apps=["sales_crm"], force=True)
    made_site = time.perf_counter() - started
    started = time.perf_counter()
    with site_context(site):
        if local.db.dialect == "sqlite":
            local.db.execute(sa.text("PRAGMA cache_size = -262144"))
        counts = generate(size=args.size, seed=args.seed, quotations=args.quotations, progress=True, commit=True)
        local.db.commit()
        analyze()
        stored = {d: local.db.sql(f'SELECT COUNT(*) AS n FROM "tab{d}"' if local.db.dialect != "mariadb" else f"SELECT COUNT(*) AS n FROM `tab{d}`")[0]["n"]
                  for d in DOCTYPES}  # fmt: skip
    seconds = time.perf_counter() - started
    print(f"site {site.name} on {site.db_url.split(':', 1)[0]}: created in {made_site:.1f} s")
    print(f"demo data of {args.size:,} opportunities in {seconds:.1f} s ({args.size / seconds:,.0f} opportunities/s)")
    for doctype, n in stored.items():
        print(f"  {doctype:<28} {n:>10,} rows")
    print(f"  made: {counts}")


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (SQLite has none until ANALYZE runs)."""
    if local.db.dialect == "mariadb":
        for (table,) in local.db.execute(sa.text("SHOW TABLES")).all():
            local.db.execute(sa.text(f"ANALYZE TABLE `{table}`")).all()
    else:
        local.db.execute(sa.text("ANALYZE"))
    local.db.commit()


if __name__ == "__main__":
    main(sys.argv[1:])
