"""Form buttons from metadata: DocType actions are checked strictly at load; workflow actions replace submit."""

from __future__ import annotations

import re

import pytest

import lowcode
from lowcode.exceptions import MetadataError
from lowcode.meta.validate import build_meta
from tests.platform.workflow_setup import make_workflow

BASE = {"name": "Gadget", "module": "Test", "fields": [{"fieldname": "title", "fieldtype": "Data"}]}


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"label": "Go", "action": "x.y", "colour": "red"}, "unknown action key 'colour'"),
        ({"label": "Go", "action": "not a path"}, "not a dotted path"),
        ({"label": "Go", "action": "x.y", "action_type": "Magic"}, "action_type must be one of"),
        ({"label": "Go", "action": "gadgets/new", "action_type": "Route"}, "starting with /"),
        ({"label": "Go", "action": "x.y", "right": "fly"}, "right must be one of"),
        ({"label": "Go", "action": "x.y", "open_doctype": "Gadget"}, "open_doctype and open_key go together"),
        ({"label": "Go", "action": "x.y", "condition": "__import__('os')"}, "condition"),
        ({"label": "Go", "action": "x.y", "fields": [{"fieldname": "n", "fieldtype": "Nope"}]}, "unknown fieldtype 'Nope'"),
    ],
)
def test_bad_actions_are_refused_naming_the_file_and_action(action, message) -> None:
    with pytest.raises(MetadataError, match=re.escape(message)) as error:
        build_meta({**BASE, "actions": [action]}, "gadget.json")
    assert str(error.value).startswith("gadget.json: action 'Go'")


def test_actions_round_trip_through_get_meta() -> None:
    raw = {"label": "Go", "action": "x.y", "fields": [{"fieldname": "when", "fieldtype": "Date", "reqd": 1}]}
    meta = build_meta({**BASE, "actions": [raw]}, "gadget.json")
    assert meta.as_dict()["actions"] == [
        {"label": "Go", "action": "x.y", "fields": [{"fieldname": "when", "fieldtype": "Date", "reqd": 1}]}
    ]
    assert build_meta(meta.as_dict(), "again").actions == meta.actions


def test_workflow_actions_replace_submit_and_follow_the_role(desk_site, client) -> None:
    with lowcode.site_context(desk_site):
        make_workflow()
        mine = lowcode.get_all("Test Order", filters={"owner": "clerk@example.com"}, pluck="name")[0]
    clerk = client("clerk@example.com")
    page = clerk.get(f"/app/test-order/{mine}").text
    assert re.findall(r'data-workflow-action="([^"]+)"', page) == ["Submit for Approval"]
    assert 'data-action="submit"' not in page and "data-workflow-state>Draft<" in page
    assert clerk.post("/api/method/lowcode.workflow.api.apply_workflow",
                      json={"doctype": "Test Order", "name": mine, "action": "Submit for Approval"}).status_code == 200  # fmt: skip
    assert re.findall(r'data-workflow-action="([^"]+)"', clerk.get(f"/app/test-order/{mine}").text) == []
    approver = client("Administrator").get(f"/app/test-order/{mine}").text
    assert re.findall(r'data-workflow-action="([^"]+)"', approver) == ["Approve", "Reject"]
