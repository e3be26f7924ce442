"""A quotation's status follows its life, is kept by the server, and only actions set Sent and Lost."""

from __future__ import annotations

import pytest
from sales_crm.api.quotation import declare_lost, mark_sent
from sales_crm.selling.quotation_status import expire_quotations

import lowcode
from lowcode.exceptions import ValidationError
from lowcode.notifications.scheduled import run_date_notifications
from tests.sales_crm.selling.world import accept, cancel, days, quotation

LINE = [{"item_code": "LAPTOP", "qty": 1}]


def status(name: str) -> str:
    return str(lowcode.get_value("Quotation", name, "status"))


def test_draft_sent_accepted_cancelled(world):
    doc = quotation(LINE)
    assert status(doc.name) == "Draft"
    assert mark_sent(doc.name)["status"] == "Sent"
    doc = lowcode.get_doc("Quotation", doc.name)
    doc.terms = "Prices include installation."
    doc.save()
    assert status(doc.name) == "Sent"
    doc = accept(doc)
    assert status(doc.name) == "Accepted"
    cancel(doc)
    assert status(doc.name) == "Cancelled"


def test_the_status_sent_by_a_client_is_ignored(world):
    doc = quotation(LINE, status="Ordered")
    assert status(doc.name) == "Draft"
    doc.status = "Lost"
    doc.save()
    assert status(doc.name) == "Draft"
    doc = accept(doc)
    doc.status = "Ordered"
    doc.save()
    assert status(doc.name) == "Accepted"


def test_only_a_draft_is_marked_as_sent(world):
    doc = quotation(LINE, submit=True)
    with pytest.raises(ValidationError, match=r"Status is Accepted; only a draft quotation can be marked as sent"):
        mark_sent(doc.name)


def test_valid_till_defaults_to_30_days_and_cannot_precede_the_date(world):
    assert quotation(LINE).valid_till == days(30)
    assert quotation(LINE, transaction_date=days(-3)).valid_till == days(27)
    with pytest.raises(ValidationError, match=r"Valid Till .* is before the quotation date"):
        quotation(LINE, valid_till=days(-1))


def test_valid_till_follows_the_crm_settings_validity(world):
    settings = lowcode.get_doc("CRM Settings")
    settings.quotation_validity_days = 45
    settings.save()
    assert quotation(LINE).valid_till == days(45)
    assert quotation(LINE, valid_till=days(10)).valid_till == days(10)  # a date given is kept
    settings.quotation_validity_days = 0
    settings.save()
    assert quotation(LINE).valid_till == days(0)


def test_an_accepted_quotation_expires_after_its_valid_till(world):
    doc = quotation(LINE, valid_till=days(0), submit=True)
    expire_quotations()
    assert status(doc.name) == "Accepted"
    doc.db_set("valid_till", days(-1))
    expire_quotations()
    assert status(doc.name) == "Expired"


def test_a_quotation_past_its_valid_till_cannot_be_submitted(world):
    doc = quotation(LINE, transaction_date=days(-40), valid_till=days(-10))
    with pytest.raises(ValidationError, match=r"Valid Till .* has passed; extend it before submitting"):
        accept(doc)
    assert lowcode.get_value("Quotation", doc.name, "docstatus") == 0


def test_declare_lost_records_the_reasons_on_a_submitted_quotation(world):
    doc = quotation(LINE, submit=True)
    answer = declare_lost(doc.name, '[{"lost_reason": "Price"}, {"lost_reason": "Competitor"}]', "Cheaper offer from a rival")
    assert answer["status"] == "Lost"
    doc = lowcode.get_doc("Quotation", doc.name)
    assert [r.lost_reason for r in doc.lost_reasons] == ["Price", "Competitor"]
    assert (doc.status, doc.lost_detail, doc.docstatus) == ("Lost", "Cheaper offer from a rival", 1)


def test_a_lost_draft_stays_lost_and_cannot_be_submitted(world):
    doc = quotation(LINE)
    declare_lost(doc.name, ["Price"])
    doc = lowcode.get_doc("Quotation", doc.name)
    doc.save()
    assert status(doc.name) == "Lost"
    with pytest.raises(ValidationError, match="Status is Lost; a lost quotation cannot be submitted"):
        accept(doc)


@pytest.mark.parametrize(
    ("reasons", "message"),
    [([], "Lost Reasons needs at least one reason"), (["Price", "Weather"], "Lost Reasons names reasons that do not exist: Weather")],
)
def test_declare_lost_needs_known_reasons(world, reasons, message):
    doc = quotation(LINE, submit=True)
    with pytest.raises(ValidationError, match=message):
        declare_lost(doc.name, reasons)
    assert status(doc.name) == "Accepted"
    assert lowcode.get_doc("Quotation", doc.name).lost_reasons == []


def test_a_cancelled_quotation_cannot_be_declared_lost(world):
    doc = cancel(quotation(LINE, submit=True))
    with pytest.raises(ValidationError, match="Status is Cancelled; it cannot be declared lost"):
        declare_lost(doc.name, ["Price"])


def test_quotations_still_open_three_days_before_valid_till_are_announced(world):
    draft, sent, accepted = (quotation(LINE, valid_till=days(3)) for _ in range(3))
    mark_sent(sent.name)
    accept(lowcode.get_doc("Quotation", accepted.name))
    ordered_later = quotation(LINE, valid_till=days(4))
    lost = quotation(LINE, valid_till=days(3))
    declare_lost(lost.name, ["Price"])
    run_date_notifications()
    announced = set(lowcode.get_all("Notification Log", filters={"document_type": "Quotation"}, pluck="document_name"))
    assert announced == {draft.name, sent.name, accepted.name}
    emailed = set(lowcode.get_all("Email Queue", filters={"reference_doctype": "Quotation"}, pluck="reference_name"))
    assert emailed == announced and ordered_later.name not in emailed
