"""Lead methods: conversion into an opportunity."""

from __future__ import annotations

from typing import Any

from lowcode.web.whitelist import whitelist
from sales_crm.doctype.lead.conversion import convert

TRUE = {"1", "true", "yes", "on"}


@whitelist(methods=("POST",))
def convert_lead(lead: str, customer_choice: str, customer: str | None = None, create_contact: bool | str = False,
                 opportunity_values: dict[str, Any] | str | None = None) -> dict[str, str | None]:  # fmt: skip
    """Convert a lead: customer_choice is new, existing (with `customer`) or none; returns the names made or used."""
    wants_contact = create_contact if isinstance(create_contact, bool) else str(create_contact).strip().lower() in TRUE
    return convert(lead, customer_choice, customer, wants_contact, opportunity_values)
