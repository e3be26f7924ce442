"""`make demo`: a SQLite demo site with every app installed and its demo data, served on :8000.

The site is created once (sites/demo.local) and reused by later runs; `--fresh` recreates
it. The Administrator's password is printed every time.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from lowcode.apps import all_apps, import_dotted
from lowcode.context import site_context
from lowcode.install.sites import new_site
from lowcode.sites import Site, set_default_site, sites_path

SITE = "demo.local"
CREDENTIALS = "demo_credentials.txt"


def _apps() -> list[str]:
    return [name for name in sorted(all_apps()) if name != "core" and not name.startswith("test")]


def create(size: int, seed: int) -> tuple[Site, str]:
    password = f"demo-{secrets.token_hex(4)}"
    apps = _apps()
    print(f"Creating {SITE} with {', '.join(apps) or 'the core app'} ...", flush=True)
    site, _ = new_site(SITE, admin_password=password, apps=apps, force=True, progress=lambda m: print(m, flush=True))
    (site.path / CREDENTIALS).write_text(password + "\n", encoding="utf-8")
    with site_context(site) as ctx:
        for name in apps:
            generator = all_apps()[name].hook("demo_data")
            if generator:
                print(f"Demo data for {name} ({size}) ...", flush=True)
                import_dotted(generator)(size=size, seed=seed)
                ctx.db.commit()
    return site, password


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--size", type=int, default=300, help="number of opportunities in the demo data")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--fresh", action="store_true", help="recreate the demo site")
    args = parser.parse_args(argv)
    root = sites_path()
    marker = root / SITE / CREDENTIALS
    if args.fresh or not marker.exists():
        site, password = create(args.size, args.seed)
    else:
        site, password = Site.load(SITE), Path(marker).read_text(encoding="utf-8").strip()
    set_default_site(SITE)
    os.environ["LOWCODE_SITE"] = SITE
    print(f"\nDemo site {site.name} at http://{args.host}:{args.port}/app", flush=True)
    print(f"Log in as Administrator with password: {password}\n", flush=True)
    import uvicorn

    uvicorn.run("lowcode.web.app:create_app", factory=True, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
