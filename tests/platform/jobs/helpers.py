"""Running the `lowcode` command in OS processes against a test site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lowcode.sites import Site

ROOT = Path(__file__).resolve().parents[3]


def cli_env(site: Site) -> dict[str, str]:
    env = dict(os.environ)
    env.update(LOWCODE_SITES_PATH=str(site.root), PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "apps")]))
    return env


def start_cli(site: Site, *args: str) -> subprocess.Popen[str]:
    """`lowcode --site <site> <args>` in a new process (the test app registered)."""
    command = [sys.executable, "-m", "tests.platform.cli_runner", "--site", site.name, *args]
    return subprocess.Popen(command, env=cli_env(site), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_cli(site: Site, *args: str, timeout: float = 120) -> str:
    process = start_cli(site, *args)
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"lowcode {' '.join(args)} failed:\n{out}\n{err}"
    return out
