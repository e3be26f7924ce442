"""Customisation without code: Custom Fields, Property Setters and custom DocTypes take effect
at once (metadata and schema), survive `migrate` and an app upgrade, and other processes see
them (Redis or the database's version token)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

import lowcode
from lowcode.context import site_context
from lowcode.exceptions import ValidationError
from lowcode.install.apps import install_app, migrate
from tests.platform.appfactory import AppFactory, doctype

ROOT = Path(__file__).resolve().parents[2]


def columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(lowcode.local.db.conn).get_columns(table)}


def add_custom_field(dt: str, **values: object) -> lowcode.Document:
    return lowcode.new_doc("Custom Field", dt=dt, **values).insert()


def set_property(dt: str, prop: str, value: str, field: str | None = None) -> lowcode.Document:
    return lowcode.new_doc("Property Setter", doctype_or_field="DocField" if field else "DocType", doc_type=dt,
                           field_name=field, property=prop, value=value).insert()  # fmt: skip


def test_custom_field_is_usable_at_once(sctx) -> None:
    add_custom_field("Test Customer", label="Loyalty Tier", fieldtype="Select", options="Gold\nSilver", insert_after="email")
    meta = lowcode.get_meta("Test Customer")
    field = meta.get_field("custom_loyalty_tier")
    assert field.is_custom_field and field.options == "Gold\nSilver"
    names = [f.fieldname for f in meta.fields]
    assert names.index("custom_loyalty_tier") == names.index("email") + 1
    assert "custom_loyalty_tier" in columns("tabTest Customer")
    lowcode.new_doc("Test Customer", customer_name="Acme", custom_loyalty_tier="Gold").insert()
    assert lowcode.get_value("Test Customer", "Acme", "custom_loyalty_tier") == "Gold"
    with pytest.raises(ValidationError, match="Loyalty Tier"):
        lowcode.new_doc("Test Customer", customer_name="Globex", custom_loyalty_tier="Bronze").insert()


def test_bad_custom_fields_are_refused_with_the_reason(sctx) -> None:
    with pytest.raises(ValidationError, match="Test Customer already has a field 'email'"):
        add_custom_field("Test Customer", fieldname="email", label="Email", fieldtype="Data")
    with pytest.raises(ValidationError, match="Type 'Colour' is not one of the choices"):
        add_custom_field("Test Customer", label="Shade", fieldtype="Colour")
    with pytest.raises(ValidationError, match="Link to 'Planet', which is not a known doctype"):
        add_custom_field("Test Customer", label="Home", fieldtype="Link", options="Planet")
    assert not lowcode.get_all("Custom Field", filters={"dt": "Test Customer"})
    assert "custom_home" not in {f.fieldname for f in lowcode.get_meta("Test Customer").fields}


def test_property_setters_change_fields_and_the_doctype(sctx) -> None:
    set_property("Test Customer", "label", "Company", field="customer_name")
    set_property("Test Customer", "reqd", "1", field="territory")
    setter = set_property("Test Customer", "title_field", "email")
    assert setter.name == "Test Customer-main-title_field"
    assert set_property("Test Order", "options", "Draft\nOpen\nClosed\nLost", field="status").name == "Test Order-status-options"
    meta = lowcode.get_meta("Test Customer")
    assert meta.get_field("customer_name").label == "Company"
    assert meta.title_field == "email"
    with pytest.raises(lowcode.exceptions.MandatoryError, match="Territory is required"):
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    lowcode.new_doc("Test Customer", customer_name="Acme", territory="Spain").insert()
    assert lowcode.new_doc("Test Order", customer="Acme", status="Lost").insert().status == "Lost"


def test_a_property_setter_that_breaks_the_metadata_is_refused(sctx) -> None:
    with pytest.raises(ValidationError, match="'fieldname' cannot be changed with a Property Setter"):
        set_property("Test Customer", "fieldname", "other", field="email")
    with pytest.raises(ValidationError, match="default 'Lost' is not one of the options"):
        set_property("Test Order", "default", "Lost", field="status")
    assert lowcode.get_meta("Test Order").get_field("status").default == "Draft"


def test_deleting_a_customisation_restores_the_metadata(sctx) -> None:
    field = add_custom_field("Test Customer", label="Fax", fieldtype="Data")
    setter = set_property("Test Customer", "label", "Company", field="customer_name")
    lowcode.delete_doc("Property Setter", setter.name)
    assert lowcode.get_meta("Test Customer").get_field("customer_name").label == "Customer Name"
    assert lowcode.get_meta("Test Customer").get_field("custom_fax") is not None
    lowcode.delete_doc("Custom Field", field.name)
    assert lowcode.get_meta("Test Customer").get_field("custom_fax") is None


def test_custom_doctype_is_usable_at_once(sctx) -> None:
    lowcode.new_doc(
        "DocType", name="Visit Log", custom=1, module="Custom", autoname="format:VL-{####}",
        fields=[{"fieldname": "visitor", "fieldtype": "Data", "label": "Visitor", "reqd": 1},
                {"fieldname": "customer", "fieldtype": "Link", "label": "Customer", "options": "Test Customer"}],
        permissions=[{"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1}],
    ).insert()  # fmt: skip
    assert "tabVisit Log" in sa.inspect(lowcode.local.db.conn).get_table_names()
    lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    visit = lowcode.new_doc("Visit Log", visitor="Ana", customer="Acme").insert()
    assert visit.name == "VL-0001"
    assert lowcode.get_list("Visit Log", fields=["visitor", "customer"]) == [{"visitor": "Ana", "customer": "Acme"}]
    with pytest.raises(lowcode.exceptions.LinkExistsError, match="Visit Log 'VL-0001'"):
        lowcode.delete_doc("Test Customer", "Acme")


def test_a_custom_doctype_cannot_take_a_standard_name(sctx) -> None:
    with pytest.raises(ValidationError, match="already exists in app testapp"):
        lowcode.new_doc("DocType", name="Test Customer", custom=1, module="Custom", fields=[]).insert()


def test_customisations_survive_migrate_and_an_app_upgrade(site, apps: AppFactory) -> None:
    v1 = doctype("Up Item", [{"fieldname": "title", "fieldtype": "Data", "label": "Title"}], autoname="field:title")
    app = apps.create([v1])
    with site_context(site) as ctx:
        install_app(app)
        add_custom_field("Up Item", label="Colour", fieldtype="Data")
        set_property("Up Item", "label", "Heading", field="title")
        lowcode.new_doc("Up Item", title="one", custom_colour="red").insert()
        ctx.db.commit()
    with site_context(site):
        migrate()
    v2 = doctype("Up Item", [{"fieldname": "title", "fieldtype": "Data", "label": "Title", "length": 200},
                             {"fieldname": "size", "fieldtype": "Int", "label": "Size"}], autoname="field:title")  # fmt: skip
    apps.upgrade(app, [v2], version="2.0.0")
    with site_context(site) as ctx:
        install_app(app)  # the upgrade re-syncs the app
        migrate()
    with site_context(site):
        meta = lowcode.get_meta("Up Item")
        assert meta.get_field("custom_colour") is not None
        assert meta.get_field("title").label == "Heading"
        assert meta.get_field("size") is not None
        assert lowcode.get_value("Up Item", "one", ["custom_colour", "size"]) == ["red", 0]


def other_process(site_name: str, root: Path, code: str) -> None:
    script = (
        textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        os.environ["LOWCODE_SITES_PATH"] = {str(root)!r}
        from lowcode.apps import register_app
        register_app("testapp", "tests.platform.testapp")
        import lowcode
        from lowcode.context import site_context
        with site_context({site_name!r}) as ctx:
    """)
        + textwrap.indent(textwrap.dedent(code), " " * 4)
        + "\n    ctx.db.commit()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


@pytest.mark.parametrize("with_redis", [True, False], ids=["redis", "database-token"])
def test_another_process_sees_a_customisation_at_once(make_site, with_redis: bool) -> None:
    site = make_site("sqlite", redis=with_redis)
    with site_context(site):
        assert lowcode.get_meta("Test Customer").get_field("custom_vip") is None  # cached in this process
    other_process(site.name, site.root, 'lowcode.new_doc("Custom Field", dt="Test Customer", label="VIP", fieldtype="Check").insert()')
    with site_context(site):
        assert lowcode.get_meta("Test Customer").get_field("custom_vip") is not None
    other_process(site.name, site.root, 'lowcode.delete_doc("Custom Field", "Test Customer-custom_vip")')
    with site_context(site):
        assert lowcode.get_meta("Test Customer").get_field("custom_vip") is None


def test_mariadb_ddl_waiting_on_the_units_own_rows_says_what_to_do(make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    """MariaDB runs DDL on its own connection, which waits for the rows this unit already wrote."""
    from tests.conftest import BACKENDS

    if "mariadb" not in BACKENDS:
        pytest.skip("MariaDB only: the other databases run DDL inside the unit's transaction")
    from lowcode.db import schema
    from lowcode.exceptions import ConfigurationError

    monkeypatch.setattr(schema, "DDL_LOCK_WAIT_SECONDS", 1)
    site = make_site("mariadb")
    with site_context(site):
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
        with pytest.raises(ConfigurationError, match="Save those rows first \\(commit\\), then make the change again"):
            add_custom_field("Test Customer", label="Fax", fieldtype="Data")
        assert lowcode.get_meta("Test Customer").get_field("custom_fax") is None
        assert not lowcode.get_all("Custom Field", filters={"dt": "Test Customer"})


def test_a_refused_customisation_leaves_no_metadata_behind_in_the_unit(site) -> None:
    with site_context(site) as ctx:
        for name in ("Acme", "Globex"):
            lowcode.new_doc("Test Customer", customer_name=name, territory="Spain").insert()
        ctx.db.commit()
    with site_context(site):
        with pytest.raises(lowcode.exceptions.DataLossError, match="territory unique: 1 values appear more than once"):
            set_property("Test Customer", "unique", "1", field="territory")
        assert lowcode.get_meta("Test Customer").get_field("territory").unique == 0
        assert not lowcode.get_all("Property Setter", filters={"doc_type": "Test Customer"})
