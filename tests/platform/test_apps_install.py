"""Apps on a site that holds data: install touches nothing else, reinstalling is idempotent,
uninstall is refused while another app requires it and keeps tables unless asked."""

from __future__ import annotations

from typing import Any

import pytest

import lowcode
from lowcode.context import site_context
from lowcode.exceptions import ConfigurationError
from lowcode.install.apps import install_app, uninstall_app
from lowcode.sites import Site
from tests.platform.appfactory import AppFactory, doctype
from tests.platform.helpers import snapshot, table_names, table_rows

#: tables an install may add rows to: the app's DocType records and its fixture bookkeeping
BOOKKEEPING = {"tabDocType", "tabDocField", "tabDocPerm", "__installed_fixtures"}
#: the metadata version token changes on every install
VOLATILE = frozenset({"tabSingles"})
GADGET = doctype("Gadget", [{"fieldname": "gadget_name", "fieldtype": "Data", "label": "Name"},
                            {"fieldname": "territory", "fieldtype": "Link", "label": "Territory", "options": "Test Territory"}],
                 autoname="field:gadget_name")  # fmt: skip
FIXTURES = [{"doctype": "Gadget", "gadget_name": "Sprocket"}, {"doctype": "Role", "role_name": "Gadget Keeper"}]


def seed(site: Site) -> None:
    with site_context(site) as ctx:
        lowcode.new_doc("Test Customer", customer_name="Acme", email="a@acme.example", credit_limit="12.5").insert()
        lowcode.new_doc("Test Order", customer="Acme", items=[{"item_name": "A", "qty": 1, "rate": 2}]).insert()
        ctx.db.commit()  # MariaDB: the DDL of a customisation waits for this unit's own locks on the table
        lowcode.new_doc("Custom Field", dt="Test Customer", label="Fax", fieldtype="Data").insert()
        ctx.db.commit()


def rows_as_set(rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows}


def test_install_app_on_a_site_with_data_touches_nothing_else(site, apps: AppFactory) -> None:
    seed(site)
    app = apps.create([GADGET], required_apps=("testapp",), fixtures=FIXTURES)
    with site_context(site):
        before = snapshot(VOLATILE)
    with site_context(site):
        install_app(app)
    with site_context(site):
        after = snapshot(VOLATILE)
        assert set(after) - set(before) == {"tabGadget"}
        for table, rows in before.items():
            old, new = rows_as_set(rows), rows_as_set(after[table])
            assert old <= new, f"{table}: rows changed or lost"
            if table not in BOOKKEEPING | {"tabRole"}:
                assert old == new, f"{table}: rows added by the install"
        added_roles = rows_as_set(after["tabRole"]) - rows_as_set(before["tabRole"])
        assert [dict(r)["name"] for r in added_roles] == ["Gadget Keeper"]
        assert lowcode.get_all("Gadget", pluck="name") == ["Sprocket"]
        assert app in site.installed_apps
    assert app in Site.load(site.name, site.root).installed_apps  # written to site_config.json


def test_reinstalling_an_app_is_idempotent(site, apps: AppFactory) -> None:
    app = apps.create([GADGET], fixtures=FIXTURES)
    with site_context(site):
        install_app(app)
    with site_context(site):
        before = snapshot(VOLATILE)
        install_app(app)
    with site_context(site):
        assert snapshot(VOLATILE) == before


def test_an_admins_edit_of_a_fixture_record_survives_an_upgrade(site, apps: AppFactory) -> None:
    app = apps.create([GADGET], fixtures=FIXTURES)
    with site_context(site) as ctx:
        install_app(app)
        lowcode.set_value("Gadget", "Sprocket", "territory", "Spain")
        ctx.db.commit()
    apps.upgrade(app, [GADGET], fixtures=[*FIXTURES, {"doctype": "Gadget", "gadget_name": "Cog"}])
    with site_context(site):
        install_app(app)
    with site_context(site):
        assert lowcode.get_value("Gadget", "Sprocket", "territory") == "Spain"
        assert lowcode.exists("Gadget", "Cog")


def test_uninstall_is_refused_while_another_app_requires_it(site, apps: AppFactory) -> None:
    base = apps.create([GADGET])
    dependant = apps.create([doctype("Widget", [{"fieldname": "gadget", "fieldtype": "Link", "label": "Gadget", "options": "Gadget"}])],
                            required_apps=(base,))  # fmt: skip
    with site_context(site):
        install_app(dependant)  # installs the required app first
        assert site.installed_apps[-2:] == [base, dependant]
        with pytest.raises(ConfigurationError) as info:
            uninstall_app(base)
        assert info.value.message == f"App '{base}' cannot be uninstalled: {dependant} require it. Uninstall {dependant} first."
        assert base in site.installed_apps
        with pytest.raises(ConfigurationError, match="The core app cannot be uninstalled"):
            uninstall_app("core")


def test_uninstall_keeps_tables_unless_asked(site, apps: AppFactory) -> None:
    app = apps.create([GADGET], fixtures=FIXTURES)
    with site_context(site):
        install_app(app)
        uninstall_app(app)
        assert app not in site.installed_apps
        assert "tabGadget" in table_names()
        assert [row["name"] for row in table_rows("tabGadget")] == ["Sprocket"]
        with pytest.raises(lowcode.exceptions.DoesNotExistError):
            lowcode.get_meta("Gadget")
    with site_context(site):
        install_app(app)
        uninstall_app(app, drop_tables=True)
    with site_context(site):
        assert "tabGadget" not in table_names()
        assert not lowcode.get_all("DocType", filters={"name": "Gadget"})


def test_unknown_app_says_what_to_do(site) -> None:
    with site_context(site), pytest.raises(ConfigurationError, match=r"No app named 'nope' .* Install its package with pip first"):
        install_app("nope")
