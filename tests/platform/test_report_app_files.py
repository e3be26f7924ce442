"""Reports, print formats, workflows and dashboard items an app ships: installed, updated, never clobbered."""

from __future__ import annotations

import types

import pytest

import lowcode
from lowcode.apps import App
from lowcode.db.tables import fixtures_table
from lowcode.exceptions import MetadataError
from lowcode.install.app_files import load_app_files, reports
from lowcode.install.apps import migrate


def test_shipped_records_are_installed(ctx):
    assert lowcode.get_value("Report", "Test Orders by Status", ["report_type", "is_standard", "app"]) == ["Query Report", "Yes", "testapp"]
    assert "COUNT(*)" in lowcode.get_value("Report", "Test Orders by Status", "query")
    assert lowcode.get_value("Report", "Test Order Lines", "report_type") == "Script Report"
    assert lowcode.get_value("Print Format", "Test Order Classic", ["standard", "is_default", "doc_type"]) == ["Yes", 1, "Test Order"]
    assert "amount_in_words" in lowcode.get_value("Print Format", "Test Order Classic", "html")
    assert ".grand-total" in lowcode.get_value("Print Format", "Test Order Classic", "css")
    assert lowcode.get_value("Workflow", "Test Order Review", "is_active") == 0
    assert not lowcode.get_meta("Test Order").get_field("workflow_state"), "an inactive workflow adds no field"
    assert lowcode.exists("Number Card", "Test Open Order Value") and lowcode.exists("Dashboard Chart", "Test Orders per Month")


def test_admin_edits_survive_migrate_and_untouched_records_follow_the_files(ctx):
    fmt = lowcode.get_doc("Print Format", "Test Order Classic")
    fmt.css = "h1 { color: red; }"
    fmt.save()
    table = fixtures_table()
    report_key = (table.c.doctype == "Report") & (table.c.docname == "Test Orders by Status")
    ctx.db.execute(table.update().where(report_key).values(content_hash="from an older version"))
    reports_table = lowcode.db.tables.get_table("Report")
    ctx.db.execute(reports_table.update().where(reports_table.c.name == "Test Orders by Status").values(query="SELECT 1 AS old"))
    ctx.db.commit()
    migrate()
    assert lowcode.get_value("Print Format", "Test Order Classic", "css") == "h1 { color: red; }"
    assert "COUNT(*)" in lowcode.get_value("Report", "Test Orders by Status", "query")


def _app(tmp_path, files: dict[str, str]) -> App:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    module = types.ModuleType("fake_app")
    module.__file__ = str(tmp_path / "__init__.py")
    return App("fake_app", module, {"app_title": "Fake", "modules": ["Fake"]})


def test_bad_app_files_are_named(tmp_path):
    app = _app(tmp_path, {"report/wrong_folder/wrong_folder.json": '{"report_name": "Other Name", "ref_doctype": "Test Order"}'})
    with pytest.raises(MetadataError, match="must match its folder 'wrong_folder'"):
        reports(app)
    app = _app(tmp_path / "b", {"report/no_sql/no_sql.json": '{"report_name": "No Sql", "ref_doctype": "Test Order"}'})
    with pytest.raises(MetadataError, match=r"needs its SQL in no_sql\.sql"):
        load_app_files(app)
    app = _app(tmp_path / "c", {"workflow/x.json": "[1, 2]"})
    with pytest.raises(MetadataError, match="one JSON object"):
        load_app_files(app)
