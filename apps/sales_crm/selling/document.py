"""`SellingDocument`: what Quotation and Sales Order share.

On every save of a draft (and on submit) the server, never the client, sets: the currency
from the price list, each line's price list rate, rate and amount, the tax rows from the
template, every total, and the payment schedule's amounts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lowcode.model.document import Document
from sales_crm.selling import pricing, schedule, taxes, totals
from sales_crm.selling.money import HUNDRED, dec, plain, precision
from sales_crm.selling.problems import Problems, refuse
from sales_crm.selling.settings import selling_settings

TOTAL_FIELDS = (
    "total", "net_total", "discount_amount", "total_taxes_and_charges", "grand_total", "rounding_adjustment", "rounded_total",
)  # fmt: skip


class SellingDocument(Document):
    """Base controller of selling documents (items, taxes, discount, totals, payment schedule)."""

    transaction_date: dt.date
    status: str | None
    currency: str | None
    conversion_rate: Decimal
    selling_price_list: str | None
    items: list[Any]
    total: Decimal
    net_total: Decimal
    apply_discount_on: str | None
    additional_discount_percentage: Decimal
    discount_amount: Decimal
    taxes_and_charges: str | None
    taxes: list[Any]
    total_taxes_and_charges: Decimal
    grand_total: Decimal
    rounding_adjustment: Decimal
    rounded_total: Decimal
    payment_terms_template: str | None
    payment_schedule: list[Any]
    customer_address: str | None
    shipping_address_name: str | None
    terms: str | None
    contact: str | None
    amended_from: str | None

    def before_insert(self) -> None:
        settings = selling_settings()
        if not self.selling_price_list:
            self.selling_price_list = settings.default_price_list
        if not self.payment_terms_template:
            self.payment_terms_template = settings.default_payment_terms_template

    def validate(self) -> None:
        problems = Problems(self)
        self.validate_header(problems)
        pricing.set_currency(self, problems)
        items = pricing.set_line_prices(self, problems)
        taxes.set_taxes(self, items, problems)
        if dec(self.additional_discount_percentage) > HUNDRED:
            problems.add(
                self, "additional_discount_percentage", f"cannot be more than 100% (it is {plain(self.additional_discount_percentage)}%)"
            )
        problems.raise_if_any()
        self.calculate_totals()
        schedule.set_payment_schedule(self, problems)
        problems.raise_if_any()

    def validate_header(self, problems: Problems) -> None:
        """Party, dates and references; each selling doctype checks its own."""

    def places(self) -> totals.Places:
        child = str(self.meta.get_field("items").options)  # type: ignore[union-attr]
        return totals.Places(
            rate=precision(child, "rate"),
            amount=precision(child, "amount"),
            tax=precision("Sales Taxes and Charges", "tax_amount"),
            total=precision(self.doctype, "grand_total"),
        )

    def calculate_totals(self) -> None:
        lines = [
            totals.Line(dec(r.qty), dec(r.price_list_rate), dec(r.discount_percentage), bool(r.get("is_optional"))) for r in self.items
        ]
        tax_rows = [totals.Tax(dec(t.rate), bool(t.included_in_print_rate)) for t in self.taxes]
        try:
            result = totals.compute(
                lines, tax_rows, discount_percentage=dec(self.additional_discount_percentage),
                discount_amount=dec(self.discount_amount), places=self.places(),
            )  # fmt: skip
        except totals.DiscountTooLargeError as exc:
            refuse(self, "discount_amount", f"{exc.discount} is more than the net total {exc.limit} it applies to")
        for row, line in zip(self.items, result.lines, strict=True):
            row.rate, row.amount = line.rate, line.amount
        for row, tax in zip(self.taxes, result.taxes, strict=True):
            row.tax_amount, row.total = tax.tax_amount, tax.total
        for fieldname in TOTAL_FIELDS:
            self.set(fieldname, getattr(result, fieldname))
