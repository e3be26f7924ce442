"""CRM automation emails end to end: queued by the jobs, delivered to a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
from email.header import decode_header, make_header

from sales_crm.escalation import flag_stuck_opportunities
from sales_crm.reminders import remind_due_activities

import lowcode
from lowcode.context import local, site_context
from lowcode.db.tables import get_table
from lowcode.utils.dates import now, today
from tests.platform.jobs.helpers import run_cli
from tests.platform.smtp_inbox import add_email_account, smtp_inbox  # noqa: F401 - the fixture
from tests.sales_crm.world import as_user, build_world


def test_stuck_deal_and_reminder_emails_reach_the_people(crm, smtp_inbox):  # noqa: F811 - the fixture
    add_email_account(smtp_inbox.port)
    with as_user("carla"):
        deal = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["carla"]).insert()
        call = lowcode.new_doc("Activity", activity_type="Call", subject="Call Raúl", due_date=today(), due_time="16:00:00").insert()
    history = get_table("Opportunity Stage History")
    local.db.execute(history.update().where(history.c.parent == deal.name).values(entered_at=now() - dt.timedelta(days=20)))
    assert flag_stuck_opportunities() == [deal.name]
    assert remind_due_activities(dt.datetime.combine(today(), dt.time(15, 50))) == [call.name]
    lowcode.db.commit()
    messages = smtp_inbox.wait_for(3)
    received = sorted((m["To"], str(make_header(decode_header(m["Subject"])))) for m in messages)
    assert received == [
        ("carla@crm.test", f"Opportunity {deal.title} is stuck"),
        ("carla@crm.test", "Reminder: Call Raúl at 16:00"),
        ("mateo@crm.test", f"Opportunity {deal.title} is stuck"),
    ]
    mail = next(m for m in messages if m["To"] == "mateo@crm.test")
    body = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "longer than the stage allows" in body


def test_on_a_site_with_redis_the_emails_wait_for_a_real_worker(make_site, smtp_inbox):  # noqa: F811 - the fixture
    """Won deal and assignment: the bell at once, the emails queued on Redis and sent by a `lowcode worker` process."""
    site = make_site("sqlite", apps=("sales_crm",), redis=True)
    with site_context(site) as local:
        crm = build_world()
        add_email_account(smtp_inbox.port)
        with as_user("bruno"):
            deal = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["bruno"]).insert()
            deal.sales_stage = "sales-won"
            deal.save()
        lowcode.assignment.assign(lowcode.get_doc("Lead", crm.leads["ana"]), crm.users["carla"])
        local.db.commit()
        assert lowcode.get_count("Notification Log", {"document_name": deal.name}) == 2  # the bell does not wait
    assert smtp_inbox.messages == []
    run_cli(site, "worker", "--burst")
    received = sorted((m["To"], str(make_header(decode_header(m["Subject"])))) for m in smtp_inbox.wait_for(3))
    assert received == [("carla@crm.test", f"Assigned to you: Lead {crm.leads['ana']}"),
                        ("lucia@crm.test", f"Opportunity won: {deal.title}"), ("sofia@crm.test", f"Opportunity won: {deal.title}")]  # fmt: skip
    with site_context(site):
        assert set(lowcode.get_all("Email Queue", pluck="status")) == {"Sent"}
