"""Spanish for every label, option and name of the Sales CRM, through the catalogue the desk reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lowcode
from lowcode.context import site_context
from lowcode.web.desk.i18n import messages
from tests.security import server as live

APP = Path(__file__).resolve().parents[2] / "apps" / "sales_crm"
#: Select options that are codes, not words
NOT_WORDS = {"en", "es"}


def crm_texts() -> dict[str, set[str]]:
    """Text -> where it appears: doctype names, labels, Select options, workflow states and actions, reports."""
    found: dict[str, set[str]] = {}
    for path in sorted((APP / "doctype").glob("*/*.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))
        found.setdefault(meta["name"], set()).add(f"{meta['name']} (doctype)")
        for df in meta["fields"]:
            if df.get("label"):
                found.setdefault(df["label"], set()).add(f"{meta['name']}.{df['fieldname']}")
            if df["fieldtype"] == "Select":
                for option in (df.get("options") or "").split("\n"):
                    if option and option not in NOT_WORDS and ".#" not in option:
                        found.setdefault(option, set()).add(f"{meta['name']}.{df['fieldname']} option")
    for path in sorted((APP / "workflow").glob("*.json")):
        workflow = json.loads(path.read_text(encoding="utf-8"))
        for state in workflow["states"]:
            found.setdefault(state["state"], set()).add(f"workflow {workflow['workflow_name']} state")
        for transition in workflow["transitions"]:
            found.setdefault(transition["action"], set()).add(f"workflow {workflow['workflow_name']} action")
    for path in sorted((APP / "report").glob("*/*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        found.setdefault(report["report_name"], set()).add("report")
        for item in [*report.get("columns", []), *report.get("filters", [])]:
            found.setdefault(item["label"], set()).add(f"report {report['report_name']}.{item['fieldname']}")
    return found


def test_every_label_option_and_doctype_has_spanish():
    spanish = messages(("sales_crm",), "es")
    missing = {text: sorted(where) for text, where in crm_texts().items() if not spanish.get(text, "").strip()}
    assert not missing, f"add these to apps/sales_crm/translations/es.po: {missing}"


def test_the_catalogue_is_read_by_the_desk_and_overrides_the_platform():
    spanish = messages(("sales_crm",), "es")
    assert (spanish["Lead"], spanish["Quotation"], spanish["Sales Order"]) == ("Prospecto", "Cotización", "Pedido de venta")
    assert messages(("sales_crm",), "en") == {}  # English is the source language: labels are English


@pytest.fixture
def spanish_user_site(make_site):
    site = make_site("sqlite", apps=("sales_crm",))
    with site_context(site) as local:
        lowcode.new_doc("User", email="lola@crm.test", first_name="Lola", language="es", new_password="Ventas-2026-demo",
                        roles=[{"role": "Sales Manager"}]).insert()  # fmt: skip
        local.db.commit()
    server = live.start(site)
    yield server
    server.stop()


def test_the_desk_shows_the_crm_in_spanish(spanish_user_site):
    with spanish_user_site.client() as browser:
        assert browser.post("/api/method/login", json={"usr": "lola@crm.test", "pwd": "Ventas-2026-demo"}).status_code == 200
        listing = browser.get("/app/opportunity")
        form = browser.get("/app/lead/new")
    assert listing.status_code == form.status_code == 200
    assert "Oportunidad" in listing.text and "Fecha prevista de cierre" in listing.text and "Ingreso previsto" in listing.text
    for text in ("Nombre de la empresa", "Origen", "Contactado", "No calificado"):
        assert text in form.text, text
