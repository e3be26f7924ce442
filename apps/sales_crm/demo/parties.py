"""Demo customers (with their contact and billing address) and open leads, written in bulk.

Values the controllers would derive (titles, primary e-mail and phone, link titles) are
computed here, the same way, because bulk inserts run no controllers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lowcode.model.bulk import insert_many
from sales_crm.demo import spanish
from sales_crm.demo.people import People, Place, same_name_key
from sales_crm.demo.reference import Reference, Seller

#: status of the leads that were not converted, and how often
OPEN_LEAD_STATUSES = (("New", 35), ("Contacted", 30), ("Qualified", 20), ("Unqualified", 15))
Progress = Callable[[int], None]


@dataclass
class Customers:
    """The customers made, per team: name, primary contact, seller, place (parallel lists)."""

    by_team: dict[str, list[int]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    sellers: list[Seller] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    #: 0 Lead, 1 Prospect, 2 Customer (raised by opportunities and orders)
    stages: bytearray = field(default_factory=bytearray)


def moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A time in office hours on `day`."""
    return dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.choice((0, 15, 30, 45)), rng.randint(0, 59)))


def make_customers(rng: random.Random, ref: Reference, count: int, today: dt.date, progress: Progress) -> Customers:
    people = People(rng)
    out = Customers()
    rows: list[dict[str, Any]] = []
    for index in range(count):
        seller = ref.sellers[index % len(ref.sellers)]
        place = rng.choice(seller.places)
        company = rng.random() < 0.9
        first, last = people.person()
        name = people.company(place) if company else people.unique(f"{first} {last}")
        email = people.email(first, last, name if company else None)
        rows.append({
            "customer_name": name, "customer_type": "Company" if company else "Individual", "territory": place.region,
            "industry": rng.choice(ref.industries) if company else None, "website": people.website(name) if company else None,
            "tax_id": people.tax_id(place), "account_manager": seller.user, "lifecycle_stage": "Lead",
            "tags": [{"tag": rng.choice(ref.tags)}] if rng.random() < 0.1 else [],
            "owner": seller.user, "creation": moment(rng, today - dt.timedelta(days=rng.randint(200, 900))),
            "__contact": (first, last, email, people.phone(place), people.phone(place, mobile=True)), "__address": people.street(place),
        })  # fmt: skip
        out.by_team.setdefault(seller.team, []).append(index)
        out.sellers.append(seller)
        out.places.append(place)
    contacts = [row.pop("__contact") for row in rows]
    streets = [row.pop("__address") for row in rows]
    out.names = insert_many("Customer", rows, on_batch=progress)
    out.stages = bytearray(len(out.names))
    out.contacts = insert_many("Contact", _contacts(out, contacts, rows))
    out.emails = [c[2] for c in contacts]
    insert_many("Address", _addresses(out, streets, rows))
    return out


def _contacts(out: Customers, contacts: list[tuple[str, ...]], rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One primary contact per customer, named by full name (`-2`… when taken, like the controller; 'Núria' takes 'Nuria' on MariaDB)."""
    taken: dict[str, int] = {}
    for customer, (first, last, email, phone, mobile), row in zip(out.names, contacts, rows, strict=True):
        full = f"{first} {last}"
        seen = taken[same_name_key(full)] = taken.get(same_name_key(full), 0) + 1
        yield {
            "name": full if seen == 1 else f"{full}-{seen}", "__keep_name": True, "first_name": first, "last_name": last,
            "full_name": full, "email_id": email, "phone": phone, "is_primary_contact": 1, "job_title": "Gerente" if row["website"] else None,
            "email_ids": [{"email_id": email, "is_primary": 1}], "phone_nos": [{"phone": phone, "is_primary": 1}, {"phone": mobile}],
            "links": [{"link_doctype": "Customer", "link_name": customer, "link_title": customer}],
            "owner": row["owner"], "creation": row["creation"],
        }  # fmt: skip


def _addresses(out: Customers, streets: list[tuple[str, str]], rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for customer, place, (line, postal), row in zip(out.names, out.places, streets, rows, strict=True):
        yield {
            "name": f"{customer}-Billing", "__keep_name": True, "address_title": customer, "address_type": "Billing",
            "address_line1": line, "city": place.city, "state": place.state, "postal_code": postal, "country": place.country,
            "is_primary_address": 1, "links": [{"link_doctype": "Customer", "link_name": customer, "link_title": customer}],
            "owner": row["owner"], "creation": row["creation"],
        }  # fmt: skip


def lead_values(rng: random.Random, people: People, ref: Reference, seller: Seller, status: str, created: dt.datetime) -> dict[str, Any]:
    """A lead of `seller` with contact data, origin and status (owner and team as the controller sets them)."""
    place = rng.choice(seller.places)
    first, last = people.person()
    company = people.company(place) if rng.random() < 0.85 else None
    line, postal = people.street(place)
    return {
        "first_name": first, "last_name": last, "lead_name": f"{first} {last}", "company_name": company,
        "email_id": people.email(first, last, company), "phone": people.phone(place), "mobile_no": people.phone(place, mobile=True),
        "website": people.website(company) if company and rng.random() < 0.6 else None, "language": "es",
        "address_line1": line, "city": place.city, "state": place.state, "postal_code": postal, "country": place.country,
        "source": rng.choice(ref.sources), "campaign": rng.choice(ref.campaigns) if rng.random() < 0.3 else None,
        "territory": place.region, "industry": rng.choice(ref.industries) if company else None, "status": status,
        "priority": rng.choice((0, 1, 1, 2, 2, 3)), "lead_owner": seller.person, "sales_team": seller.team, "lead_owner_user": seller.user,
        "lifecycle_stage": "Lead", "notes": rng.choice(spanish.LEAD_NOTES) or None,
        "tags": [{"tag": rng.choice(ref.tags)}] if rng.random() < 0.08 else [],
        "owner": seller.user, "creation": created,
    }  # fmt: skip


def make_open_leads(rng: random.Random, ref: Reference, count: int, today: dt.date, progress: Progress) -> list[str]:
    """Leads not (yet) converted, in every status but Converted."""
    people = People(rng)
    statuses = [s for s, _w in OPEN_LEAD_STATUSES]
    weights = [w for _s, w in OPEN_LEAD_STATUSES]

    def rows() -> Iterator[dict[str, Any]]:
        for _ in range(count):
            created = moment(rng, today - dt.timedelta(days=int(rng.triangular(0, 365, 10))))
            yield lead_values(rng, people, ref, rng.choice(ref.sellers), rng.choices(statuses, weights)[0], created)

    return insert_many("Lead", rows(), on_batch=progress)
