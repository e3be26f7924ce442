"""Web-to-lead: the CRM's Contact Us form at /contact-us, as an anonymous visitor would use it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sales_crm.scoring import score_of
from starlette.testclient import TestClient

import lowcode
from lowcode.context import site_context
from lowcode.db.query import get_all
from lowcode.exceptions import ValidationError
from lowcode.sites import Site
from lowcode.web.app import create_app
from tests.conftest import SiteFactory
from tests.security import server as live

ORIGIN = {"origin": "http://testserver"}
VISITOR = {"first_name": "Lucía", "last_name": "Ortega", "email_id": "Lucia.Ortega@Example.com", "notes": "Quiero un presupuesto"}


@pytest.fixture
def crm_site(make_site: SiteFactory) -> Site:
    return make_site("sqlite", apps=("sales_crm",))


@pytest.fixture
def http(crm_site: Site) -> Iterator[TestClient]:
    with TestClient(create_app(crm_site.name), follow_redirects=False) as client:
        yield client


def leads(site: Site, **filters: object) -> list[dict[str, object]]:
    with site_context(site):
        return get_all("Lead", fields=["name", "first_name", "company_name", "phone", "status", "owner", "lead_owner"], filters=filters)


def test_the_form_page_in_english_and_spanish(http: TestClient) -> None:
    page = http.get("/contact-us")
    assert page.status_code == 200 and 'name="email_id"' in page.text and "How can we help?" in page.text
    assert 'name="status"' not in page.text
    spanish = http.get("/contact-us", headers={"accept-language": "es-ES,es;q=0.9"})
    assert "Correo electrónico" in spanish.text and "¿En qué podemos ayudarle?" in spanish.text
    assert http.get("/no-such-page").status_code == 404


def test_a_submission_creates_a_lead_with_the_form_fields_only(http: TestClient, crm_site: Site) -> None:
    answer = http.post("/contact-us", data={**VISITOR, "status": "Converted", "lead_owner": "x", "score": "100"}, headers=ORIGIN)
    assert answer.status_code == 200 and "data-success" in answer.text
    [lead] = leads(crm_site)
    assert (lead["first_name"], lead["status"], lead["owner"], lead["lead_owner"]) == ("Lucía", "New", "Guest", None)
    with site_context(crm_site):
        assert lowcode.get_value("Lead", lead["name"], "notes") == "Quiero un presupuesto"
        # the score sent is ignored: the lead scoring rules compute it
        assert lowcode.get_value("Lead", lead["name"], "score") == score_of(lowcode.get_doc("Lead", lead["name"])) != 100


def test_web_leads_get_the_hidden_source_whatever_the_visitor_sends(http: TestClient, crm_site: Site) -> None:
    page = http.get("/contact-us").text
    assert 'name="source"' not in page  # hidden: not on the page
    assert http.post("/contact-us", data={**VISITOR, "source": "Partner"}, headers=ORIGIN).status_code == 200
    with site_context(crm_site):
        assert lowcode.get_all("Lead", pluck="source") == ["Website"]


def test_a_form_embedded_on_the_company_site_is_accepted_from_there_only(http: TestClient, crm_site: Site) -> None:
    embedded = {"origin": "https://www.empresa.example"}
    assert http.post("/contact-us", data=VISITOR, headers=embedded).status_code == 403
    with site_context(crm_site) as local:
        form = lowcode.get_doc("Web Form", lowcode.get_all("Web Form", filters={"route": "contact-us"}, pluck="name")[0])
        form.allowed_origins = "https://WWW.empresa.example:443/\n"
        form.save()
        assert form.allowed_origins == "https://www.empresa.example"
        local.db.commit()
    assert http.post("/contact-us", data=VISITOR, headers=embedded).status_code == 200
    assert http.post("/contact-us", data=VISITOR, headers={"referer": "https://www.empresa.example/contacto"}).status_code == 200
    assert http.post("/contact-us", data=VISITOR, headers={"origin": "https://empresa.example.evil.example"}).status_code == 403
    assert len(leads(crm_site)) == 1  # the same visitor twice: one lead, updated


def test_web_form_settings_are_checked(crm_site: Site) -> None:
    with site_context(crm_site):
        form = lowcode.get_doc("Web Form", lowcode.get_all("Web Form", filters={"route": "contact-us"}, pluck="name")[0])
        form.allowed_origins = "www.empresa.example"
        with pytest.raises(ValidationError, match=r"is not a site address like https://www\.example\.com"):
            form.save()
        form = lowcode.get_doc("Web Form", form.name)
        form.append("web_form_fields", {"fieldname": "notes", "hidden": 1, "default": "x"})
        with pytest.raises(ValidationError, match="notes is in Fields more than once"):
            form.save()
        form = lowcode.get_doc("Web Form", form.name)
        form.append("web_form_fields", {"fieldname": "website", "hidden": 1})
        with pytest.raises(ValidationError, match="is hidden, so it needs the Default"):
            form.save()


def test_bad_input_and_foreign_origins_write_nothing(http: TestClient, crm_site: Site) -> None:
    missing = http.post("/contact-us", data={"first_name": "Ana"}, headers=ORIGIN)
    assert missing.status_code == 422 and "Email is required" in missing.text
    bad_email = http.post("/contact-us", data={**VISITOR, "email_id": "not-an-email"}, headers=ORIGIN)
    assert bad_email.status_code == 422 and 'value="Lucía"' in bad_email.text
    assert http.post("/contact-us", data=VISITOR).status_code == 403
    assert http.post("/contact-us", data=VISITOR, headers={"origin": "https://evil.example"}).status_code == 403
    assert http.post("/contact-us", data=VISITOR, headers={"referer": "https://evil.example/contact-us"}).status_code == 403
    robot = http.post("/contact-us", data={**VISITOR, "hp_website": "http://spam.example"}, headers=ORIGIN)
    assert robot.status_code == 200 and "data-success" in robot.text
    assert leads(crm_site) == []


def test_a_known_email_or_phone_updates_the_lead_and_notes_it(http: TestClient, crm_site: Site) -> None:
    http.post("/contact-us", data={**VISITOR, "phone": "+34 600 11 22 33"}, headers=ORIGIN)
    again = http.post("/contact-us", data={"first_name": "L.", "email_id": " lucia.ortega@example.COM ", "company_name": "Ortega S.L."},
                      headers=ORIGIN)  # fmt: skip
    by_phone = http.post("/contact-us", data={"first_name": "Lucía", "email_id": "otra@example.com", "phone": "600112233"}, headers=ORIGIN)
    assert again.status_code == by_phone.status_code == 200
    [lead] = leads(crm_site)
    assert (lead["first_name"], lead["company_name"]) == ("Lucía", "Ortega S.L.")  # empty fields filled, others kept
    with site_context(crm_site):
        notes = get_all(
            "Comment", fields=["content"], filters={"reference_doctype": "Lead", "reference_name": lead["name"], "comment_type": "Comment"}
        )
    assert len(notes) == 2 and all("Contact Us" in n["content"] for n in notes)


def test_a_flood_from_one_address_is_throttled_and_makes_no_duplicates(http: TestClient, crm_site: Site) -> None:
    statuses = [http.post("/contact-us", data=VISITOR, headers=ORIGIN).status_code for _ in range(14)]
    assert statuses == [200] * 10 + [429] * 4
    assert len(leads(crm_site)) == 1
    other = http.post("/contact-us", data={**VISITOR, "email_id": "new@example.com"}, headers=ORIGIN)
    assert other.status_code == 429 and len(leads(crm_site)) == 1


@pytest.mark.parametrize(("trusted", "separate"), [("127.0.0.1", True), ("192.0.2.1", False)], ids=["behind-proxy", "untrusted-peer"])
def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(crm_site: Site, trusted: str, separate: bool) -> None:
    """Behind a reverse proxy every request comes from the proxy's address: the client's is the one it forwards,
    believed only from an allowed proxy (else anyone could pick an address and dodge the limit)."""
    server = live.start(crm_site, forwarded_allow_ips=trusted)
    try:
        with server.client() as client:
            headers = {"origin": server.url}
            visitor = [client.post("/contact-us", data=VISITOR, headers={**headers, "x-forwarded-for": "203.0.113.7"}).status_code
                       for _ in range(11)]  # fmt: skip
            other = client.post("/contact-us", data={**VISITOR, "email_id": "other@example.com"},
                                headers={**headers, "x-forwarded-for": "198.51.100.9"})  # fmt: skip
    finally:
        server.stop()
    assert visitor == [200] * 10 + [429]
    assert other.status_code == (200 if separate else 429)
    assert len(leads(crm_site)) == (2 if separate else 1)


def test_the_desk_shows_possible_duplicates(http: TestClient, crm_site: Site) -> None:
    with site_context(crm_site) as local:
        first = lowcode.new_doc("Lead", first_name="Eva", email_id="eva@example.com").insert().name
        second = lowcode.new_doc("Lead", first_name="Eva", email_id="EVA@example.com").insert().name
        local.db.commit()
    login = http.post("/api/method/login", json={"usr": "Administrator", "pwd": "admin-password"})
    page = http.get(f"/app/lead/{second}")
    assert "data-duplicates" in page.text and f'data-duplicate="{first}"' in page.text
    assert f'data-merge="{first}"' in page.text
    merged = http.post("/api/method/lowcode.duplicates.merge.merge_records", json={"doctype": "Lead", "keep": second, "remove": first},
                       headers={"X-Frappe-CSRF-Token": login.json()["csrf_token"]})  # fmt: skip
    assert merged.status_code == 200, merged.text
    assert "data-duplicates" not in http.get(f"/app/lead/{second}").text
    assert [lead["name"] for lead in leads(crm_site)] == [second]
