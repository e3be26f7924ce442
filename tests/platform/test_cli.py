"""The `lowcode` command through click's CliRunner: a site's whole life on each backend, and
errors that say what to do next."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import lowcode
from lowcode.cli import app_commands, cli, site_commands, user_commands
from lowcode.context import site_context
from lowcode.sites import Site
from tests.conftest import db_url_for
from tests.site_templates import unique_site_name

assert app_commands and site_commands and user_commands  # registers the commands on `cli`


def run(*args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def cli_site(backend: str, sites_root: Path) -> Iterator[str]:
    """A site name; the site made by `new-site` in the test is dropped afterwards."""
    from lowcode.install.sites import drop_site

    name = unique_site_name("cli")
    yield name
    site = Site(name, sites_root)
    if site.config_path.exists():
        drop_site(site)


def customer_names(name: str) -> list[str]:
    with site_context(name):
        return lowcode.get_all("Test Customer", pluck="name", order_by="name asc")


def test_a_site_from_creation_to_restore(backend: str, cli_site: str, sites_root: Path) -> None:
    url = db_url_for(backend, cli_site, sites_root)
    out = run("new-site", cli_site, "--db-url", url).output
    assert f"Site {cli_site} created" in out
    assert "Administrator password: " in out
    site = ["--site", cli_site]
    assert run(*site, "install-app", "testapp").output.rstrip().endswith("testapp is installed.")
    listed = run(*site, "list-apps").output.splitlines()
    assert listed[:2] == ["core 0.1.0", "testapp 1.0.0"]
    doc = json.dumps({"doc": {"doctype": "Test Customer", "customer_name": "Acme", "credit_limit": 10}})
    inserted = json.loads(run(*site, "execute", "lowcode.client.insert", "--kwargs", doc).output)
    assert inserted["name"] == "Acme" and inserted["credit_limit"] == 10
    count = run(*site, "execute", "lowcode.get_count", "--kwargs", '{"doctype": "Test Customer"}').output
    assert count.strip() == "1"
    assert "language set on" in run(*site, "set-config", "language", "es").output
    assert Site.load(cli_site, sites_root).get("language") == "es"
    backup_out = run(*site, "backup").output
    path = backup_out.strip().splitlines()[-1].removeprefix("Backup written to ")
    assert Path(path).exists()
    run(*site, "execute", "lowcode.client.insert", "--kwargs", json.dumps({"doc": {"doctype": "Test Customer", "customer_name": "Late"}}))
    assert customer_names(cli_site) == ["Acme", "Late"]
    assert "Restored" in run(*site, "restore", path, "--yes").output
    assert customer_names(cli_site) == ["Acme"]
    migrated = run(*site, "migrate").output
    assert f"Migrated {cli_site}: 0 schema changes" in migrated
    assert "kept" not in migrated
    run(*site, "uninstall-app", "testapp")
    assert run(*site, "list-apps").output.splitlines()[:1] == ["core 0.1.0"]


def test_site_falls_back_to_the_environment(cli_site: str, sites_root: Path, monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the fallback does not depend on the database")
    run("new-site", cli_site, "--admin-password", "pw-123456", "--install-app", "testapp")
    monkeypatch.setenv("LOWCODE_SITE", cli_site)
    assert run("list-apps").output.splitlines()[:2] == ["core 0.1.0", "testapp 1.0.0"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--site", "nowhere.test", "list-apps"], "Site 'nowhere.test' not found in"),
        (["--site", "nowhere.test", "list-apps"], "Create it with: lowcode new-site nowhere.test"),
        (["new-site", "bad name!"], "is not a valid site name: use letters, digits"),
        (["new-site", "ok.test", "--db-url", "oracle://x"], "oracle"),
    ],
)
def test_errors_say_what_to_do_next(args: list[str], words: str, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("argument errors do not depend on the database")
    result = run(*args, ok=False)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert words in result.output
    assert "Traceback" not in result.output


def test_site_commands_errors(shared_site: Site) -> None:
    site = ["--site", shared_site.name]
    result = run(*site, "set-config", "colour", "red", ok=False)
    assert "Unknown setting 'colour'. Known settings:" in result.output
    result = run(*site, "execute", "no.such.function", ok=False)
    assert "Cannot find no.such.function" in result.output and "Give a dotted path like package.module.function" in result.output
    result = run(*site, "execute", "lowcode.get_count", "--kwargs", "{oops", ok=False)
    assert "--kwargs must be JSON" in result.output
    result = run(*site, "install-app", "nope", ok=False)
    assert "Install its package with pip first" in result.output
    result = run(*site, "uninstall-app", "core", ok=False)
    assert "The core app cannot be uninstalled" in result.output
    result = run("new-site", shared_site.name, ok=False)
    assert "already exists" in result.output and "pass --force to replace it" in result.output


def test_which_site_when_none_is_given(sites_root: Path, monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("does not depend on the database")
    monkeypatch.delenv("LOWCODE_SITE", raising=False)
    monkeypatch.setenv("LOWCODE_SITES_PATH", str(sites_root / "empty"))
    result = run("list-apps", ok=False)
    assert "Which site? Pass --site NAME or set LOWCODE_SITE." in result.output
    assert "lowcode new-site mysite.local" in result.output
