"""Data import and export benchmark: prints figures, asserts nothing.

    python bench/data_import.py [--rows 100000] [--backends sqlite,mariadb]

For each backend, in a fresh process (so its peak RSS is its own): a site with sales_crm,
a deterministic file of `--rows` leads with 1% bad rows, imported through the Data Import
engine with full validation (rows/s of wall-clock and of the process's CPU time, which a busy
machine disturbs less; resident memory after 10% and at the end, peak RSS),
the same good rows inserted raw (the driver's executemany of ready tuples, 5,000 at a time,
no validation) as the floor, then the leads exported to CSV and to XLSX through the streaming list export.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVERS = {"mariadb": "mariadb://root:@127.0.0.1:3306", "postgresql": "postgresql://root@127.0.0.1:5432"}


def rss_mb() -> float:
    """Resident memory now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def drain(response: Any) -> int:
    async def read() -> int:
        return sum([len(chunk) async for chunk in response.body_iterator])

    return asyncio.run(read())


def run_one(backend: str, rows: int) -> None:
    from sales_crm.demo.bulk_leads import lead_row, write_leads_csv

    import lowcode
    from lowcode.context import site_context
    from lowcode.db.tables import get_table
    from lowcode.exports.list_export import export_file
    from lowcode.imports.engine import run_import
    from lowcode.imports.files import create_import
    from lowcode.install.sites import drop_site, new_site
    from lowcode.model.naming import make_hash
    from lowcode.utils.dates import now

    root = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["LOWCODE_SITES_PATH"] = str(root)
    name = f"bench_{uuid.uuid4().hex[:6]}.local"
    url = f"{SERVERS[backend]}/{name.replace('.', '_')}" if backend in SERVERS else None
    site, _ = new_site(name, db_url=url, apps=("sales_crm",), root=root, admin_password="bench-password")
    path = root / "leads.csv"
    bad = write_leads_csv(path, rows)
    samples: dict[str, float] = {}

    def progress(done: int, total: int) -> None:
        if "at_10" not in samples and done >= total // 10:
            samples["at_10"] = rss_mb()

    try:
        with site_context(site) as local:
            data_import = create_import(path, "Lead")
            local.db.commit()
            started, cpu_started = time.perf_counter(), time.process_time()
            run_import(data_import, progress=progress)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            record = lowcode.get_doc("Data Import", data_import)
            print(f"{backend}: import {rows} leads ({len(bad)} bad): {seconds:.1f} s, {rows / seconds:.0f} rows/s "
                  f"(this process's CPU {cpu:.1f} s, {rows / cpu:.0f} rows per CPU second; load {os.getloadavg()[0]:.1f}); "
                  f"imported {record.imported}, failed {record.failed_rows}; RSS after 10% {samples.get('at_10', 0):.0f} MB, "
                  f"at the end {rss_mb():.0f} MB, peak {peak_mb():.0f} MB")  # fmt: skip
            table, stamp = get_table("Lead"), now().isoformat(sep=" ")
            good = [lead_row(i) for i in range(rows) if (i + 2) not in bad]
            columns = ["name", "owner", "creation", "modified", "modified_by", "docstatus", "idx", "naming_series",
                       "first_name", "last_name", "company_name", "email_id", "phone", "city", "source", "status", "lead_name"]  # fmt: skip
            sql = str(table.insert().compile(dialect=local.db.engine.dialect, column_keys=columns))
            positional = local.db.engine.dialect.positional
            started = time.perf_counter()
            for start in range(0, len(good), 5000):
                values = [
                    (f"RAW-{make_hash()}", "Administrator", stamp, stamp, "Administrator", 0, 0, "CRM-LEAD-.YYYY.-.#####", *r, r[0])
                    for r in good[start : start + 5000]
                ]  # fmt: skip
                local.db.conn.exec_driver_sql(sql, values if positional else [dict(zip(columns, v, strict=True)) for v in values])
            raw = time.perf_counter() - started
            local.db.rollback()
            print(f"{backend}: raw driver executemany of the same {len(good)} rows (no validation): {raw:.1f} s, {len(good) / raw:.0f} rows/s")  # fmt: skip
            fields = ["name", "lead_name", "company_name", "email_id", "phone", "city", "source", "status"]
            for file_format in ("CSV", "Excel"):
                started = time.perf_counter()
                size = drain(export_file("Lead", fields, None, None, "creation asc", file_format))
                seconds = time.perf_counter() - started
                print(f"{backend}: export {record.imported} rows to {file_format}: {seconds:.1f} s, {record.imported / seconds:.0f} rows/s, "
                      f"{size / 1e6:.1f} MB; peak RSS {peak_mb():.0f} MB")  # fmt: skip
    finally:
        drop_site(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,mariadb")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.rows)
        return
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "apps"), os.environ.get("PYTHONPATH", "")])}
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    for backend in args.backends.split(","):
        subprocess.run([sys.executable, __file__, "--one", backend, "--rows", str(args.rows)], env=env, check=False)


if __name__ == "__main__":
    main()
