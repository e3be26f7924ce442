"""Shared by the platform benchmarks: a throw-away site per backend, timing helpers, printing."""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "apps")]
SERVERS = {"mariadb": "mariadb://root:@127.0.0.1:3306", "postgresql": "postgresql://root@127.0.0.1:5432"}


@contextmanager
def bench_site(backend: str) -> Iterator[str]:
    """A fresh site with the platform test app on `backend`, dropped afterwards; yields its name."""
    from lowcode.apps import register_app
    from lowcode.install.sites import drop_site, new_site

    register_app("testapp", "tests.platform.testapp")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LOWCODE_SITES_PATH"] = tmp
        name = f"bench_{secrets.token_hex(3)}.local"
        url = f"{SERVERS[backend]}/{name.replace('.', '_')}" if backend in SERVERS else None
        site, _password = new_site(name, db_url=url, apps=("testapp",), root=Path(tmp))
        try:
            yield name
        finally:
            drop_site(site)


def paired_medians(lowcode_work: Callable[[], object], raw_work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall times of `repeat` runs of each, after a warm-up; the runs alternate, so a
    change in the machine's load (a shared 2-core VM) falls on both sides alike."""
    lowcode_work()
    raw_work()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for work, bucket in ((lowcode_work, times[0]), (raw_work, times[1])):
            start = time.perf_counter()
            work()
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def show(label: str, lowcode_s: float, raw_s: float, unit: str, per: int = 1) -> None:
    """One line: the rate (or time) of lowcode and of raw SQLAlchemy Core, and their ratio."""
    if per > 1:
        print(f"  {label:<44} lowcode {per / lowcode_s:>9,.0f} {unit}   raw {per / raw_s:>9,.0f} {unit}   ratio {lowcode_s / raw_s:4.2f}x")
    else:
        print(f"  {label:<44} lowcode {lowcode_s * 1000:>8.2f} ms   raw {raw_s * 1000:>8.2f} ms   ratio {lowcode_s / raw_s:4.2f}x")
