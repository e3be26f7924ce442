"""List benchmark: prints figures, asserts nothing.

    python bench/platform_list.py [--rows 100000] [--repeat 30] [--backends sqlite,mariadb]

Fills a site with `--rows` Test Orders (raw bulk inserts, a third of them Open), then times
the first page of a list view: `get_list` of 20 rows with a filter (`status = Open`), a
sort (`modified desc`) and the total count (`get_count`), through the permission-checked
query builder as Administrator and as an own-documents-only user. Beside it, raw
SQLAlchemy Core runs the same SELECT and COUNT on the same database (for the own-only
user with the same condition written by hand: owner, assignee or, when anything is shared
with the user, a shared document).
Figures are medians of alternating runs.
"""

from __future__ import annotations

import argparse
import datetime as dt

from platform_common import bench_site, paired_medians, show

FIELDS = ["name", "customer", "status", "total", "modified"]
STATUSES = ("Draft", "Open", "Closed")
CLERK = "bench.clerk@example.com"


def fill(rows: int) -> None:
    from lowcode.context import local
    from lowcode.db.tables import get_table

    table = get_table("Test Order")
    start = dt.datetime(2024, 1, 1)
    batch = []
    for i in range(rows):
        stamp = start + dt.timedelta(seconds=i * 7)
        owner = CLERK if i % 50 == 0 else "Administrator"
        batch.append({"name": f"TO-{i:07d}", "owner": owner, "creation": stamp, "modified": stamp, "modified_by": owner,
                      "docstatus": 0, "idx": 0, "naming_series": "TO-.YYYY.-.#####", "customer": f"C{i % 500:03d}",
                      "status": STATUSES[i % 3], "order_date": stamp.date(), "total": i % 997, "discount": 0, "priority": 0})  # fmt: skip
        if len(batch) == 5000:
            local.db.execute(table.insert(), batch)
            batch = []
    if batch:
        local.db.execute(table.insert(), batch)
    local.db.commit()


def lowcode_page(user: str | None) -> tuple[list[dict[str, object]], int]:
    import lowcode

    filters = {"status": "Open"}
    rows = lowcode.get_list("Test Order", fields=FIELDS, filters=filters, order_by="modified desc", limit_page_length=20, user=user)
    return rows, lowcode.get_count("Test Order", filters=filters, user=user)


def raw_page(owner: str | None) -> tuple[list[dict[str, object]], int]:
    import sqlalchemy as sa

    from lowcode.context import local
    from lowcode.db.tables import get_table

    t = get_table("Test Order")
    where = [t.c.status == "Open"]
    if owner:  # the own-documents rule: owner, assignee or shared with the user
        shares = get_table("DocShare")
        shared = sa.select(shares.c.share_name).where(shares.c.share_doctype == "Test Order",
                                                      sa.or_(shares.c.user == owner, shares.c.everyone == 1), shares.c.read == 1)  # fmt: skip
        anything_shared = local.db.scalar(shared.limit(1)) is not None
        own = [t.c.owner == owner, t.c.assigned_to == owner] + ([t.c.name.in_(shared)] if anything_shared else [])
        where.append(sa.or_(*own))
    query = sa.select(*(t.c[f] for f in FIELDS)).where(*where).order_by(t.c.modified.desc()).limit(20)
    rows = [dict(r) for r in local.db.execute(query).mappings()]
    count = local.db.scalar(sa.select(sa.func.count()).select_from(t).where(*where))
    return rows, int(count)


def run(backend: str, rows: int, repeat: int) -> None:
    import lowcode
    from lowcode.context import site_context

    with bench_site(backend) as site:
        with site_context(site) as ctx:
            lowcode.new_doc("User", email=CLERK, first_name="Clerk", roles=[{"role": "Test Clerk"}]).insert()
            ctx.db.commit()
            fill(rows)
            if backend != "sqlite":
                ctx.db.sql("ANALYZE TABLE `tabTest Order`" if backend == "mariadb" else 'ANALYZE "tabTest Order"')
            else:
                ctx.db.sql("ANALYZE")
            ctx.db.commit()
        with site_context(site) as ctx:
            print(f"{backend}: {rows:,} Test Orders, first page of 20 + total count, median of {repeat}")
            assert lowcode_page(None) == raw_page(None), "lowcode and raw disagree"
            show("Administrator (all documents)", *paired_medians(lambda: lowcode_page(None), lambda: raw_page(None), repeat), "ms")
        with site_context(site, user=CLERK):
            assert lowcode_page(CLERK) == raw_page(CLERK), "lowcode and raw disagree for the clerk"
            show("Test Clerk (own documents only)", *paired_medians(lambda: lowcode_page(CLERK), lambda: raw_page(CLERK), repeat), "ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30, help="runs per figure (the median is printed)")
    parser.add_argument("--backends", default="sqlite,mariadb", help="comma-separated: sqlite, mariadb, postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run(backend.strip(), args.rows, args.repeat)


if __name__ == "__main__":
    main()
