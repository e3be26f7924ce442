"""Emailing a quotation: its PDF attached, a draft becomes Sent, the email on the quotation's and the customer's
timelines, delivered to a real SMTP server on loopback; bad requests change nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from email.header import decode_header, make_header

import pytest
from pypdf import PdfReader
from sales_crm.api.quotation import declare_lost, send_by_email

import lowcode
from lowcode.context import acting_as, site_context
from lowcode.docinfo import linked_emails
from lowcode.exceptions import ValidationError
from lowcode.sites import Site
from tests.platform.smtp_inbox import add_email_account, smtp_inbox  # noqa: F401 - the fixture
from tests.sales_crm.selling.world import ACME, ANA, LUIS, build_world, quotation

LINE = [{"item_code": "LAPTOP", "qty": 2}]


@pytest.fixture
def selling(crm_site: Site) -> Iterator[Site]:
    """The selling world, committed, with a primary contact for Acme Ibérica."""
    with site_context(crm_site) as local:
        build_world()
        lowcode.new_doc("Contact", first_name="Marta", last_name="Ruiz", is_primary_contact=1,
                        email_ids=[{"email_id": "marta@acme.example", "is_primary": 1}],
                        links=[{"link_doctype": "Customer", "link_name": ACME}]).insert()  # fmt: skip
        local.db.commit()
    yield crm_site


def test_a_quotation_is_emailed_with_its_pdf_and_shows_on_both_timelines(selling, smtp_inbox):  # noqa: F811 - the fixture
    with site_context(selling) as local:
        add_email_account(smtp_inbox.port)
        doc = quotation(LINE)
        answer = send_by_email(doc.name, lang="es")
        assert answer["status"] == "Sent" and answer["email_queue"]
        local.db.commit()
    [mail] = smtp_inbox.wait_for(1)
    assert mail["To"] == "marta@acme.example"
    assert str(make_header(decode_header(mail["Subject"]))) == f"Presupuesto {doc.name}"
    body = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert f"Le adjuntamos nuestro presupuesto {doc.name}, por un total de" in body and "válido hasta el" in body
    [pdf] = [p for p in mail.walk() if p.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == f"{doc.name}.pdf"
    text = PdfReader(io.BytesIO(pdf.get_payload(decode=True))).pages[0].extract_text()
    assert "Presupuesto" in text and doc.name in text and "Portátil 14" in text
    with site_context(selling):
        about_quotation = linked_emails("Quotation", doc.name, 10)
        assert [e["status"] for e in about_quotation] == ["Sent"]
        assert linked_emails("Customer", ACME, 10) == about_quotation
        assert lowcode.get_value("Quotation", doc.name, "status") == "Sent"


def test_recipients_subject_and_message_given_by_the_user(selling, smtp_inbox):  # noqa: F811 - the fixture
    with site_context(selling) as local:
        add_email_account(smtp_inbox.port)
        doc = quotation(LINE)
        send_by_email(doc.name, recipients="compras@acme.example, Jefa <jefa@acme.example>", subject="Nuestra\r\noferta",
                      message="<p>Hola, aquí va.</p>", lang="en")  # fmt: skip
        local.db.commit()
    [mail] = smtp_inbox.wait_for(1)
    assert (mail["To"], mail["Subject"]) == ("compras@acme.example, jefa@acme.example", "Nuestra oferta")
    assert "Hola, aquí va." in next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()


def test_bad_requests_change_nothing(selling):
    with site_context(selling):
        doc = quotation(LINE)
        with pytest.raises(ValidationError, match="not an email address: compras-at-acme"):
            send_by_email(doc.name, recipients="compras-at-acme")
        [lead] = lowcode.get_all("Lead", filters={"first_name": "Lucía"}, pluck="name")  # she left no email
        for_lead = quotation(LINE, quotation_to="Lead", party_name=lead)
        with pytest.raises(ValidationError, match="nobody to send it to; give the recipients, or an email to its contact or lead"):
            send_by_email(for_lead.name)
        lost = quotation(LINE)
        declare_lost(lost.name, ["Price"])
        with pytest.raises(ValidationError, match="is Lost; only a draft, sent or accepted quotation can be emailed"):
            send_by_email(lost.name, recipients="compras@acme.example")
        assert {lowcode.get_value("Quotation", q.name, "status") for q in (doc, for_lead)} == {"Draft"}
        assert lowcode.get_all("Email Queue", filters={"reference_doctype": "Quotation"}) == []


def test_the_customers_timeline_shows_only_the_emails_of_quotations_the_user_may_read(selling, smtp_inbox):  # noqa: F811
    with site_context(selling) as local:
        add_email_account(smtp_inbox.port)
        with acting_as(ANA):
            anas = quotation(LINE)
            send_by_email(anas.name)
        with acting_as(LUIS):
            luis = quotation(LINE)
            send_by_email(luis.name)
            assert {e["reference_name"] for e in linked_emails("Customer", ACME, 10)} == {luis.name}
        assert {e["reference_name"] for e in linked_emails("Customer", ACME, 10)} == {anas.name, luis.name}
        local.db.rollback()
