"""The named CRM world the Sales CRM tests run in (Odoo-style), and `as_user`.

Two teams: Madrid (leader Lucía; Ana and Bruno) and Monterrey (leader Mateo; Carla).
Sofía is the sales manager, Diego an accounts user. Each salesperson owns one lead.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import pytest

import lowcode
from lowcode.context import acting_as
from tests.conftest import BACKENDS

#: run a test on SQLite, MariaDB and PostgreSQL (indirect parametrisation of `crm_site`)
ALL_BACKENDS = pytest.mark.parametrize("crm_site", BACKENDS, indirect=True)
DOMAIN = "crm.test"
#: key -> (first name, last name, roles, team led)
PEOPLE = {
    "sofia": ("Sofía", "Martín", ["Sales Manager"], None),
    "lucia": ("Lucía", "Torres", ["Sales User", "Sales Team Leader"], "Madrid"),
    "mateo": ("Mateo", "López", ["Sales User", "Sales Team Leader"], "Monterrey"),
    "ana": ("Ana", "García", ["Sales User"], None),
    "bruno": ("Bruno", "Díaz", ["Sales User"], None),
    "carla": ("Carla", "Ruiz", ["Sales User"], None),
    "diego": ("Diego", "Navarro", ["Accounts User"], None),
}
TEAMS = {"Madrid": ("lucia", ["lucia", "ana", "bruno"]), "Monterrey": ("mateo", ["mateo", "carla"])}
#: owner key -> (first name, last name, company)
LEADS = {
    "ana": ("Jorge", "Álvarez", "Ferretería Álvarez"),
    "bruno": ("Marta", "Sol", "Panadería Sol"),
    "carla": ("Raúl", "Garza", "Textiles del Norte"),
    "lucia": ("Elena", "Ríos", "Clínica Dental Sonrisa"),
    "mateo": ("Iván", "Treviño", "Grupo Industrial Regio"),
}


def email(key: str) -> str:
    return f"{key}@{DOMAIN}"


def as_user(user: str) -> AbstractContextManager[None]:
    """Run the block as `user` (an email or a world key), like a request of theirs."""
    return acting_as(user if "@" in user or user == "Administrator" else email(user))


@dataclass
class World:
    users: dict[str, str] = field(default_factory=dict)
    persons: dict[str, str] = field(default_factory=dict)
    leads: dict[str, str] = field(default_factory=dict)


def person_name(key: str) -> str:
    first, last, _roles, _team = PEOPLE[key]
    return f"{first} {last}"


def build_world() -> World:
    world = World()
    for key, (first, last, roles, _team) in PEOPLE.items():
        lowcode.new_doc("User", email=email(key), first_name=first, last_name=last, roles=[{"role": r} for r in roles]).insert()
        world.users[key] = email(key)
        if "Sales User" in roles:
            world.persons[key] = lowcode.new_doc("Sales Person", sales_person_name=person_name(key), user=email(key)).insert().name
    for team, (leader, members) in TEAMS.items():
        lowcode.new_doc(
            "Sales Team", team_name=team, leader=email(leader), members=[{"sales_person": world.persons[m]} for m in members]
        ).insert()
    for key, (first, last, company) in LEADS.items():
        with as_user(key):
            lead = lowcode.new_doc("Lead", first_name=first, last_name=last, company_name=company, email_id=f"{first.lower()}@example.com")
            world.leads[key] = lead.insert().name
    return world
