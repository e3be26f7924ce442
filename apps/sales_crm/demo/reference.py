"""The demo's small, slow-changing records, inserted as normal documents (controllers run).

Users with roles, territories, sales teams with leaders and members, the catalogue
(items, price lists and prices, tax and payment terms templates), campaigns,
competitors, tags, settings and sales targets.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import lowcode
from sales_crm.demo import spanish
from sales_crm.demo.people import People, Place, ascii_slug, places

MAIL_DOMAIN = "demo-ventas.example"
ROOT_TERRITORY = "All Territories"


@dataclass
class Seller:
    """A sales person of a team, with the user they log in as."""

    person: str
    user: str
    team: str
    places: list[Place]


@dataclass
class Reference:
    """Names the bulk part of the generator draws from."""

    sellers: list[Seller] = field(default_factory=list)
    leaders: dict[str, str] = field(default_factory=dict)
    managers: list[str] = field(default_factory=list)
    accountants: list[str] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    lost_reasons: list[str] = field(default_factory=list)
    activity_types: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)
    competitors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def insert(doctype: str, **values: Any) -> str:
    return lowcode.new_doc(doctype, **values).insert().name


def _user(people: People, roles: list[str], password: str | None) -> str:
    first, last = people.person()
    email = f"{ascii_slug(first + ' ' + last.split()[0])}@{MAIL_DOMAIN}"
    while lowcode.exists("User", email):
        email = email.replace("@", f"{people.rng.randint(2, 99)}@", 1)
    values: dict[str, Any] = {"email": email, "first_name": first, "last_name": last, "roles": [{"role": r} for r in roles]}
    if password:
        values["new_password"] = password
    return insert("User", **values)


def team_count(size: int) -> int:
    return min(len(spanish.TEAMS), 3 + size // 50_000)


def members_per_team(size: int) -> int:
    return min(10, 3 + size // 100_000)


def build_reference(rng: random.Random, size: int, today: dt.date, password: str | None = None) -> Reference:
    """Insert every reference record for a data set of `size` opportunities."""
    people = People(rng)
    ref = Reference()
    _territories()
    for name in list(spanish.TEAMS)[: team_count(size)]:
        leader = _user(people, ["Sales User", "Sales Team Leader"], password)
        ref.leaders[name] = leader
        members = [leader] + [_user(people, ["Sales User"], password) for _ in range(members_per_team(size))]
        team_places = [p for region in spanish.TEAMS[name] for p in places(region)]
        persons = [insert("Sales Person", sales_person_name=lowcode.get_value("User", u, "full_name") or u, user=u,
                          territory=team_places[i % len(team_places)].region) for i, u in enumerate(members)]  # fmt: skip
        insert("Sales Team", team_name=name, leader=leader, email_alias=f"ventas.{ascii_slug(name)}@{MAIL_DOMAIN}",
               monthly_target=rng.choice([40_000, 60_000, 80_000, 120_000]) * len(members), default_pipeline="Sales",
               members=[{"sales_person": p} for p in persons])  # fmt: skip
        ref.sellers += [Seller(p, u, name, team_places) for p, u in zip(persons, members, strict=True)]
    ref.managers = [_user(people, ["Sales Manager"], password) for _ in range(2)]
    ref.accountants = [_user(people, ["Accounts User"], password) for _ in range(2)]
    _catalogue()
    ref.campaigns = [insert("Campaign", campaign_name=n, description=d) for n, d in spanish.CAMPAIGNS]
    ref.competitors = [insert("Competitor", competitor_name=n) for n in spanish.COMPETITORS]
    ref.tags = [n if lowcode.exists("Tag", n) else insert("Tag", tag_name=n, color=c) for n, c in spanish.TAGS]
    _settings()
    _targets(ref, rng, today)
    ref.stages = lowcode.get_all("Sales Stage", filters={"pipeline": "Sales"}, order_by="stage_order asc",
                                 fields=["name", "stage_name", "probability", "is_won", "is_lost"])  # fmt: skip
    ref.sources = lowcode.get_all("Lead Source", pluck="name", order_by="name asc")
    ref.industries = lowcode.get_all("Industry", pluck="name", order_by="name asc")
    ref.lost_reasons = lowcode.get_all("Lost Reason", pluck="name", order_by="name asc")
    ref.activity_types = lowcode.get_all("Activity Type", pluck="name", order_by="name asc")
    return ref


def _territories() -> None:
    countries = {country for country, _cities in spanish.REGIONS.values()}
    for country in sorted(countries):
        if not lowcode.exists("Territory", country):
            insert("Territory", territory_name=country, parent_territory=ROOT_TERRITORY)
    for region, (country, _cities) in spanish.REGIONS.items():
        if not lowcode.exists("Territory", region):
            insert("Territory", territory_name=region, parent_territory=country)


def _catalogue() -> None:
    for title, rows in spanish.TAX_TEMPLATES:
        insert("Sales Tax Template", title=title,
               taxes=[{"description": d, "rate": r, "included_in_print_rate": i} for d, r, i in rows])  # fmt: skip
    for name, rows in spanish.PAYMENT_TERMS:
        insert("Payment Terms Template", template_name=name,
               terms=[{"description": d, "invoice_portion": p, "credit_days": c} for d, p, c in rows])  # fmt: skip
    for code, (item_name, uom, rate, description) in spanish.ITEMS.items():
        insert("Item", item_code=code, item_name=item_name, uom=uom, standard_rate=rate, description=description, tax_template="IVA 21%")
    for list_name, currency, factor in spanish.PRICE_LISTS:
        insert("Price List", price_list_name=list_name, currency=currency, selling=1)
        for code, (_n, _u, rate, _d) in spanish.ITEMS.items():
            insert("Item Price", item_code=code, price_list=list_name, price_list_rate=round(rate * factor, 2))
            if _u == "Unidad" and rate < 1000:  # volume price from 10 units
                insert("Item Price", item_code=code, price_list=list_name, price_list_rate=round(rate * factor * 0.9, 2), min_qty=10)


def _settings() -> None:
    crm = lowcode.get_doc("CRM Settings")
    crm.update({"default_currency": "EUR", "quotation_validity_days": 30})
    crm.save()
    selling = lowcode.get_doc("Selling Settings")
    selling.update({"default_price_list": "Tarifa General", "default_payment_terms_template": "30 días"})
    selling.save()


def _targets(ref: Reference, rng: random.Random, today: dt.date) -> None:
    """Monthly targets for every sales person (6 months back, 6 ahead) and quarterly team targets."""
    first = today.replace(day=1)
    months = [_add_months(first, n) for n in range(-6, 7)]
    for seller in ref.sellers:
        base = rng.choice([15_000, 20_000, 25_000, 30_000])
        for start in months:
            insert("Sales Target", sales_person=seller.person, period="Month", period_start=start, target_amount=base)
    quarter = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    for team in ref.leaders:
        for n in (-3, 0, 3):
            insert("Sales Target", sales_team=team, period="Quarter", period_start=_add_months(quarter, n),
                   target_amount=rng.choice([150_000, 200_000, 300_000]))  # fmt: skip


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1)
