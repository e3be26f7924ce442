"""Online acceptance over HTTP: a signed link the customer opens without logging in, to accept or decline."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
from starlette.testclient import TestClient

import lowcode
from lowcode.context import site_context
from lowcode.web.app import create_app
from tests.sales_crm.quoting.test_quotation_approval import LAPTOP_10, LAPTOP_20, act, login, new_quotation, send
from tests.sales_crm.selling.world import ACME, ANA, CARLOS, LUIS, MARTA

ACCEPT = "/api/method/sales_crm.api.acceptance.accept"
DECLINE = "/api/method/sales_crm.api.acceptance.decline"


def guest(site):
    return TestClient(create_app(site.name), base_url="http://testserver")


def sent_with_link(client, items=LAPTOP_10, **values):
    doc = new_quotation(client, items, **values)
    answer = client.post("sales_crm.api.quotation.mark_sent", name=doc["name"], acceptance_link=1)
    assert answer.status_code == 200, answer.text
    body = answer.json()["message"]
    assert body["status"] == "Sent"
    return body["name"], body["acceptance_url"]


def token_of(url):
    return url.split("token=", 1)[1]


def comments(site, name):
    with site_context(site):
        return [
            c["content"] for c in lowcode.get_all("Comment", fields=["content"], filters={"reference_name": name}, order_by="creation asc")
        ]


def test_the_customer_views_and_accepts_without_logging_in(selling_http_site):
    ana = login(selling_http_site, ANA)
    name, url = sent_with_link(ana)
    customer = guest(selling_http_site)
    page = customer.get(url)
    assert page.status_code == 200, page.text
    for expected in (name, ACME, "Portátil 14", "Type your full name to accept", "accept-form", "decline-form"):
        assert expected in page.text
    assert "/app" not in page.text  # nothing of the desk
    pdf = customer.get(f"/api/method/sales_crm.api.acceptance.pdf?token={token_of(url)}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert name in pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()

    no_name = customer.post(ACCEPT, data={"token": token_of(url), "customer_name": " "})
    assert no_name.status_code == 417
    assert "Type your full name" in no_name.text
    accepted = customer.post(ACCEPT, data={"token": token_of(url), "customer_name": "Jorge  Álvarez"})
    assert accepted.status_code == 200, accepted.text
    assert "Jorge Álvarez" in accepted.text

    read = ana.http.get(f"/api/resource/Quotation/{name}").json()["data"]
    assert (read["docstatus"], read["status"], read["workflow_state"], read["accepted_by"], read["accepted_ip"]) == (
        1, "Accepted", "Accepted", "Jorge Álvarez", "testclient")  # fmt: skip
    assert any(
        c.startswith("Accepted online by Jorge Álvarez on ") and c.endswith("from testclient.") for c in comments(selling_http_site, name)
    )
    with site_context(selling_http_site):
        told = lowcode.get_all("Notification Log", fields=["for_user", "subject", "document_name"], filters={"document_name": name})
    assert [(n["for_user"], n["subject"]) for n in told] == [(ANA, f"Quotation {name} accepted by {ACME}")]
    again = customer.post(ACCEPT, data={"token": token_of(url), "customer_name": "Someone Else"})
    assert again.status_code == 404
    assert "already answered" in again.text
    order = login(selling_http_site, CARLOS).post("sales_crm.api.quotation.make_sales_order", source_name=name)
    assert order.status_code == 200, order.text


def test_the_customer_declines_with_a_reason(selling_http_site):
    name, url = sent_with_link(login(selling_http_site, ANA))
    customer = guest(selling_http_site)
    assert customer.post(DECLINE, data={"token": token_of(url), "reason": ""}).status_code == 417
    declined = customer.post(DECLINE, data={"token": token_of(url), "reason": "Too expensive for this year."})
    assert declined.status_code == 200, declined.text
    with site_context(selling_http_site):
        doc = lowcode.get_doc("Quotation", name)
        assert (doc.status, [r.lost_reason for r in doc.lost_reasons], doc.lost_detail) == (
            "Lost", ["Declined by the customer"], "Too expensive for this year.")  # fmt: skip
    assert any("Declined online" in c and "Too expensive for this year." in c for c in comments(selling_http_site, name))


def test_a_forged_replaced_revoked_expired_or_cancelled_link_stops_working(selling_http_site):
    ana = login(selling_http_site, ANA)
    customer = guest(selling_http_site)
    name, url = sent_with_link(ana)
    token = token_of(url)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert customer.get(url.replace(token, forged)).status_code == 404
    assert "This link is not valid." in customer.get(url.replace(token, forged)).text

    renewed = ana.post("sales_crm.api.quotation.mark_sent", name=name, acceptance_link=1).json()["message"]["acceptance_url"]
    assert customer.get(url).status_code == 404
    assert customer.get(renewed).status_code == 200
    assert ana.http.get(f"/api/resource/Quotation/{name}").json()["data"]["acceptance_url"] == renewed
    assert ana.post("sales_crm.api.acceptance.revoke_link", name=name).status_code == 200
    assert ana.http.get(f"/api/resource/Quotation/{name}").json()["data"]["acceptance_url"] is None
    revoked = customer.post(ACCEPT, data={"token": token_of(renewed), "customer_name": "Jorge Álvarez"})
    assert revoked.status_code == 404
    assert "replaced or revoked" in revoked.text
    assert login(selling_http_site, LUIS).post("sales_crm.api.acceptance.revoke_link", name=name).status_code == 403

    assert ana.post("sales_crm.api.quotation.send_with_link", name=name, link_days="soon").status_code == 417
    short = ana.post("sales_crm.api.quotation.send_with_link", name=name, link_days=1).json()["message"]["acceptance_url"]
    with site_context(selling_http_site) as ctx:
        lowcode.get_doc("Quotation", name).db_set("acceptance_expires", dt.datetime.now() - dt.timedelta(minutes=1))
        ctx.db.commit()
    expired = customer.get(short)
    assert (expired.status_code, "expired" in expired.text) == (404, True)

    other, link = sent_with_link(ana)
    assert act(ana, other, "Accept").status_code == 200
    assert act(ana, other, "Cancel").status_code == 200
    cancelled = customer.get(link)
    assert (cancelled.status_code, "cancelled" in cancelled.text) == (404, True)
    with site_context(selling_http_site):
        assert lowcode.get_value("Quotation", name, "docstatus") == 0


def test_no_link_for_a_quotation_awaiting_approval(selling_http_site):
    ana, marta = login(selling_http_site, ANA), login(selling_http_site, MARTA)
    doc = new_quotation(ana, LAPTOP_20)
    refused = ana.post("sales_crm.api.quotation.mark_sent", name=doc["name"], acceptance_link=1)
    assert refused.status_code == 417
    assert "a Sales Manager must approve it" in refused.json()["message"]
    assert act(ana, doc["name"], "Request Approval").status_code == 200
    assert act(marta, doc["name"], "Approve").status_code == 200
    answer = ana.post("sales_crm.api.quotation.mark_sent", name=doc["name"], acceptance_link=1)
    assert answer.status_code == 200, answer.text
    accepted = guest(selling_http_site).post(ACCEPT, data={"token": token_of(answer.json()["message"]["acceptance_url"]),
                                                           "customer_name": "Jorge Álvarez"})  # fmt: skip
    assert accepted.status_code == 200, accepted.text
    assert send(ana, doc["name"]).status_code == 417  # accepted: no longer a draft to send
