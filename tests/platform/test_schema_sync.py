"""Schema sync on a site that holds data: an app's new version is migrated; safe changes apply,
stored values are converted or the change is refused with the exact reason, and `--force`
takes a backup first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import lowcode
from lowcode.cli import cli, site_commands
from lowcode.context import site_context
from lowcode.db import sync
from lowcode.db.backup import backup
from lowcode.db.tables import get_table
from lowcode.exceptions import DataLossError
from lowcode.install.apps import install_app, migrate
from tests.platform.appfactory import AppFactory, doctype
from tests.platform.helpers import table_rows

TABLE = "tabMig Item"
assert site_commands  # registers the site commands on `cli`


def fields(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields of Mig Item, version 1, with some replaced or added."""
    base = {
        "title": {"fieldname": "title", "fieldtype": "Data", "label": "Title", "length": 20},
        "code": {"fieldname": "code", "fieldtype": "Data", "label": "Code"},
        "qty": {"fieldname": "qty", "fieldtype": "Data", "label": "Quantity"},
        "due": {"fieldname": "due", "fieldtype": "Data", "label": "Due"},
        "note": {"fieldname": "note", "fieldtype": "Data", "label": "Note"},
    }
    for name, field in changes.items():
        base[name] = field
    return [f for f in base.values() if f]


def mig_item(**changes: dict[str, Any]) -> dict[str, Any]:
    return doctype("Mig Item", fields(**changes), autoname="field:title")


@pytest.fixture
def data_site(site, apps: AppFactory) -> tuple[Any, str]:
    """The test site with app v1 installed and three rows stored."""
    app = apps.create([mig_item()])
    with site_context(site) as ctx:
        install_app(app)
        for title, code, qty, due in (("one", "A1", "1", "2026-01-31"), ("two", "B2", "20", None), ("three", "C3", "", "2026-02-01")):
            lowcode.new_doc("Mig Item", title=title, code=code, qty=qty, due=due, note=f"note {title}").insert()
        ctx.db.commit()
    return site, app


def column_types(table: str) -> dict[str, str]:
    conn = lowcode.local.db.conn
    return {c["name"]: str(c["type"]).upper() for c in sa.inspect(conn).get_columns(table)}


def index_names(table: str) -> set[str]:
    return {ix["name"] for ix in sa.inspect(lowcode.local.db.conn).get_indexes(table)}


def rows() -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in lowcode.get_all("Mig Item", fields=["*"], limit=None)}


def test_safe_changes_apply_without_force_and_keep_every_row(data_site, apps: AppFactory) -> None:
    site, app = data_site
    new = mig_item(
        title={"fieldname": "title", "fieldtype": "Data", "label": "Name of the item", "length": 80},  # wider, relabelled
        code={"fieldname": "code", "fieldtype": "Data", "label": "Code", "search_index": 1, "default": "X"},  # index, default
        qty={"fieldname": "qty", "fieldtype": "Int", "label": "Quantity"},  # text of digits -> integer
        due={"fieldname": "due", "fieldtype": "Date", "label": "Due"},  # ISO text -> date
        colour={"fieldname": "colour", "fieldtype": "Select", "label": "Colour", "options": "Red\nBlue"},  # new field
    )
    apps.upgrade(app, [new])
    with site_context(site):
        plan = migrate()
        assert not plan.refused and not plan.impossible
        stored = rows()
        assert {k: (v["qty"], v["due"], v["note"], v["colour"]) for k, v in stored.items()} == {
            "one": (1, dt.date(2026, 1, 31), "note one", None),
            "two": (20, None, "note two", None),
            "three": (0, dt.date(2026, 2, 1), "note three", None),
        }
        assert "VARCHAR(80)" in column_types(TABLE)["title"]
        assert any("code" in name for name in index_names(TABLE))
        lowcode.new_doc("Mig Item", title="a much longer title than twenty", qty=3, colour="Red").insert()


def test_a_conversion_that_loses_values_is_refused_with_the_reason(data_site, apps: AppFactory) -> None:
    site, app = data_site
    with site_context(site):
        lowcode.set_value("Mig Item", "two", "code", "not a number")
        lowcode.local.db.commit()
    apps.upgrade(app, [mig_item(code={"fieldname": "code", "fieldtype": "Int", "label": "Code"},
                                extra={"fieldname": "extra", "fieldtype": "Data", "label": "Extra"})])  # fmt: skip
    with site_context(site):
        before = table_rows(TABLE)
        with pytest.raises(DataLossError) as info:
            migrate()
        message = info.value.message
        assert "refused because it would lose data; nothing was changed" in message
        assert f"change {TABLE}.code from" in message
        assert "3 stored values would not survive" in message
        assert "'not a number' in two" in message
        assert "lowcode migrate --force" in message
    with site_context(site):
        assert table_rows(TABLE) == before
        assert "extra" not in column_types(TABLE)  # the safe part of the plan was not applied either


def test_narrowing_text_below_stored_values_is_refused(data_site, apps: AppFactory) -> None:
    site, app = data_site
    apps.upgrade(app, [mig_item(note={"fieldname": "note", "fieldtype": "Data", "label": "Note", "length": 5})])
    with site_context(site):
        with pytest.raises(DataLossError, match=r"3 stored values would not survive the change to VARCHAR\(5\)"):
            migrate()
        assert {r["note"] for r in rows().values()} == {"note one", "note two", "note three"}


def test_removed_field_is_kept_until_forced_and_force_takes_a_backup_first(data_site, apps: AppFactory) -> None:
    site, app = data_site
    apps.upgrade(app, [mig_item(note={})])
    with site_context(site):
        plan = migrate()
        assert [c.description for c in plan.kept] == [f"column {TABLE}.note is no longer in the metadata (3 non-empty values)"]
        assert "note" in column_types(TABLE)
    result = CliRunner().invoke(cli, ["--site", site.name, "migrate", "--force"])
    assert result.exit_code == 0, result.output
    backups = list(site.backups_path.glob("*.lowcode.tar.gz"))
    assert len(backups) == 1
    assert f"Backup taken before forced changes: {backups[0]}" in result.output
    assert result.output.index("Backup taken") < result.output.index(f"column {TABLE}.note is no longer")
    with site_context(site):
        assert "note" not in column_types(TABLE)
        assert set(rows()) == {"one", "two", "three"}


def test_forced_conversion_after_a_backup(data_site, apps: AppFactory) -> None:
    site, app = data_site
    apps.upgrade(app, [mig_item(code={"fieldname": "code", "fieldtype": "Int", "label": "Code"})])
    result = CliRunner().invoke(cli, ["--site", site.name, "migrate"])
    assert result.exit_code == 1
    assert "Error: The schema change was refused" in result.output
    result = CliRunner().invoke(cli, ["--site", site.name, "migrate", "--force"])
    assert result.exit_code == 0, result.output
    assert "Backup taken before forced changes" in result.output
    with site_context(site):
        assert "INT" in column_types(TABLE)["code"]
        assert {name: row["code"] for name, row in rows().items()} == {"one": 0, "two": 0, "three": 0}  # kept in the backup


def test_forced_narrowing_cuts_text_after_a_backup(data_site, apps: AppFactory) -> None:
    site, app = data_site
    apps.upgrade(app, [mig_item(note={"fieldname": "note", "fieldtype": "Data", "label": "Note", "length": 6})])
    with site_context(site):
        taken: list[str] = []
        migrate(force=True, before_forced=lambda: taken.append(str(backup())))
        assert len(taken) == 1
        assert sorted(r["note"] for r in rows().values()) == ["note o", "note t", "note t"]


def test_a_unique_index_over_duplicates_is_impossible_even_forced(data_site, apps: AppFactory) -> None:
    site, app = data_site
    with site_context(site):
        lowcode.set_value("Mig Item", "two", "code", "A1")
        lowcode.local.db.commit()
    apps.upgrade(app, [mig_item(code={"fieldname": "code", "fieldtype": "Data", "label": "Code", "unique": 1})])
    with (
        site_context(site),
        pytest.raises(DataLossError, match=r"cannot make tabMig Item.code unique: 1 values appear more than once \(for example 'A1'\)"),
    ):
        migrate(force=True)


def test_plan_compares_two_metadata(sctx) -> None:
    """Alembic-style: the live table and a target MetaData in, the classified operations out."""
    table = get_table("Test Customer")
    target = sa.MetaData()
    columns = []
    for column in table.columns:
        if column.name == "territory":
            continue  # left the metadata
        kind = sa.String(10) if column.name == "customer_name" else column.type  # narrower
        columns.append(sa.Column(column.name, kind, primary_key=column.primary_key))
    sa.Table(table.name, target, sa.Column("website", sa.String(140)), *columns)
    changes = {(c.kind, c.description) for c in sync.plan(sctx.db.conn, target, [table.name]).changes}
    assert ("add_column", "add column tabTest Customer.website") in changes
    assert ("drop_column", "column tabTest Customer.territory is no longer in the metadata (0 non-empty values)") in changes
    assert any(kind == "convert" and "tabTest Customer.customer_name" in text and "VARCHAR(10)" in text for kind, text in changes)


@pytest.mark.parametrize(
    ("old", "new", "widening"),
    [
        (sa.String(20), sa.String(80), True),
        (sa.String(80), sa.String(20), False),
        (sa.Integer(), sa.BigInteger(), True),
        (sa.BigInteger(), sa.Integer(), False),
        (sa.Numeric(21, 9), sa.Numeric(30, 9), True),
        (sa.Numeric(21, 9), sa.Numeric(21, 2), False),
        (sa.Integer(), sa.Numeric(21, 9), True),
        (sa.String(140), sa.Text(), True),
        (sa.Text(), sa.String(140), False),
    ],
)
def test_widening_rules(old: Any, new: Any, widening: bool) -> None:
    assert sync.is_widening(old, new) is widening


@pytest.mark.parametrize(
    ("value", "new", "ok"),
    [
        ("12", sa.Integer(), True),
        ("-3", sa.Integer(), True),
        ("1.5", sa.Integer(), False),
        ("abc", sa.Integer(), False),
        ("2026-02-30", sa.Date(), False),
        ("2026-02-28", sa.Date(), True),
        ("2026-02-28 10:00:00", sa.DateTime(), True),
        ("12.345", sa.Numeric(21, 2), False),
        ("12.34", sa.Numeric(21, 2), True),
        ("x" * 30, sa.String(20), False),
    ],
)
def test_which_values_survive_a_conversion(value: Any, new: Any, ok: bool) -> None:
    assert sync.survives(value, new) is ok
