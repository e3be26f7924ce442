"""What the app installs, and lint of its metadata, hooks and translations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lowcode
from lowcode.apps import get_app, import_dotted
from lowcode.context import site_context
from lowcode.install.apps import install_app
from lowcode.install.fixtures import load_records, sync_fixtures
from lowcode.web.desk.i18n import messages
from lowcode.web.whitelist import whitelist_info
from tests.sales_crm.world import ALL_BACKENDS

APP = Path(__file__).resolve().parents[2] / "apps" / "sales_crm"
STAGES = [
    ("New", "Nuevo", 10), ("Qualification", "Calificación", 20), ("Decision Makers", "Identificación de decisores", 30),
    ("Proposal", "Propuesta", 50), ("Negotiation", "Negociación", 75), ("Commit", "Compromiso", 90), ("Won", "Ganado", 100),
    ("Lost", "Perdido", 0),
]  # fmt: skip
OWN_DOCTYPES = {"Lead": "lead_owner_user", "Opportunity": "sales_person_user", "Activity": "assigned_to"}


def spanish() -> dict[str, str]:
    """The Spanish catalogue of the app, read the way the desk reads it."""
    return messages(("sales_crm",), "es")


def doctype_files() -> list[Path]:
    return sorted((APP / "doctype").glob("*/*.json"))


@ALL_BACKENDS
def test_default_pipeline_and_stages(crm_site):
    with site_context(crm_site):
        assert lowcode.get_all("Sales Pipeline", filters={"is_default": 1}, pluck="name") == ["Sales"]
        stages = lowcode.get_all("Sales Stage", filters={"pipeline": "Sales"}, order_by="stage_order asc",
                                 fields=["stage_name", "probability", "is_won", "is_lost", "folded"])  # fmt: skip
    assert [(s["stage_name"], int(s["probability"])) for s in stages] == [(en, p) for en, _es, p in STAGES]
    assert [s["stage_name"] for s in stages if s["is_won"]] == ["Won"]
    assert [s["stage_name"] for s in stages if s["is_lost"]] == [s["stage_name"] for s in stages if s["folded"]] == ["Lost"]
    es = spanish()
    assert [es[en] for en, _es, _p in STAGES] == [sp for _en, sp, _p in STAGES]


def test_roles_and_lookups(crm_site):
    with site_context(crm_site):
        roles = set(lowcode.get_all("Role", pluck="name"))
        assert {"Sales User", "Sales Team Leader", "Sales Manager", "Accounts User", "System Manager"} <= roles
        types = {r["name"]: r["default_delay_days"] for r in lowcode.get_all("Activity Type", fields=["name", "default_delay_days"])}
        assert types == {"Call": 0, "Meeting": 2, "Email": 0, "Task": 3, "Follow-up": 7}
        for doctype in ("Lead Source", "Industry", "Lost Reason"):
            assert lowcode.get_count(doctype, ignore_permissions=True) >= 8
        assert lowcode.get_all("Territory", pluck="name") == ["All Territories"]


def test_every_fixture_record_has_a_spanish_name(crm_site):
    es = spanish()
    keys = ("role_name", "stage_name", "pipeline_name", "territory_name", "source_name", "industry_name", "lost_reason", "activity_type",
            "rule_name", "name")  # fmt: skip
    #: records named after the company using the app (proper nouns, not translated)
    proper = {"Letter Head"}
    with site_context(crm_site):
        for _source, record in load_records(get_app("sales_crm")):
            if record["doctype"] in proper:
                continue
            label = next((record[k] for k in keys if k in record), None)
            assert label is not None, f"fixture {record['doctype']} has no name key this test knows; add it to `keys`"
            assert label in es, f"{record['doctype']} '{label}' has no Spanish name in translations/es.po"


def test_fixtures_are_idempotent_and_admin_edits_are_kept(crm_site):
    with site_context(crm_site) as ctx:
        lowcode.set_value("Sales Stage", "sales-proposal", "stage_name", "Offer")
        ctx.db.commit()
        counts = sync_fixtures(get_app("sales_crm"))
        assert counts["inserted"] == counts["updated"] == 0
        assert lowcode.get_value("Sales Stage", "sales-proposal", "stage_name") == "Offer"


def test_installing_on_a_site_with_data_touches_nothing_else(make_site):
    site = make_site("sqlite", apps=("testapp",))
    with site_context(site) as ctx:
        lowcode.new_doc("Test Customer", customer_name="Existing", territory="Madrid").insert()
        ctx.db.commit()
        install_app("sales_crm")
        assert lowcode.get_all("Test Customer", pluck="name") == ["Existing"]
        assert lowcode.get_count("Sales Stage", ignore_permissions=True) == len(STAGES)


@pytest.mark.parametrize("path", doctype_files(), ids=lambda p: p.stem)
def test_doctype_json_is_canonical(path):
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=1, sort_keys=True) + "\n", "keys sorted, 1-space indent, trailing newline"
    assert data["module"] == "Sales CRM"
    assert (path.parent / "__init__.py").exists()
    if not data.get("istable"):
        roles = {p["role"] for p in data["permissions"]}
        assert "System Manager" in roles
    if data["name"] in OWN_DOCTYPES:
        assert data["assignee_field"] == OWN_DOCTYPES[data["name"]]
        own = {p["role"] for p in data["permissions"] if p.get("if_owner")}
        assert own == {"Sales User", "Sales Team Leader"}
        assert data["track_changes"] == 1


def test_hooks(crm_site):
    app = get_app("sales_crm")
    for path in app.hook("whitelisted_methods"):
        assert whitelist_info(import_dotted(path)) is not None, path
    assert set(app.hook("owner_scope")) == {"Lead", "Opportunity", "Activity", "Quotation"}
    assert app.hook("custom_doc_events") == ["on_won"]
    fixtures = app.hook("fixtures")
    assert fixtures[0] == "fixtures/roles.json" and all((APP / f).exists() for f in fixtures)
