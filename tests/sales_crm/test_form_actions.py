"""The CRM's form buttons (DocType actions) in the desk: shown by condition and right, and they work."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

import lowcode
from lowcode.auth.secrets import set_password
from lowcode.context import site_context
from lowcode.sites import Site
from lowcode.web.app import create_app
from tests.sales_crm.world import World, build_world

PASSWORD = "Crm-desk-pass-1"


@pytest.fixture
def desk(crm_site: Site) -> Iterator[tuple[World, Callable[[str], TestClient]]]:
    with site_context(crm_site) as ctx:
        world = build_world()
        for user in world.users.values():
            set_password(user, PASSWORD)
        ctx.db.commit()
    opened: list[TestClient] = []

    def login(key: str) -> TestClient:
        http = TestClient(create_app(crm_site.name), follow_redirects=False)
        opened.append(http)
        answer = http.post("/api/method/login", json={"usr": world.users[key], "pwd": PASSWORD})
        assert answer.status_code == 200, answer.text
        http.headers["X-Frappe-CSRF-Token"] = answer.json()["csrf_token"]
        return http

    yield world, login
    for http in opened:
        http.close()


def _buttons(page: str) -> list[str]:
    return re.findall(r'data-server-action="\d+"[^>]*>([^<]+)<', page) + re.findall(r'data-form-button="route">([^<]+)<', page)


def test_lead_conversion_through_its_dialog(desk) -> None:
    world, login = desk
    ana = login("ana")
    lead = world.leads["ana"]
    page = ana.get(f"/app/lead/{lead}").text
    assert _buttons(page) == ["Convert to Opportunity"]
    dialog = re.search(r'<dialog id="action-dialog-0".*?</dialog>', page, re.S).group(0)
    assert 'name="customer_choice"' in dialog and 'data-link="Customer"' in dialog and 'name="create_contact"' in dialog
    assert 'data-method="sales_crm.api.lead.convert_lead"' in page and 'data-doc-arg="lead"' in page
    made = ana.post("/api/method/sales_crm.api.lead.convert_lead", json={"lead": lead, "customer_choice": "new", "create_contact": 1})
    assert made.status_code == 200, made.text
    opportunity = made.json()["message"]["opportunity"]
    assert _buttons(ana.get(f"/app/lead/{lead}").text) == []
    opportunity_page = ana.get(f"/app/opportunity/{opportunity}").text
    customer = made.json()["message"]["customer"]
    route = re.search(r'href="([^"]+)" data-form-button="route"', opportunity_page).group(1)
    assert route == f"/app/quotation/new?opportunity={opportunity}&amp;quotation_to=Customer&amp;party_name={quote(customer, safe='')}"


def test_buttons_follow_the_right_on_the_document(desk, crm_site) -> None:
    world, login = desk
    lead = world.leads["ana"]
    carla = login("carla")
    assert carla.get(f"/app/lead/{lead}").status_code == 403
    assert _buttons(login("lucia").get(f"/app/lead/{lead}").text) == ["Convert to Opportunity"]
    with site_context(crm_site) as ctx:
        lowcode.new_doc("DocShare", share_doctype="Lead", share_name=lead, user=world.users["carla"], read=1).insert()
        ctx.db.commit()
    page = carla.get(f"/app/lead/{lead}")
    assert page.status_code == 200 and _buttons(page.text) == []
    refused = carla.post("/api/method/sales_crm.api.lead.convert_lead", json={"lead": lead, "customer_choice": "none"})
    assert refused.status_code == 403


def test_stage_editor_of_one_pipeline(desk, crm_site) -> None:
    _world, login = desk
    with site_context(crm_site) as ctx:
        lowcode.new_doc("Sales Pipeline", pipeline_name="Renewals").insert()
        for order, name in enumerate(("Contacted", "Renewed"), start=1):
            lowcode.new_doc("Sales Stage", pipeline="Renewals", stage_name=name, stage_order=order, probability=50).insert()
        ctx.db.commit()
    sofia = login("sofia")
    pipeline_page = sofia.get("/app/sales-pipeline/Renewals").text
    editor = re.search(r'href="([^"]+)" data-form-button="route">Edit Stages<', pipeline_page).group(1).replace("&amp;", "&")
    assert editor.endswith("&pipeline=Renewals")
    page = sofia.get(editor).text
    stages = re.findall(r'<td><a href="/app/sales-stage/[^"]+">([^<]+)</a></td>', page)
    assert stages == ["Contacted", "Renewed"]
    with site_context(crm_site):
        names = lowcode.get_all("Sales Stage", filters={"pipeline": "Renewals"}, order_by="stage_order asc", pluck="name")
    rows = [{"name": names[1], "values": {"probability": 90}}, {"name": names[0]}]
    saved = sofia.post("/api/method/lowcode.web.desk.ordered.save_order",
                       json={"doctype": "Sales Stage", "order_field": "stage_order", "rows": rows})  # fmt: skip
    assert saved.status_code == 200 and saved.json()["message"]["changed"] == 2
    page = sofia.get(editor).text
    assert re.findall(r'<td><a href="/app/sales-stage/[^"]+">([^<]+)</a></td>', page) == ["Renewed", "Contacted"]
    swapped = [{"name": names[0]}, {"name": names[1]}]
    assert login("ana").post("/api/method/lowcode.web.desk.ordered.save_order",
                             json={"doctype": "Sales Stage", "order_field": "stage_order", "rows": swapped}).status_code == 403  # fmt: skip
