"""Demo quotations and sales orders, made the way users make them: as the seller, then as the accountant.

They go through the normal document path (prices, taxes, totals, statuses, lifecycle
hooks, permissions of the acting user), so their count is capped: every deal in a late
stage gets one, up to `limit`. The quotation's state follows its deal's stage.
"""

from __future__ import annotations

import datetime as dt
import random

import lowcode
from lowcode.context import acting_as
from lowcode.model.document import Document
from lowcode.workflow.definition import get_workflow
from lowcode.workflow.engine import apply_workflow
from sales_crm.demo import spanish
from sales_crm.demo.opportunities import Made
from sales_crm.demo.parties import Progress
from sales_crm.demo.reference import Reference
from sales_crm.selling.ordering import make_sales_order

TAXES = {"EUR": ["IVA 21%", "IVA 21%", "IVA 10%", "IVA 21% + Recargo 5,2%"], "MXN": ["IVA 16% México"]}
PRICE_LIST = {"EUR": ["Tarifa General", "Tarifa General", "Tarifa Distribuidores"], "MXN": ["Lista de Precios México"]}


def accept(quotation: Document) -> Document:
    """Submit as users do: the Quotation workflow's 'Accept' when a workflow is active."""
    return apply_workflow(quotation, "Accept") if get_workflow("Quotation") else quotation.submit()


def make_quotations(rng: random.Random, ref: Reference, made: Made, today: dt.date, progress: Progress) -> dict[str, int]:
    counts = {"quotations": 0, "sales_orders": 0}
    for opportunity, party_type, party, seller, stage in made.quotable:
        currency = "MXN" if seller.team == "México" else "EUR"
        with acting_as(seller.user):
            quotation = lowcode.new_doc(
                "Quotation", quotation_to=party_type, party_name=party, opportunity=opportunity, sales_person=seller.person,
                transaction_date=today - dt.timedelta(days=rng.randint(0, 20)), selling_price_list=rng.choice(PRICE_LIST[currency]),
                taxes_and_charges=rng.choice(TAXES[currency]), payment_terms_template=rng.choice([p for p, _r in spanish.PAYMENT_TERMS]),
                additional_discount_percentage=rng.choice((0, 0, 0, 5, 10)),
                items=[{"item_code": code, "qty": rng.choice((1, 2, 3, 5, 10, 12)), "discount_percentage": rng.choice((0, 0, 5, 10, 15))}
                       for code in rng.sample(list(spanish.ITEMS), rng.randint(1, 4))],
                terms="Oferta válida según la fecha indicada. Precios sin impuestos salvo indicación.",
            ).insert()  # fmt: skip
            counts["quotations"] += 1
            if stage == "Proposal" and rng.random() < 0.15:
                quotation.declare_lost([rng.choice(ref.lost_reasons)], rng.choice(spanish.LOST_DETAILS))
            elif stage in ("Negotiation", "Commit", "Won"):
                quotation.mark_sent()
                if stage != "Negotiation":
                    accept(quotation)
        if stage == "Won" and (party_type == "Customer" or lowcode.get_value("Lead", party, "customer")):
            counts["sales_orders"] += _order(rng, ref, quotation.name)
        progress(1)
    return counts


def _order(rng: random.Random, ref: Reference, quotation: str) -> int:
    """The accountant orders everything at once, or a part now and maybe the rest later."""
    with acting_as(rng.choice(ref.accountants)):
        if rng.random() < 0.7:
            make_sales_order(quotation).submit()
            return 1
        lines = lowcode.get_doc("Quotation", quotation).items
        parts = [{"quotation_item": row.name, "qty": max(1, int(row.qty) // 2)} for row in lines if not row.is_optional and row.qty > 1]
        if not parts:
            make_sales_order(quotation).submit()
            return 1
        make_sales_order(quotation, parts).submit()
        if rng.random() < 0.5:
            make_sales_order(quotation).submit()
            return 2
        return 1
