"""Demo opportunities with their stage history, the leads they came from, and activities, in bulk.

Opportunities are made in chunks, so a million of them never sit in memory at once. Each
chunk writes its converted leads, then the opportunities, then their activities, then
the back-links (lead -> opportunity, opportunity -> next activity). The values the
controllers would compute — title, probability, weighted amount, status, closed on,
stage history, sales person's user and team — are computed here by the same rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lowcode.meta.fieldtypes import round_decimal
from lowcode.model.bulk import insert_many, set_values
from sales_crm.demo import spanish
from sales_crm.demo.parties import Customers, Progress, lead_values, moment
from sales_crm.demo.people import People
from sales_crm.demo.reference import Reference, Seller

CHUNK = 2_000
#: share of opportunities ending in each stage order (1..6 open, 7 won, 8 lost)
STAGE_WEIGHTS = (15, 13, 11, 12, 9, 6, 18, 16)
#: how an opportunity started: on a customer, from a lead converted into a customer, from a lead kept as the party
ORIGINS = (("customer", 55), ("lead+customer", 25), ("lead", 20))
ONE_DAY = dt.timedelta(days=1)


@dataclass
class Made:
    """What the opportunities step made (names of quotable deals are kept for the selling step)."""

    opportunities: int = 0
    leads: int = 0
    activities: int = 0
    #: (opportunity, party type, party, seller, stage name) of deals in Proposal, Negotiation, Commit or Won
    quotable: list[tuple[str, str, str, Seller, str]] = field(default_factory=list)


def make_opportunities(rng: random.Random, ref: Reference, customers: Customers, size: int, today: dt.date,
                       progress: Progress, keep_quotable: int) -> Made:  # fmt: skip
    made = Made()
    people = People(rng)
    now = dt.datetime.combine(today, dt.time(8, 0))
    for start in range(0, size, CHUNK):
        plans = [_plan(rng, ref, customers, now) for _ in range(min(CHUNK, size - start))]
        _write_chunk(rng, people, ref, customers, plans, today, made)
        for plan in plans:
            stage = plan["stage"]
            if len(made.quotable) < keep_quotable and stage["stage_name"] in ("Proposal", "Negotiation", "Commit", "Won"):
                made.quotable.append((plan["name"], plan["row"]["opportunity_from"], plan["row"]["party_name"], plan["seller"],
                                      stage["stage_name"]))  # fmt: skip
        progress(len(plans))
    return made


def _plan(rng: random.Random, ref: Reference, customers: Customers, now: dt.datetime) -> dict[str, Any]:
    """Who, where it started, the stages it went through and when."""
    origin = rng.choices([o for o, _w in ORIGINS], [w for _o, w in ORIGINS])[0]
    team = rng.choice(list(customers.by_team))
    customer = rng.choice(customers.by_team[team])
    seller = customers.sellers[customer] if rng.random() < 0.7 else rng.choice([s for s in ref.sellers if s.team == team])
    final = rng.choices(ref.stages, STAGE_WEIGHTS)[0]
    created = now - dt.timedelta(days=rng.triangular(1, 540, 60), hours=rng.randint(0, 9))
    return {"origin": origin, "customer": customer, "seller": seller, "stage": final, "created": created,
            "history": _history(rng, ref, final, created, now)}  # fmt: skip


def _history(rng: random.Random, ref: Reference, final: dict[str, Any], created: dt.datetime, now: dt.datetime) -> list[dict[str, Any]]:
    """Stages entered, in order, each with its entry time; the last is the current stage."""
    open_stages = [s for s in ref.stages if not (s["is_won"] or s["is_lost"])]
    if final["is_won"]:
        path = [s for i, s in enumerate(open_stages) if i == 0 or rng.random() < 0.8] + [final]
    elif final["is_lost"]:
        path = [*open_stages[: rng.randint(1, len(open_stages))], final]
    else:
        reached = open_stages.index(final)
        path = [s for i, s in enumerate(open_stages[: reached + 1]) if i in (0, reached) or rng.random() < 0.85]
    steps = [rng.uniform(2, 25) for _ in path[1:]]
    span = (now - created).total_seconds() / 86400 * 0.95
    scale = min(1.0, span / sum(steps)) if steps else 1.0
    entered, out = created, []
    for index, stage in enumerate(path):
        if index:
            entered = entered + dt.timedelta(days=steps[index - 1] * scale)
        out.append({"stage": stage["name"], "stage_name": stage["stage_name"], "entered_at": entered})
    for row, following in itertools.pairwise(out):
        row["left_at"] = following["entered_at"]
        row["days"] = round(Decimal(str((row["left_at"] - row["entered_at"]).total_seconds())) / Decimal(86400), 2)
    return out


def _write_chunk(rng: random.Random, people: People, ref: Reference, customers: Customers, plans: list[dict[str, Any]],
                 today: dt.date, made: Made) -> None:  # fmt: skip
    with_lead = [p for p in plans if p["origin"] != "customer"]
    lead_rows = []
    for plan in with_lead:
        row = lead_values(rng, people, ref, plan["seller"], "Converted", plan["created"] - dt.timedelta(days=rng.randint(1, 30)))
        if plan["origin"] == "lead+customer":
            row.update(customer=customers.names[plan["customer"]], contact=customers.contacts[plan["customer"]])
        row.update(converted_on=plan["created"].date(), lifecycle_stage="Customer" if plan["stage"]["is_won"] else "Prospect")
        lead_rows.append(row)
    for plan, name, row in zip(with_lead, insert_many("Lead", lead_rows), lead_rows, strict=True):
        plan["lead"], plan["lead_row"] = name, row
    for plan in plans:
        plan["row"] = _opportunity(rng, ref, customers, plan, today)
    names = insert_many("Opportunity", [p["row"] for p in plans])
    for plan, name in zip(plans, names, strict=True):
        plan["name"] = name
    set_values("Lead", {p["lead"]: {"opportunity": p["name"]} for p in with_lead})
    next_activity = _activities(rng, ref, plans, today, made)
    set_values("Opportunity", next_activity)
    made.opportunities += len(plans)
    made.leads += len(with_lead)


def _opportunity(rng: random.Random, ref: Reference, customers: Customers, plan: dict[str, Any], today: dt.date) -> dict[str, Any]:
    seller: Seller = plan["seller"]
    stage, history = plan["stage"], plan["history"]
    customer = plan["customer"]
    if plan["origin"] == "lead":
        lead = plan["lead_row"]
        party = ("Lead", plan["lead"], lead["company_name"] or lead["lead_name"], None, None)
    else:
        party = ("Customer", customers.names[customer], customers.names[customer], customers.contacts[customer], customers.emails[customer])
        customers.stages[customer] = max(customers.stages[customer], 2 if stage["is_won"] else 1)
    mexico = seller.team == "México"
    revenue = Decimal(max(500, min(500_000, round(rng.lognormvariate(math.log(8_000), 0.9), -1)))) * (20 if mexico else 1)
    probability = Decimal(stage["probability"] or 0)
    closed = stage["is_won"] or stage["is_lost"]
    last = history[-1]["entered_at"]
    status = "Won" if stage["is_won"] else "Lost" if stage["is_lost"] else "Open"
    close_date = last.date() if closed else today + dt.timedelta(days=rng.randint(-10, 120))
    items = rng.sample(list(spanish.ITEMS), rng.randint(1, 3))
    row: dict[str, Any] = {
        "title": party[2], "opportunity_from": party[0], "party_name": party[1], "contact": party[3], "contact_email": party[4],
        "lead": plan.get("lead"), "pipeline": "Sales", "sales_stage": stage["name"], "status": status,
        "expected_close_date": close_date, "closed_on": last.date() if closed else None, "priority": rng.choice((1, 1, 2, 2, 2, 3)),
        "expected_revenue": revenue, "currency": "MXN" if mexico else "EUR", "probability": probability,
        "weighted_amount": round_decimal(revenue * probability / 100, 2), "sales_person": seller.person, "sales_team": seller.team,
        "sales_person_user": seller.user, "source": rng.choice(ref.sources),
        "campaign": rng.choice(ref.campaigns) if rng.random() < 0.25 else None,
        "tags": [{"tag": rng.choice(ref.tags)}] if rng.random() < 0.1 else [],
        "items": [{"item_code": code, "item_name": spanish.ITEMS[code][0], "qty": rng.choice((1, 1, 2, 5, 10))} for code in items],
        "stage_history": [{**h, "changed_by": seller.user} for h in history],
        "owner": seller.user, "creation": plan["created"], "modified": last,
    }  # fmt: skip
    if rng.random() < 0.3 or stage["is_lost"]:
        rivals = rng.sample(ref.competitors, rng.randint(1, 2))
        row["competitors"] = [{"competitor": c, "price": round(revenue * Decimal(rng.uniform(0.8, 1.1)), 2),
                               "status": "Won" if stage["is_lost"] and i == 0 else "Lost" if stage["is_won"] else "Active"}
                              for i, c in enumerate(rivals)]  # fmt: skip
    if stage["is_lost"]:
        row["lost_reasons"] = [{"lost_reason": r} for r in rng.sample(ref.lost_reasons, rng.randint(1, 2))]
        row["lost_detail"] = rng.choice(spanish.LOST_DETAILS)
    return row


def _activities(rng: random.Random, ref: Reference, plans: list[dict[str, Any]], today: dt.date, made: Made) -> dict[str, dict[str, Any]]:
    """Past, today's and future activities of each opportunity; returns each one's next open activity."""
    now = dt.datetime.combine(today, dt.time(8, 0))
    rows: list[dict[str, Any]] = []
    for plan in plans:
        seller: Seller = plan["seller"]
        start = plan["created"].date()
        closed = plan["stage"]["is_won"] or plan["stage"]["is_lost"]
        end = plan["history"][-1]["entered_at"].date() if closed else today
        dues = [start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days))) for _ in range(rng.randint(1, 2))]
        statuses = ["Done" if rng.random() < 0.9 else "Cancelled" for _ in dues]
        if not closed:
            roll = rng.random()
            ahead = -rng.randint(1, 10) if roll < 0.2 else 0 if roll < 0.35 else rng.randint(1, 21)
            dues.append(today + dt.timedelta(days=ahead))
            statuses.append("Open")
        for due, status in zip(dues, statuses, strict=True):
            kind = rng.choice(ref.activity_types)
            subjects = spanish.ACTIVITY_SUBJECTS.get(kind) or [kind]
            participants = [{"participant_type": "Contact", "participant": plan["row"]["contact"]}] if plan["row"]["contact"] else []
            rows.append({
                "activity_type": kind, "subject": rng.choice(subjects), "status": status, "assigned_to": seller.user,
                "reference_doctype": "Opportunity", "reference_name": plan["name"], "due_date": due,
                "due_time": dt.time(rng.randint(9, 18), rng.choice((0, 30))), "completed_on": due if status == "Done" else None,
                "outcome": rng.choice(spanish.OUTCOMES) if status == "Done" else None, "participants": participants,
                "owner": seller.user, "creation": min(max(plan["created"], moment(rng, due - ONE_DAY * rng.randint(0, 7))), now),
            })  # fmt: skip
    names = insert_many("Activity", rows)
    made.activities += len(names)
    earliest: dict[str, tuple[tuple[dt.date, dt.time], str]] = {}
    for row, name in zip(rows, names, strict=True):
        if row["status"] == "Open":
            key = (row["due_date"], row["due_time"])
            current = earliest.get(row["reference_name"])
            if current is None or key < current[0]:
                earliest[row["reference_name"]] = (key, name)
    return {opp: {"next_activity": name} for opp, (_key, name) in earliest.items()}
