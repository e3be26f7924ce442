"""Document insert benchmark: prints figures, asserts nothing.

    python bench/platform_insert.py [--rows 500] [--repeat 3] [--backends sqlite,mariadb]

Per-document: `--rows` Test Orders with two item rows each, one transaction (commit) per
document, through `Document.insert` (permission check, defaults, naming series, coercion,
the controller's totals, mandatory and link checks, the app's doc_events hook), then
through `Document.save` of a change (Version written). Beside each, raw SQLAlchemy Core
doing the same writes on the same database: the parent row and its child rows (and the
Version row) with one commit per document. Bulk: `lowcode.model.bulk.insert_many` (the
import path: naming, defaults, checks, batched writes) in one transaction, against one
executemany per table. Each figure is the median of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import secrets

from platform_common import bench_site, paired_medians, show

ITEMS = [{"item_name": "Chair", "qty": 2, "rate": "12.50"}, {"item_name": "Desk", "qty": 1, "rate": "99"}]
counter = itertools.count(1)


def lowcode_insert(rows: int) -> None:
    import lowcode

    for _ in range(rows):
        lowcode.new_doc("Test Order", customer="Acme", naming_series="TX-.#####", items=ITEMS).insert()
        lowcode.db.commit()


def lowcode_bulk(rows: int) -> None:
    import lowcode
    from lowcode.model.bulk import insert_many

    insert_many("Test Order", [{"customer": "Acme", "naming_series": "TX-.#####", "items": ITEMS} for _ in range(rows)])
    lowcode.db.commit()


def raw_rows(n: int) -> tuple[dict[str, object], list[dict[str, object]]]:
    now = dt.datetime.now()
    name = f"RAW-{n:07d}"
    base = {"owner": "Administrator", "creation": now, "modified": now, "modified_by": "Administrator", "docstatus": 0}
    parent = {**base, "name": name, "idx": 0, "naming_series": "RAW-.#####", "customer": "Acme", "customer_email": None, "status": "Draft",
              "order_date": now.date(), "total": 124, "discount": 0, "priority": 0}  # fmt: skip
    children = [{**base, "name": secrets.token_hex(5), "idx": i, "parent": name, "parentfield": "items", "parenttype": "Test Order",
                 "item_name": item["item_name"], "qty": item["qty"], "rate": item["rate"], "amount": 25} for i, item in enumerate(ITEMS, 1)]  # fmt: skip
    return parent, children


def raw_insert(rows: int, *, commit_each: bool) -> None:
    from lowcode.context import local
    from lowcode.db.tables import get_table

    orders, items = get_table("Test Order"), get_table("Test Order Item")
    conn = local.db.conn
    if commit_each:
        for _ in range(rows):
            parent, children = raw_rows(next(counter))
            conn.execute(orders.insert(), parent)
            conn.execute(items.insert(), children)
            conn.commit()
        return
    batch = [raw_rows(next(counter)) for _ in range(rows)]
    conn.execute(orders.insert(), [p for p, _ in batch])
    conn.execute(items.insert(), [c for _, cs in batch for c in cs])
    conn.commit()


def lowcode_save(names: list[str]) -> None:
    import lowcode

    for name in names:
        doc = lowcode.get_doc("Test Order", name)
        doc.remarks = secrets.token_hex(4)
        doc.save()
        lowcode.db.commit()


def raw_save(names: list[str]) -> None:
    import sqlalchemy as sa

    from lowcode.context import local
    from lowcode.db.tables import get_table

    orders, versions = get_table("Test Order"), get_table("Version")
    conn = local.db.conn
    for name in names:
        conn.execute(sa.select(orders).where(orders.c.name == name)).first()
        remark = secrets.token_hex(4)
        now = dt.datetime.now()
        conn.execute(orders.update().where(orders.c.name == name).values(remarks=remark, modified=now))
        data = json.dumps({"changed": [["remarks", None, remark]], "added": [], "removed": [], "row_changed": []})
        conn.execute(versions.insert(), {"name": secrets.token_hex(5), "owner": "Administrator", "creation": now, "modified": now,
                                         "modified_by": "Administrator", "docstatus": 0, "idx": 0, "ref_doctype": "Test Order",
                                         "docname": name, "data": data})  # fmt: skip
        conn.commit()


def run(backend: str, rows: int, repeat: int) -> None:
    import lowcode
    from lowcode.context import site_context

    with bench_site(backend) as site, site_context(site) as ctx:
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
        ctx.db.commit()
        version = ".".join(str(v) for v in ctx.db.engine.dialect.server_version_info or ())
        print(f"{backend} {version}: {rows} Test Orders (2 item rows each) per run, median of {repeat}")
        per_doc = paired_medians(lambda: lowcode_insert(rows), lambda: raw_insert(rows, commit_each=True), repeat)
        show("insert, one transaction per document", *per_doc, "docs/s", rows)
        bulk = paired_medians(lambda: lowcode_bulk(rows), lambda: raw_insert(rows, commit_each=False), repeat)
        show("bulk insert (insert_many), one transaction", *bulk, "docs/s", rows)
        names = lowcode.get_all("Test Order", pluck="name", filters={"naming_series": "TX-.#####"}, limit=rows)
        save = paired_medians(lambda: lowcode_save(names), lambda: raw_save(names), repeat)
        show("save a change (Version), one transaction each", *save, "docs/s", rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=500, help="documents per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is printed)")
    parser.add_argument("--backends", default="sqlite,mariadb", help="comma-separated: sqlite, mariadb, postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run(backend.strip(), args.rows, args.repeat)


if __name__ == "__main__":
    main()
