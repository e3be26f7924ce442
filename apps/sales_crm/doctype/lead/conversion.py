"""Converting a lead into an opportunity, with a new, an existing or no customer, in one step.

Everything is written in one savepoint: a failure anywhere (a duplicate customer, a
missing permission, a stage rule) leaves no customer, contact, address or opportunity
behind and the lead unconverted. The customer, contact and address are created for the
user without their create rights on those doctypes (sales users only read them); the
opportunity is created with the user's own rights.
"""

from __future__ import annotations

import json
from typing import Any

import lowcode
from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document
from lowcode.perms import check_doc_permission
from lowcode.utils.dates import now

CHOICES = ("new", "existing", "none")
#: opportunity fields the conversion sets itself
PROTECTED = ("opportunity_from", "party_name", "lead", "name", "doctype", "docstatus", "naming_series")


def convert(lead_name: str, customer_choice: str, customer: str | None = None, create_contact: bool = False,
            opportunity_values: dict[str, Any] | str | None = None) -> dict[str, str | None]:  # fmt: skip
    """Convert `lead_name`; returns the names of the opportunity, customer and contact made or used."""
    if customer_choice not in CHOICES:
        raise ValidationError(
            f"Lead '{lead_name}': customer_choice must be one of {', '.join(CHOICES)}, not '{customer_choice}'.",
            doctype="Lead", name=lead_name, fieldname="customer_choice",
        )  # fmt: skip
    with local.db.atomic():
        lead = lowcode.get_doc("Lead", lead_name, for_update=True)
        check_doc_permission(lead, "write")
        if lead.status == "Converted" or lead.opportunity:
            raise ValidationError(
                f"Lead '{lead.name}' was already converted to Opportunity '{lead.opportunity}'"
                f"{' on ' + str(lead.converted_on)[:16] if lead.converted_on else ''}; it cannot be converted twice.",
                doctype="Lead", name=lead.name, opportunity=lead.opportunity,
            )  # fmt: skip
        values = _opportunity_values(lead, opportunity_values)
        party = _customer(lead, customer_choice, customer)
        contact = _contact(lead, party) if create_contact else None
        values.update(opportunity_from="Customer" if party else "Lead", party_name=party or lead.name, lead=lead.name)
        if contact:
            values["contact"] = contact
        opportunity = lowcode.new_doc("Opportunity", **values).insert()
        lead.reload()
        lead.update({"status": "Converted", "customer": party, "contact": opportunity.contact, "opportunity": opportunity.name,
                     "converted_on": now()})  # fmt: skip
        lead.flags.converting = True
        lead.save()
    return {"opportunity": opportunity.name, "customer": party, "contact": opportunity.contact}


def _opportunity_values(lead: Document, given: dict[str, Any] | str | None) -> dict[str, Any]:
    if isinstance(given, str):
        try:
            given = json.loads(given) if given.strip() else None
        except ValueError as exc:
            raise ValidationError(
                f"Lead '{lead.name}': opportunity_values must be a JSON object ({exc}).", doctype="Lead", name=lead.name
            ) from exc
    if given is not None and not isinstance(given, dict):
        raise ValidationError(f"Lead '{lead.name}': opportunity_values must be an object of field values.", doctype="Lead", name=lead.name)
    given = given or {}
    refused = [key for key in given if key in PROTECTED]
    if refused:
        raise ValidationError(
            f"Lead '{lead.name}': the conversion sets {', '.join(refused)} itself; leave them out of opportunity_values.",
            doctype="Lead", name=lead.name, fields=refused,
        )  # fmt: skip
    values: dict[str, Any] = {
        "source": lead.source, "campaign": lead.campaign, "sales_person": lead.lead_owner, "priority": lead.priority,
        "tags": [{"tag": row.tag} for row in lead.tags],
    }  # fmt: skip
    values.update(given)
    return values


def _customer(lead: Document, choice: str, customer: str | None) -> str | None:
    if choice == "none":
        return None
    if choice == "existing":
        if not customer:
            raise ValidationError(
                f"Lead '{lead.name}': choose the customer to link the opportunity to.", doctype="Lead", name=lead.name, fieldname="customer"
            )
        if not lowcode.exists("Customer", customer):
            raise ValidationError(
                f"Lead '{lead.name}': Customer '{customer}' does not exist.", doctype="Lead", name=lead.name, fieldname="customer"
            )
        check_doc_permission(lowcode.get_doc("Customer", customer), "read")
        return customer
    name = lead.company_name or lead.lead_name
    if lowcode.exists("Customer", name):
        raise ValidationError(
            f"Lead '{lead.name}': a customer named '{name}' already exists; link it instead (customer_choice 'existing').",
            doctype="Lead", name=lead.name, fieldname="customer", existing=name,
        )  # fmt: skip
    doc = lowcode.new_doc(
        "Customer", customer_name=name, customer_type="Company" if lead.company_name else "Individual",
        territory=lead.territory, industry=lead.industry, website=lead.website, lead=lead.name,
        tags=[{"tag": row.tag} for row in lead.tags],
    )  # fmt: skip
    doc.flags.initial_lifecycle_stage = lead.lifecycle_stage
    doc.insert(ignore_permissions=True)
    if lead.address_line1 and lead.city:
        _address(lead, doc.name)
    return doc.name


def _address(lead: Document, customer: str) -> None:
    lowcode.new_doc(
        "Address", address_title=customer, address_type="Billing", address_line1=lead.address_line1,
        address_line2=lead.address_line2, city=lead.city, state=lead.state, postal_code=lead.postal_code,
        country=lead.country, email_id=lead.email_id, phone=lead.phone, is_primary_address=1,
        links=[{"link_doctype": "Customer", "link_name": customer}, {"link_doctype": "Lead", "link_name": lead.name}],
    ).insert(ignore_permissions=True)  # fmt: skip


def _contact(lead: Document, customer: str | None) -> str:
    if not lead.first_name:
        raise ValidationError(
            f"Lead '{lead.name}' has no person's first name, so no contact can be made; add it to the lead or convert without a contact.",
            doctype="Lead", name=lead.name, fieldname="first_name",
        )  # fmt: skip
    links = [{"link_doctype": "Customer", "link_name": customer}] if customer else []
    links.append({"link_doctype": "Lead", "link_name": lead.name})
    contact = lowcode.new_doc(
        "Contact", first_name=lead.first_name, last_name=lead.last_name, is_primary_contact=1, links=links,
        email_ids=[{"email_id": lead.email_id, "is_primary": 1}] if lead.email_id else [],
        phone_nos=[{"phone": number} for number in (lead.phone, lead.mobile_no) if number],
    ).insert(ignore_permissions=True)  # fmt: skip
    return contact.name
