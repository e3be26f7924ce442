"""A separate OS process that inserts documents into one naming series (see test_naming.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def insert_orders(site_name: str, root: str, count: int, series: str) -> None:
    """Insert `count` Test Orders, one transaction each, as fast as possible."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ["LOWCODE_SITES_PATH"] = root
    from lowcode.apps import register_app

    register_app("testapp", "tests.platform.testapp")
    import lowcode
    from lowcode.context import site_context

    for _ in range(count):
        with site_context(site_name) as ctx:
            lowcode.new_doc("Test Order", customer="Acme", naming_series=series).insert()
            ctx.db.commit()
