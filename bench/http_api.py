"""HTTP API and permission benchmark: prints figures, asserts nothing.

    python bench/http_api.py [--rows 100000] [--seconds 8] [--concurrency 16] [--db-url URL]

Builds a site with `--rows` File records (the core doctype whose rule for every user is
"own documents only"), 1% of them owned by an own-only user, then serves it with
`lowcode serve --workers 2` and drives it from an asyncio/httpx load generator on
loopback: GET one document and a list page of 20, as the own-only user and as
Administrator. Then times, at the database, the same list query with and without the
permission condition.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
USER = "bench.clerk@example.com"


def build_site(root: Path, rows: int, db_url: str | None) -> tuple[str, dict[str, tuple[str, str]], dict[str, str]]:
    """A site with `rows` Files; returns its name, API tokens and one readable File per user."""
    from lowcode.auth.api_keys import generate_keys
    from lowcode.context import site_context
    from lowcode.db.tables import get_table
    from lowcode.install.sites import new_site
    from lowcode.model.document import new_doc

    name = f"bench-{secrets.token_hex(3)}.local"
    site, _ = new_site(name, db_url=db_url.rstrip("/") + "/" + name.replace(".", "_").replace("-", "_") if db_url else None, root=root)
    with site_context(site) as local:
        new_doc("User", email=USER, first_name="Bench", new_password="bench-password-1").insert()
        tokens = {USER: generate_keys(USER), "Administrator": generate_keys("Administrator")}
        table = get_table("File")
        start = dt.datetime(2024, 1, 1)
        batch = []
        for i in range(rows):
            stamp = start + dt.timedelta(seconds=i)
            owner = USER if i % 100 == 0 else f"user{i % 37}@example.com"
            batch.append({"name": f"F{i:07d}", "owner": owner, "creation": stamp, "modified": stamp, "modified_by": owner,
                          "docstatus": 0, "idx": 0, "file_name": f"file-{i}.pdf", "file_url": f"/private/files/file-{i}.pdf",
                          "is_private": 1, "file_size": i})  # fmt: skip
            if len(batch) == 5000:
                local.db.execute(table.insert(), batch)
                batch = []
        if batch:
            local.db.execute(table.insert(), batch)
        local.db.commit()
    return name, tokens, {USER: "F0000100", "Administrator": "F0000101"}


def serve(site: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from lowcode.cli import main; main()", "--site", site, "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/method/ping", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not start: {process.stderr.read().decode() if process.stderr else ''}")


async def load(url: str, headers: dict[str, str], seconds: float, concurrency: int) -> tuple[int, list[float], int]:
    """Requests completed, their latencies (ms) and how many failed, within `seconds`."""
    latencies: list[float] = []
    failed = 0
    stop = time.monotonic() + seconds
    async with httpx.AsyncClient(headers=headers, timeout=30, limits=httpx.Limits(max_connections=concurrency)) as client:

        async def worker() -> None:
            nonlocal failed
            while time.monotonic() < stop:
                began = time.perf_counter()
                response = await client.get(url)
                latencies.append((time.perf_counter() - began) * 1000)
                failed += response.status_code != 200

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return len(latencies), latencies, failed


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def time_condition(site: str, repeat: int) -> list[tuple[str, float, int]]:
    """Median milliseconds of the own-only user's list query, with and without the read condition."""
    from lowcode.context import site_context
    from lowcode.db.query import Builder, ListQuery

    out = []
    with site_context(site, user=USER) as local:
        for label, ignore in (("with the read condition", False), ("without it (same query)", True)):
            query = Builder(ListQuery("File", ["name", "file_name", "modified"], limit=20, ignore_permissions=ignore, user=USER)).select()
            timings = []
            for _ in range(repeat):
                began = time.perf_counter()
                rows = local.db.execute(query).all()
                timings.append((time.perf_counter() - began) * 1000)
            out.append((label, statistics.median(timings), len(rows)))
        count = Builder(ListQuery("File", ["name"], user=USER)).count()
        began = time.perf_counter()
        visible = local.db.scalar(count)
        out.append((f"count of the user's rows ({visible})", (time.perf_counter() - began) * 1000, 1))
        print(
            str(
                Builder(ListQuery("File", ["name"], limit=20, user=USER))
                .select()
                .compile(local.db.engine, compile_kwargs={"literal_binds": True})
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--db-url", help="server URL without a database name, e.g. postgresql://root@127.0.0.1:5432")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="lowcode-bench-"))
    os.environ["LOWCODE_SITES_PATH"] = str(root)
    began = time.perf_counter()
    site, tokens, docs = build_site(root, args.rows, args.db_url)
    print(f"# {dt.date.today()} on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()}), "
          f"site with {args.rows} File rows on {args.db_url or 'SQLite'} built in {time.perf_counter() - began:.1f} s")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = serve(site, args.port, env)
    base = f"http://127.0.0.1:{args.port}"
    try:
        print(f"\n{'scenario':44} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'failed':>7}")
        for who, label in ((USER, "own-only user"), ("Administrator", "Administrator")):
            key, secret = tokens[who]
            headers = {"Authorization": f"token {key}:{secret}"}
            for what, path in (("GET one File", f"/api/resource/File/{docs[who]}"),
                               ("list page of 20", "/api/resource/File?limit_page_length=20&fields=[\"name\",\"file_name\",\"modified\"]")):  # fmt: skip
                asyncio.run(load(base + path, headers, 1, args.concurrency))  # warm-up
                done, latencies, failed = asyncio.run(load(base + path, headers, args.seconds, args.concurrency))
                print(
                    f"{what + ', ' + label:44} {done / args.seconds:8.0f} {percentile(latencies, 50):8.1f} {percentile(latencies, 95):8.1f} {failed:7d}"
                )
    finally:
        process.terminate()
        process.wait(timeout=20)
    print("\nThe own-only user's list page of 20, at the database (median of 30):")
    for label, ms, rows in time_condition(site, 30):
        print(f"  {label:44} {ms:8.2f} ms  ({rows} rows)")
    from lowcode.install.sites import drop_site
    from lowcode.sites import Site

    drop_site(Site.load(site))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
