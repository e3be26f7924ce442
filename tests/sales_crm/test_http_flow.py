"""The whole sale over HTTP, each step as the role that does it, and refused for the wrong one.

Ana (Sales User) works a lead to Qualified and converts it three ways (new customer with a
contact, an existing customer, no customer); moves the opportunity through the stages
(a lost stage needs a reason); quotes with a price list, line discounts, an additional
discount and two taxes (totals by hand below); marks it sent and submits it. Diego
(Accounts User) orders it in full, and a second quotation in two parts. The customer ends
as Customer. Bruno (another Sales User) and the wrong roles get 403; bad steps 417.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.conftest import BACKENDS, require_service
from tests.sales_crm.http_world import ITEM, PRICE_LIST, SERVICE, CrmWorld, served
from tests.site_templates import Recipe, SiteTemplates, unique_site_name

METHOD = "/api/method/"


@pytest.fixture(scope="module", params=BACKENDS)
def crm_http(request: pytest.FixtureRequest, site_templates: SiteTemplates) -> Iterator[CrmWorld]:
    backend = str(request.param)
    if backend != "sqlite":
        require_service(backend)
    site = site_templates.clone(Recipe(backend, ("sales_crm",)), name=unique_site_name("flow"))
    try:
        with served(site) as world:
            yield world
    finally:
        site_templates.drop(site)


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    return body["data"] if "data" in body else body.get("message")


def refused(response: httpx.Response, status: int, text: str = "") -> None:
    assert response.status_code == status, response.text
    assert text in response.json()["message"], response.json()["message"]


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


class Crm:
    """Shortcuts for one user's HTTP client."""

    def __init__(self, client: httpx.Client) -> None:
        self.http = client

    def create(self, doctype: str, **values: Any) -> httpx.Response:
        return self.http.post(f"/api/resource/{doctype}", json=values)

    def get(self, doctype: str, name: str) -> httpx.Response:
        return self.http.get(f"/api/resource/{doctype}/{name}")

    def update(self, doctype: str, name: str, **values: Any) -> httpx.Response:
        return self.http.put(f"/api/resource/{doctype}/{name}", json=values)

    def call(self, method: str, **params: Any) -> httpx.Response:
        return self.http.post(METHOD + method, json=params)

    def accept(self, name: str) -> httpx.Response:
        """A quotation is submitted through the Quotation Approval workflow's 'Accept'."""
        return self.call("frappe.model.workflow.apply_workflow", doc={"doctype": "Quotation", "name": name}, action="Accept")

    def submit(self, doctype: str, name: str) -> httpx.Response:
        return self.call("frappe.client.submit", doc={"doctype": doctype, "name": name})


def _lead(ana: Crm, company: str, first: str) -> str:
    lead = ok(ana.create("Lead", first_name=first, last_name="Prieto", company_name=company, email_id=f"{first.lower()}@flow.example",
                         source="Website", address_line1="Calle Mayor, 1", city="Madrid"))  # fmt: skip
    assert (lead["status"], lead["lifecycle_stage"]) == ("New", "Lead")
    for status in ("Contacted", "Qualified"):
        assert ok(ana.update("Lead", lead["name"], status=status))["status"] == status
    return str(lead["name"])


def test_lead_to_sales_order(crm_http):
    ana, bruno, sofia, diego = (Crm(crm_http.client(k)) for k in ("ana", "bruno", "sofia", "diego"))

    # -- leads: the right role works them, others are refused ------------------------------------
    refused(diego.create("Lead", first_name="X", company_name="X"), 403)
    lead_new = _lead(ana, "Construcciones Prieto S.L.", "Pilar")
    refused(bruno.get("Lead", lead_new), 403)
    refused(bruno.update("Lead", lead_new, status="Unqualified"), 403)
    refused(ana.update("Lead", lead_new, status="Converted"), 417, "use Convert")

    # -- convert: new customer with a contact --------------------------------------------------------
    refused(bruno.call("sales_crm.api.lead.convert_lead", lead=lead_new, customer_choice="new"), 403)
    made = ok(ana.call("sales_crm.api.lead.convert_lead", lead=lead_new, customer_choice="new", create_contact=1,
                       opportunity_values={"expected_revenue": 5000}))  # fmt: skip
    customer, opportunity = made["customer"], made["opportunity"]
    assert customer == "Construcciones Prieto S.L." and made["contact"]
    assert ok(ana.get("Lead", lead_new))["status"] == "Converted"
    refused(ana.call("sales_crm.api.lead.convert_lead", lead=lead_new, customer_choice="new"), 417, opportunity)
    refused(ana.create("Customer", customer_name="Otra S.L."), 403)

    # -- convert: an existing customer (made by the manager), and no customer --------------------------
    existing = ok(sofia.create("Customer", customer_name="Hoteles Alhambra S.A."))["name"]
    lead_existing = _lead(ana, "Hoteles Alhambra S.A.", "Jorge")
    second = ok(ana.call("sales_crm.api.lead.convert_lead", lead=lead_existing, customer_choice="existing", customer=existing))
    assert (second["customer"], second["contact"]) == (existing, None)
    lead_alone = _lead(ana, "Panadería Sol", "Marta")
    third = ok(ana.call("sales_crm.api.lead.convert_lead", lead=lead_alone, customer_choice="none"))
    assert third["customer"] is None
    assert ok(ana.get("Opportunity", third["opportunity"]))["opportunity_from"] == "Lead"

    # -- the opportunity moves through the stages; a lost stage needs a reason --------------------------
    refused(diego.update("Opportunity", opportunity, sales_stage="sales-qualification"), 403)
    for stage, probability in (("sales-qualification", 20), ("sales-decision-makers", 30), ("sales-proposal", 50)):
        moved = ok(ana.update("Opportunity", opportunity, sales_stage=stage))
        assert (moved["sales_stage"], Decimal(str(moved["probability"]))) == (stage, probability)
    refused(ana.update("Opportunity", third["opportunity"], sales_stage="sales-lost"), 417, "lost reason")
    lost = ok(ana.update("Opportunity", third["opportunity"], sales_stage="sales-lost", lost_reasons=[{"lost_reason": "No budget"}]))
    assert (lost["status"], Decimal(str(lost["probability"]))) == ("Lost", 0)

    # -- quotation with a price list, line discounts, an additional discount and two taxes ---------------
    lines = [{"item_code": ITEM, "qty": 3, "discount_percentage": 10}, {"item_code": SERVICE, "qty": 8, "discount_percentage": 5}]
    taxes = [{"description": "IVA 21%", "rate": 21}, {"description": "Recargo de equivalencia 5,2%", "rate": "5.2"}]
    values = {"quotation_to": "Customer", "party_name": customer, "opportunity": opportunity, "selling_price_list": PRICE_LIST,
              "items": lines, "taxes": taxes, "additional_discount_percentage": 5}  # fmt: skip
    refused(diego.create("Quotation", **values), 403)
    quotation = ok(ana.create("Quotation", **values))
    # 480 - 10% = 432.00 x 3 = 1296.00; 75.50 - 5% = 71.725 -> 71.73 x 8 = 573.84; total 1869.84
    # discount 5% = 93.492 -> 93.49; net 1776.35; IVA 21% = 373.0335 -> 373.03; recargo 5.2% = 92.3702 -> 92.37
    # taxes 465.40; grand total 2241.75; rounded 2242 (adjustment 0.25)
    assert [money(r["rate"]) for r in quotation["items"]] == [money("432.00"), money("71.73")]
    expected = {"total": "1869.84", "discount_amount": "93.49", "net_total": "1776.35", "total_taxes_and_charges": "465.40",
                "grand_total": "2241.75", "rounded_total": "2242.00", "rounding_adjustment": "0.25"}  # fmt: skip
    assert {k: money(quotation[k]) for k in expected} == {k: money(v) for k, v in expected.items()}
    assert [money(t["tax_amount"]) for t in quotation["taxes"]] == [money("373.03"), money("92.37")]
    name = quotation["name"]
    refused(bruno.get("Quotation", name), 403)
    assert ok(diego.get("Quotation", name))["grand_total"] == quotation["grand_total"]  # accountants read quotations

    # -- sent, then accepted (submitted) ------------------------------------------------------------------
    refused(diego.call("sales_crm.api.quotation.mark_sent", name=name), 403)
    refused(bruno.call("sales_crm.api.quotation.mark_sent", name=name), 403)
    assert ok(ana.call("sales_crm.api.quotation.mark_sent", name=name))["status"] == "Sent"
    refused(diego.call("sales_crm.api.quotation.make_sales_order", source_name=name), 417, "is a draft")
    refused(ana.submit("Quotation", name), 417, "Accept")  # only through the workflow
    assert ok(ana.accept(name))["status"] == "Accepted"
    refused(ana.call("sales_crm.api.quotation.mark_sent", name=name), 417, "only a draft")

    # -- the accountant orders it in full ------------------------------------------------------------------
    refused(ana.call("sales_crm.api.quotation.make_sales_order", source_name=name), 403)
    order = ok(diego.call("sales_crm.api.quotation.make_sales_order", source_name=name))
    assert money(order["grand_total"]) == money("2241.75") and order["docstatus"] == 0
    assert ok(diego.submit("Sales Order", order["name"]))["status"] == "To Deliver and Bill"
    assert ok(ana.get("Quotation", name))["status"] == "Ordered"
    refused(diego.call("sales_crm.api.quotation.make_sales_order", source_name=name), 417, "nothing left to order")
    assert ok(sofia.get("Customer", customer))["lifecycle_stage"] == "Customer"
    won = ok(ana.get("Opportunity", opportunity))  # the order wins the deal
    assert (won["status"], Decimal(str(won["probability"]))) == ("Won", 100)
    assert [h["stage_name"] for h in won["stage_history"]] == ["New", "Qualification", "Decision Makers", "Proposal", "Won"]

    # -- a second quotation, ordered in two parts ------------------------------------------------------------
    partial = ok(ana.create("Quotation", quotation_to="Customer", party_name=existing, opportunity=second["opportunity"],
                            selling_price_list=PRICE_LIST, items=[{"item_code": ITEM, "qty": 10}], taxes=taxes))  # fmt: skip
    ok(ana.accept(partial["name"]))
    row = partial["items"][0]["name"]
    assert ok(sofia.get("Customer", existing))["lifecycle_stage"] == "Prospect"
    for qty, status in ((4, "Partially Ordered"), (6, "Ordered")):
        part = ok(diego.call("sales_crm.api.quotation.make_sales_order", source_name=partial["name"],
                             items=[{"quotation_item": row, "qty": qty}]))  # fmt: skip
        assert [Decimal(str(i["qty"])) for i in part["items"]] == [qty]
        ok(diego.submit("Sales Order", part["name"]))
        assert ok(ana.get("Quotation", partial["name"]))["status"] == status
    assert ok(sofia.get("Customer", existing))["lifecycle_stage"] == "Customer"

    assert ok(ana.get("Opportunity", second["opportunity"]))["status"] == "Won"
