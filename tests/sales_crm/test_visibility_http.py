"""Team visibility on every read path, over HTTP: each user gets exactly the sales documents the table in http_world says.

Paths: get, list, count, search_link, query report run, export, kanban (column counts and
cards), timeline and print. A user who may not read a doctype gets 403 on every path; a
user without the export right gets 403 on export.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import BACKENDS, require_service
from tests.sales_crm.http_world import READERS, SALES_DOCTYPES, CrmWorld, board_name, report_name, served
from tests.site_templates import Recipe, SiteTemplates, unique_site_name

METHOD = "/api/method/"
CARD_RE = re.compile(r'data-name="([^"]+)"')
pytestmark = [pytest.mark.parametrize("doctype", SALES_DOCTYPES), pytest.mark.parametrize("who", READERS)]


@pytest.fixture(scope="module", params=BACKENDS)
def crm_http(request: pytest.FixtureRequest, site_templates: SiteTemplates) -> Iterator[CrmWorld]:
    backend = str(request.param)
    if backend != "sqlite":
        require_service(backend)
    site = site_templates.clone(Recipe(backend, ("sales_crm",)), name=unique_site_name("vis"))
    try:
        with served(site) as world:
            yield world
    finally:
        site_templates.drop(site)


def _check(response, expected: set[str] | None) -> object:
    """The JSON message of an allowed call; a 403 with a message when `expected` is None."""
    if expected is None:
        assert response.status_code == 403, response.text
        assert response.json()["message"]
        return None
    assert response.status_code == 200, response.text
    return response.json().get("message", response.json().get("data"))


def test_get(crm_http, doctype, who):
    visible = crm_http.visible(doctype, who) or set()
    client = crm_http.client(who)
    for name in crm_http.docs[doctype].values():
        data = _check(client.get(f"/api/resource/{doctype}/{name}"), {name} if name in visible else None)
        assert data is None or data["name"] == name


def test_list_and_count(crm_http, doctype, who):
    expected = crm_http.visible(doctype, who)
    client = crm_http.client(who)
    rows = _check(client.get(f"/api/resource/{doctype}", params={"fields": '["name"]', "limit": 500}), expected)
    count = _check(client.get(METHOD + "frappe.client.get_count", params={"doctype": doctype}), expected)
    if expected is not None:
        assert {r["name"] for r in rows} == expected
        assert count == len(expected)


def test_search_link(crm_http, doctype, who):
    expected = crm_http.visible(doctype, who)
    response = crm_http.client(who).get(METHOD + "lowcode.client.search_link", params={"doctype": doctype, "txt": "", "page_length": 100})
    found = _check(response, expected)
    if expected is not None:
        assert {r["value"] for r in found} == expected


def test_report_run(crm_http, doctype, who):
    expected = crm_http.visible(doctype, who)
    response = crm_http.client(who).get(METHOD + "frappe.desk.query_report.run", params={"report_name": report_name(doctype)})
    answer = _check(response, expected)
    if expected is not None:
        assert {r["name"] if isinstance(r, dict) else r[0] for r in answer["result"]} == expected


def test_export(crm_http, doctype, who):
    expected = crm_http.visible(doctype, who)
    if who == "diego":
        expected = None  # Accounts User reads quotations but has no export right
    response = crm_http.client(who).get(METHOD + "lowcode.client.export", params={"doctype": doctype, "fields": '["name"]'})
    if expected is None:
        _check(response, None)
        return
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["name"] for r in rows} == expected


def test_kanban(crm_http, doctype, who):
    expected = crm_http.visible(doctype, who)
    client = crm_http.browser(who)
    page = f"/app/{doctype.lower()}/view/kanban/{board_name(doctype)}"
    summary = client.get(page, params={"summary": 1})
    if expected is None:
        assert summary.status_code == 403, summary.text
        return
    assert summary.status_code == 200, summary.text
    columns = summary.json()
    assert sum(int(c["count"]) for c in columns.values()) == len(expected)
    cards = set()
    for value in columns:
        html = client.get(page, params={"column": value})
        assert html.status_code == 200, html.text
        cards |= set(CARD_RE.findall(html.text))
    assert cards == expected


def test_timeline_and_print(crm_http, doctype, who):
    visible = crm_http.visible(doctype, who) or set()
    client = crm_http.client(who)
    for name in crm_http.docs[doctype].values():
        allowed = {name} if name in visible else None
        _check(client.get(METHOD + "lowcode.client.get_timeline", params={"doctype": doctype, "name": name}), allowed)
        printed = _check(client.get(METHOD + "lowcode.printing.api.preview", params={"doctype": doctype, "name": name}), allowed)
        assert printed is None or name in json.dumps(printed)
