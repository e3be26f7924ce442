"""Lead scoring with the shipped rules, checked against points added up by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sales_crm.scoring import rescore_all
from starlette.testclient import TestClient

import lowcode
from lowcode.context import local, site_context
from lowcode.db.tables import get_table
from lowcode.exceptions import ValidationError
from lowcode.utils.dates import now
from lowcode.web.app import create_app
from tests.sales_crm.world import ALL_BACKENDS, as_user


def lead(**values: object) -> lowcode.Document:
    return lowcode.new_doc("Lead", company_name=values.pop("company_name", "Empresa"), **values).insert()


def call(lead_name: str, status: str = "Open") -> lowcode.Document:
    return lowcode.new_doc("Activity", activity_type="Call", subject="Call", reference_doctype="Lead", reference_name=lead_name,
                           status=status).insert()  # fmt: skip


def info_notes(lead_name: str) -> list[str]:
    return lowcode.get_all("Comment", filters={"reference_name": lead_name, "comment_type": "Info"}, pluck="content")


@ALL_BACKENDS
def test_points_add_up_and_a_done_call_qualifies(crm):
    with as_user("ana"):
        # Referred 20 + Target industry 10 + email 10 + phone 10 + website 5
        hot = lead(
            source="Referral", industry="Technology", email_id="ceo@hot.example", phone="+34 600 000 000", website="https://hot.example"
        )
        assert (hot.score, hot.status) == (55, "New")
        call(hot.name, status="Done")  # Recent contact +15 -> 70 >= 60
    assert lowcode.get_value("Lead", hot.name, ["score", "status"]) == [70, "Qualified"]
    assert info_notes(hot.name) == ["Qualified automatically: score 70 reached 60."]


def test_activity_figures_and_edits(crm):
    with as_user("bruno"):
        cold = lead(source="Cold Call")
        assert cold.score == 0
        calls = [call(cold.name) for _ in range(3)]  # Engaged +15 (open calls count, no recent done one)
        assert lowcode.get_value("Lead", cold.name, "score") == 15
        lowcode.delete_doc("Activity", calls[0].name)
        assert lowcode.get_value("Lead", cold.name, "score") == 0
        doc = lowcode.get_doc("Lead", cold.name)
        doc.update({"email_id": "info@cold.example", "mobile_no": "+52 81 0000 0000", "status": "Contacted"})
        doc.save()
    assert (doc.score, doc.status) == (20, "Contacted")


def test_nightly_rescore_ages_activity(crm):
    with as_user("carla"):
        quiet = lead(email_id="a@quiet.example", website="https://quiet.example")  # 10 + 5
        done = call(quiet.name, status="Done")  # + Recent contact 15
    assert lowcode.get_value("Lead", quiet.name, "score") == 30
    table = get_table("Activity")
    local.db.execute(table.update().where(table.c.name == done.name).values(completed_on=now() - dt.timedelta(days=100)))
    assert rescore_all() >= 1
    assert lowcode.get_value("Lead", quiet.name, "score") == 5  # 15 - recent 15 - gone quiet 10
    assert rescore_all() == 0


def test_threshold_settings_and_statuses(crm):
    settings = lowcode.get_doc("CRM Settings")
    settings.qualify_score = 20
    settings.save()
    contacted = lead(email_id="x@a.example", phone="600 111 111", status="Contacted")
    unqualified = lead(email_id="y@a.example", phone="600 222 222", status="Unqualified")
    assert (contacted.status, unqualified.status) == ("Qualified", "Unqualified")
    settings.qualify_score = 0
    settings.save()
    assert lead(source="Referral", email_id="z@a.example", phone="600 333 333").status == "New"


def test_custom_rules(crm):
    with pytest.raises(ValidationError, match="Lead Scoring Rule 'Bad': the condition is not valid"):
        lowcode.new_doc("Lead Scoring Rule", rule_name="Bad", points=5, condition="open('/etc/passwd')").insert()
    lowcode.new_doc("Lead Scoring Rule", rule_name="Spain", points=7, condition='country == "Spain"').insert()
    lowcode.set_value("Lead Scoring Rule", "Has an email", "enabled", 0)
    assert lead(country="Spain", email_id="e@s.example").score == 7
    lowcode.new_doc("Lead Scoring Rule", rule_name="Free mail", points=-50, condition='email_id and "gmail" in email_id').insert()
    assert lead(country="Spain", email_id="e@gmail.com").score == 0


def test_score_is_in_the_lead_list(crm):
    assert lowcode.get_meta("Lead").get_field("score").in_list_view
    with as_user("ana"):
        rows = lowcode.get_list("Lead", fields=["name", "score"], filters={"name": crm.leads["ana"]})
    assert rows == [{"name": crm.leads["ana"], "score": 10}]


def test_the_leads_board_shows_each_leads_score(crm_site) -> None:
    with site_context(crm_site) as local:
        lead = lowcode.new_doc(
            "Lead", first_name="Rosa", company_name="Rosales SL", email_id="rosa@rosales.example", source="Website"
        ).insert()
        local.db.commit()
    assert lead.score > 0
    with TestClient(create_app(crm_site.name)) as http:
        http.post("/api/method/login", json={"usr": "Administrator", "pwd": "admin-password"})
        page = http.get("/app/lead/view/kanban/Leads", params={"column": "New"})
    assert page.status_code == 200 and f"Score: {lead.score}" in page.text and "Rosales SL" in page.text
