"""Activities in calendars: .ics invitations emailed to participants, and each user's private feed."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from starlette.testclient import TestClient

import lowcode
from lowcode.calendar.feed import create_token, revoke
from lowcode.calendar.invitations import invitation
from lowcode.calendar.sources import calendar_spec
from lowcode.context import site_context
from lowcode.utils.dates import today
from lowcode.web.app import create_app
from tests.platform.smtp_inbox import Inbox, add_email_account, smtp_inbox
from tests.sales_crm.world import World, as_user, email

__all__ = ["smtp_inbox"]
TOMORROW = today() + dt.timedelta(days=1)


def meeting(crm: World, **values: object) -> lowcode.Document:
    contact = lowcode.new_doc("Contact", first_name="Eva", email_ids=[{"email_id": "eva@cliente.example", "is_primary": 1}]).insert().name
    lead = crm.leads["ana"]
    participants = [{"participant_type": "User", "participant": email("bruno")}, {"participant_type": "Contact", "participant": contact},
                    {"participant_type": "Lead", "participant": lead}]  # fmt: skip
    with as_user("ana"):
        return lowcode.new_doc("Activity", activity_type="Meeting", subject="Demo del producto", due_date=TOMORROW, due_time="10:30:00",
                               assigned_to=email("ana"), participants=participants, **values).insert()  # fmt: skip


def test_the_invitation_is_a_valid_icalendar_request(crm: World) -> None:
    doc = meeting(crm)
    content, emails, cancelled = invitation(doc, calendar_spec("Activity"))  # type: ignore[arg-type,misc]
    assert emails == [email("bruno"), "eva@cliente.example", "jorge@example.com"] and not cancelled
    cal = Calendar.from_ical(content)
    assert str(cal["method"]) == "REQUEST"
    [event] = cal.walk("VEVENT")
    assert str(event["summary"]) == "Demo del producto"
    start = event.decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (TOMORROW, 10, 30)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=30)
    assert sorted(str(a) for a in event["attendee"]) == sorted(f"mailto:{e}" for e in emails)
    assert str(event["organizer"]) == f"mailto:{email('ana')}"


def test_invitations_and_cancellations_are_emailed(crm: World, smtp_inbox: Inbox) -> None:
    add_email_account(smtp_inbox.port)
    doc = meeting(crm)
    lowcode.db.commit()
    [invite] = smtp_inbox.wait_for(1)
    assert invite["Subject"].startswith("Invitation: Demo del producto")
    [ics] = [p for p in invite.walk() if p.get_filename() == "invite.ics"]
    event = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")[0]
    with as_user("ana"):
        doc.reload()
        doc.status = "Cancelled"
        doc.save()
    lowcode.db.commit()
    cancel = smtp_inbox.wait_for(2)[1]
    cal = Calendar.from_ical(next(p for p in cancel.walk() if p.get_filename() == "invite.ics").get_payload(decode=True))
    [again] = cal.walk("VEVENT")
    assert str(cal["method"]) == "CANCEL" and str(again["uid"]) == str(event["uid"]) and again["sequence"] >= event["sequence"]
    with as_user("ana"):
        doc.reload()
        doc.outcome = "nothing that changes the event"
        doc.save()
    lowcode.db.commit()
    assert len(smtp_inbox.messages) == 2


def brunos_call() -> None:
    with as_user("bruno"):
        lowcode.new_doc(
            "Activity", activity_type="Call", subject="Llamada de Bruno", due_date=TOMORROW, assigned_to=email("bruno")
        ).insert()


def test_the_private_feed_shows_the_users_activities_and_can_be_revoked(crm: World, crm_site) -> None:
    mine = meeting(crm).name
    brunos_call()
    token = create_token(email("ana"))
    lowcode.db.commit()
    with TestClient(create_app(crm_site.name)) as http:
        answer = http.get(f"/api/calendar/{token}.ics")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
        events = Calendar.from_ical(answer.content).walk("VEVENT")
        assert [str(e["summary"]) for e in events] == ["Demo del producto"] and mine in str(events[0]["url"])
        assert http.get(f"/api/calendar/{token[:-2]}xx.ics").status_code == 404
        with site_context(crm_site) as local:
            revoke(email("ana"))
            local.db.commit()
        assert http.get(f"/api/calendar/{token}.ics").status_code == 404


def test_the_feed_also_holds_the_events_the_user_takes_part_in(crm: World, crm_site) -> None:
    demo = meeting(crm).name  # Ana's, with Bruno among the participants: shared with him to read
    with as_user("bruno"):
        assert demo in lowcode.get_list("Activity", pluck="name")
    with as_user("carla"):
        assert demo not in lowcode.get_list("Activity", pluck="name")
    brunos_call()
    token = create_token(email("bruno"))
    lowcode.db.commit()
    with TestClient(create_app(crm_site.name)) as http:
        events = Calendar.from_ical(http.get(f"/api/calendar/{token}.ics").content).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == ["Demo del producto", "Llamada de Bruno"]


def test_the_calendar_view_offers_the_private_address(crm: World, crm_site) -> None:
    lowcode.db.commit()
    with TestClient(create_app(crm_site.name)) as http:
        login = http.post("/api/method/login", json={"usr": "Administrator", "pwd": "admin-password"})
        headers = {"X-Frappe-CSRF-Token": login.json()["csrf_token"]}
        page = http.get("/app/activity/view/calendar", headers={"accept-language": "es"}).text
        assert "data-calendar-feed" in page and 'data-action="feed-new"' in page
        leads = http.get("/app/lead/view/calendar")
        assert leads.status_code == 200 and "data-calendar-feed" not in leads.text  # leads are in nobody's feed
        url = http.post("/api/method/lowcode.calendar.feed.new_feed_url", headers=headers).json()["message"]
        assert http.get(url.split("127.0.0.1:8000", 1)[1]).status_code == 200
        http.post("/api/method/lowcode.calendar.feed.revoke_feed", headers=headers)
        assert http.get(url.split("127.0.0.1:8000", 1)[1]).status_code == 404


def test_a_participant_taken_off_the_activity_no_longer_sees_it(crm: World) -> None:
    demo = meeting(crm)
    with as_user("bruno"):
        assert demo.name in lowcode.get_list("Activity", pluck="name")
    with as_user("ana"):
        doc = lowcode.get_doc("Activity", demo.name)
        doc.participants = [row for row in doc.participants if row.participant != email("bruno")]
        doc.save()
    with as_user("bruno"):
        assert demo.name not in lowcode.get_list("Activity", pluck="name")
