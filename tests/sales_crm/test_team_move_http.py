"""Moving a member to another team over HTTP moves the visibility of their documents with them."""

from __future__ import annotations

import pytest

from tests.sales_crm.http_world import SALES_DOCTYPES, served
from tests.sales_crm.world import TEAMS


@pytest.fixture
def crm_http(make_site):
    with served(make_site("sqlite", apps=("sales_crm",))) as world:
        yield world


def names(world, who: str, doctype: str) -> set[str]:
    response = world.client(who).get(f"/api/resource/{doctype}", params={"fields": '["name"]', "limit": 100})
    assert response.status_code == 200, response.text
    return {row["name"] for row in response.json()["data"]}


def test_moving_bruno_to_monterrey(crm_http):
    bruno = {d: crm_http.docs[d]["bruno"] for d in SALES_DOCTYPES}
    for doctype in SALES_DOCTYPES:
        assert bruno[doctype] in names(crm_http, "lucia", doctype)
        assert bruno[doctype] not in names(crm_http, "mateo", doctype)
    manager = crm_http.client("sofia")
    monterrey = manager.get("/api/resource/Sales Team/Monterrey").json()["data"]
    person = next(row["sales_person"] for row in manager.get("/api/resource/Sales Team/Madrid").json()["data"]["members"]
                  if row["user"] == "bruno@crm.test")  # fmt: skip
    members = [{"sales_person": row["sales_person"]} for row in monterrey["members"]] + [{"sales_person": person}]
    refused = crm_http.client("lucia").put("/api/resource/Sales Team/Monterrey", json={"members": members})
    assert refused.status_code == 403, refused.text  # a team leader does not edit teams
    moved = manager.put("/api/resource/Sales Team/Monterrey", json={"members": members})
    assert moved.status_code == 200, moved.text
    assert len(TEAMS["Monterrey"][1]) + 1 == len(moved.json()["data"]["members"])
    for doctype in SALES_DOCTYPES:
        assert bruno[doctype] not in names(crm_http, "lucia", doctype)
        assert bruno[doctype] in names(crm_http, "mateo", doctype)
        assert bruno[doctype] in names(crm_http, "bruno", doctype)
