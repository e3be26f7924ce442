"""Sales Team Overview: per team, revenue won this month against its monthly target, open opportunities,
overdue activities of its members and draft quotations still to send.

Each figure counts only what the user may read, so a sales user sees their own part of their team.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lowcode.reports.data import get_rows
from lowcode.utils.dates import today
from sales_crm.reporting import ZERO, between, can_read, dec, month_end, month_start, rate, to_date


def get_columns() -> list[dict[str, Any]]:
    return [
        {"fieldname": "sales_team", "label": "Sales Team", "fieldtype": "Link", "options": "Sales Team", "width": 140},
        {"fieldname": "monthly_target", "label": "Monthly Target", "fieldtype": "Currency"},
        {"fieldname": "won_this_month", "label": "Won This Month", "fieldtype": "Currency"},
        {"fieldname": "attainment", "label": "Attainment %", "fieldtype": "Percent"},
        {"fieldname": "open_opportunities", "label": "Open Opportunities", "fieldtype": "Int"},
        {"fieldname": "overdue_activities", "label": "Overdue Activities", "fieldtype": "Int"},
        {"fieldname": "quotations_to_send", "label": "Quotations to Send", "fieldtype": "Int"},
    ]


def _by(rows: list[dict[str, Any]], key: str, value: str) -> dict[str, Any]:
    return {r[key]: r[value] for r in rows}


def get_data(filters: dict[str, Any]) -> list[dict[str, Any]]:
    day = to_date(filters.get("date")) or today()
    teams = get_rows("Sales Team", fields=["name", "monthly_target"], order_by="name asc")
    won = _by(get_rows("Opportunity", fields=["sales_team", "sum(expected_revenue) as amount"],
                       filters=[["status", "=", "Won"], *between("closed_on", month_start(day), month_end(day))], group_by="sales_team"),
              "sales_team", "amount")  # fmt: skip
    open_deals = _by(get_rows("Opportunity", fields=["sales_team", "count(name) as n"], filters=[["status", "=", "Open"]],
                              group_by="sales_team"), "sales_team", "n")  # fmt: skip
    members = get_rows("Sales Team", fields=["name", "members.user as user", "members.sales_person as sales_person"])
    user_teams: dict[str, set[str]] = defaultdict(set)
    person_team: dict[str, set[str]] = defaultdict(set)
    for row in members:
        if row["user"]:
            user_teams[row["user"]].add(row["name"])
        if row["sales_person"]:
            person_team[row["sales_person"]].add(row["name"])
    overdue: dict[str, int] = defaultdict(int)
    if can_read("Activity"):
        late = get_rows("Activity", fields=["assigned_to", "count(name) as n"], filters=[["status", "=", "Open"], ["due_date", "<", day]],
                        group_by="assigned_to")  # fmt: skip
        for row in late:
            for team in user_teams.get(row["assigned_to"], ()):
                overdue[team] += int(row["n"])
    to_send: dict[str, int] = defaultdict(int)
    if can_read("Quotation"):
        drafts = get_rows("Quotation", fields=["sales_person", "count(name) as n"], filters=[["docstatus", "=", 0], ["status", "=", "Draft"]],
                          group_by="sales_person")  # fmt: skip
        for row in drafts:
            for team in person_team.get(row["sales_person"], ()):
                to_send[team] += int(row["n"])
    rows = []
    for team in teams:
        name, target = team["name"], dec(team["monthly_target"])
        amount = dec(won.get(name))
        rows.append({"sales_team": name, "monthly_target": target, "won_this_month": amount, "attainment": rate(amount, target),
                     "open_opportunities": int(open_deals.get(name) or 0), "overdue_activities": overdue[name],
                     "quotations_to_send": to_send[name]})  # fmt: skip
    return rows


def execute(filters: dict[str, Any]) -> tuple[Any, ...]:
    data = get_data(filters)
    if data:
        target = sum((r["monthly_target"] for r in data), ZERO)
        won = sum((r["won_this_month"] for r in data), ZERO)
        data.append({"sales_team": "Total", "monthly_target": target, "won_this_month": won, "attainment": rate(won, target),
                     **{k: sum(r[k] for r in data) for k in ("open_opportunities", "overdue_activities", "quotations_to_send")}})  # fmt: skip
    chart = {"data": {"labels": [r["sales_team"] for r in data[:-1]], "datasets": [
        {"name": "Monthly Target", "values": [float(r["monthly_target"]) for r in data[:-1]]},
        {"name": "Won This Month", "values": [float(r["won_this_month"]) for r in data[:-1]]}]}, "type": "bar"}  # fmt: skip
    return get_columns(), data, None, chart
