"""Run every benchmark script in bench/ one after the other (`make bench`); prints their figures.

    python bench/run_all.py [--only platform_list,platform_insert]

Each script runs with its default sizes in its own process; a failing script is reported
and the others still run. The exit status is 1 when any script failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: helpers imported by the scripts, not benchmarks themselves
NOT_SCRIPTS = {"run_all.py", "platform_common.py"}


def scripts(only: set[str] | None) -> list[Path]:
    found = sorted(p for p in HERE.glob("*.py") if p.name not in NOT_SCRIPTS)
    return [p for p in found if only is None or p.stem in only]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated script names without .py")
    args = parser.parse_args()
    only = {s.strip() for s in args.only.split(",")} if args.only else None
    failed = []
    for script in scripts(only):
        print(f"== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
