"""The test sites copied from templates (tests/site_templates.py) are isolated fresh sites."""

from __future__ import annotations

import os

import lowcode
from lowcode.auth.secrets import check_password
from lowcode.context import site_context
from tests.conftest import SiteFactory
from tests.site_templates import OWNED_NAME_RE, _is_stale, unique_site_name, worker


def test_two_copies_are_separate_sites(backend: str, make_site: SiteFactory) -> None:
    first, second = make_site(backend), make_site(backend)
    assert first.db_url != second.db_url
    assert first.get("secret_key") != second.get("secret_key")
    assert first.config.keys() == second.config.keys() == {"db_url", "secret_key", "installed_apps", "allow_tests"}
    assert first.installed_apps == ["core", "testapp"]
    assert first.private_files_path.is_dir() and first.backups_path.is_dir()
    with site_context(first) as ctx:
        lowcode.new_doc("Test Customer", customer_name="Only Here").insert()
        ctx.db.commit()
    with site_context(second):
        assert check_password("Administrator", "admin-password")
        assert not lowcode.get_all("Test Customer", filters={"customer_name": "Only Here"})


def test_databases_of_gone_processes_are_stale() -> None:
    mine = unique_site_name().replace(".", "_")
    assert OWNED_NAME_RE.match(mine) and not _is_stale(mine)
    assert _is_stale(f"t_{worker()}_p{2**22 + 1}_0a1b2c3d_test")
    assert not _is_stale(f"t_gw999_p{2**22 + 1}_0a1b2c3d_test")
    assert not _is_stale(f"t_{worker()}_0a1b2c3d_test")
    assert not _is_stale(f"t_{worker()}_p{os.getppid()}_0a1b2c3d_test")
