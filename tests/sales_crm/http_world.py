"""The named CRM world (tests.sales_crm.world) served over HTTP by a real uvicorn, with API tokens.

On top of the world's users, teams and one lead per seller, each seller owns one
opportunity, one activity and one quotation; a small catalogue (price list, items, two
tax templates), a Kanban Board and a Query Report per sales doctype are added.

| who    | roles                           | sales documents they see                 |
|--------|---------------------------------|------------------------------------------|
| ana    | Sales User (team Madrid)        | ana's                                    |
| bruno  | Sales User (team Madrid)        | bruno's                                  |
| carla  | Sales User (team Monterrey)     | carla's                                  |
| lucia  | Sales User + Team Leader Madrid | lucia's, ana's, bruno's                  |
| mateo  | Sales User + Team Leader Mty    | mateo's, carla's                         |
| sofia  | Sales Manager                   | all                                      |
| diego  | Accounts User                   | quotations only (all of them)            |
| admin  | Administrator                   | all                                      |
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

import lowcode
from lowcode.auth.api_keys import generate_keys
from lowcode.context import site_context
from lowcode.sites import Site
from tests.sales_crm.world import TEAMS, as_user, build_world, email
from tests.security import server as live

SALES_DOCTYPES = ("Lead", "Opportunity", "Activity", "Quotation")
SELLERS = ("ana", "bruno", "carla", "lucia", "mateo")
ADMIN = "admin"
READERS = (*SELLERS, "sofia", "diego", ADMIN)
PRICE_LIST, ITEM, SERVICE = "Tarifa General", "LIC-PRO", "IMPL-HORA"
IVA, RECARGO = "IVA 21%", "Recargo 5,2%"
PASSWORD, ADMIN_PASSWORD = "Ventas-2026-demo", "admin-password"
#: the field each kanban board groups by
BOARD_FIELDS = {"Lead": "status", "Opportunity": "sales_stage", "Activity": "status", "Quotation": "status"}


@dataclass
class CrmWorld:
    site: Site
    server: live.LiveServer
    tokens: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: doctype -> seller -> document name
    docs: dict[str, dict[str, str]] = field(default_factory=dict)
    _browsers: dict[str, httpx.Client] = field(default_factory=dict)

    def client(self, who: str) -> httpx.Client:
        """A client authenticated with `who`'s API token (REST and methods)."""
        return self.server.client(self.tokens[who])

    def browser(self, who: str) -> httpx.Client:
        """A client logged in with `who`'s password (a session cookie: desk pages)."""
        if who not in self._browsers:
            client = self.server.client()
            user = "Administrator" if who == ADMIN else email(who)
            response = client.post("/api/method/login", json={"usr": user, "pwd": ADMIN_PASSWORD if who == ADMIN else PASSWORD})
            assert response.status_code == 200, response.text
            self._browsers[who] = client
        return self._browsers[who]

    def visible(self, doctype: str, who: str) -> set[str] | None:
        """Names `who` may read, or None when they may not read the doctype at all."""
        mine = self.docs[doctype]
        if who in ("sofia", ADMIN) or (who == "diego" and doctype == "Quotation"):
            return set(mine.values())
        if who == "diego":
            return None
        owners = {who}
        for _team, (leader, members) in TEAMS.items():
            if leader == who:
                owners |= set(members)
        return {name for seller, name in mine.items() if seller in owners}


def board_name(doctype: str) -> str:
    return f"{doctype} board"


def report_name(doctype: str) -> str:
    return f"{doctype} visibility"


def catalogue() -> None:
    lowcode.new_doc("Price List", price_list_name=PRICE_LIST, currency="EUR").insert()
    lowcode.new_doc("Sales Tax Template", title=IVA, taxes=[{"description": "IVA 21%", "rate": 21}]).insert()
    lowcode.new_doc("Sales Tax Template", title=RECARGO, taxes=[{"description": "Recargo de equivalencia 5,2%", "rate": "5.2"}]).insert()
    lowcode.new_doc("Item", item_code=ITEM, item_name="Licencia CRM Profesional", standard_rate=500).insert()
    lowcode.new_doc("Item", item_code=SERVICE, item_name="Hora de implantación", uom="Hora", standard_rate=80).insert()
    lowcode.new_doc("Item Price", item_code=ITEM, price_list=PRICE_LIST, price_list_rate=480).insert()
    lowcode.new_doc("Item Price", item_code=SERVICE, price_list=PRICE_LIST, price_list_rate="75.50").insert()


def _views() -> None:
    roles = [{"role": r} for r in ("Sales User", "Sales Team Leader", "Sales Manager", "Accounts User")]
    for doctype, fieldname in BOARD_FIELDS.items():
        lowcode.new_doc("Kanban Board", kanban_board_name=board_name(doctype), reference_doctype=doctype, field_name=fieldname).insert()
        lowcode.new_doc("Report", report_name=report_name(doctype), ref_doctype=doctype, report_type="Query Report", is_standard="No",
                        query=f"SELECT name FROM `tab{doctype}` ORDER BY name", roles=roles).insert()  # fmt: skip


def build(site: Site, server: live.LiveServer) -> CrmWorld:
    out = CrmWorld(site, server)
    with site_context(site) as local:
        world = build_world()
        catalogue()
        _views()
        out.docs = {d: {} for d in SALES_DOCTYPES}
        for seller in SELLERS:
            out.docs["Lead"][seller] = world.leads[seller]
            with as_user(seller):
                opp = lowcode.new_doc(
                    "Opportunity", opportunity_from="Lead", party_name=world.leads[seller], expected_revenue=1000
                ).insert()
                act = lowcode.new_doc("Activity", activity_type="Call", subject=f"Llamar ({seller})", reference_doctype="Opportunity",
                                      reference_name=opp.name).insert()  # fmt: skip
                quo = lowcode.new_doc("Quotation", quotation_to="Lead", party_name=world.leads[seller], selling_price_list=PRICE_LIST,
                                      opportunity=opp.name, items=[{"item_code": ITEM, "qty": 1}]).insert()  # fmt: skip
            out.docs["Opportunity"][seller], out.docs["Activity"][seller], out.docs["Quotation"][seller] = opp.name, act.name, quo.name
        for key in READERS[:-1]:
            user = lowcode.get_doc("User", email(key))
            user.new_password = PASSWORD
            user.save()
        out.tokens = {key: generate_keys(email(key)) for key in READERS[:-1]}
        out.tokens[ADMIN] = generate_keys("Administrator")
        local.db.commit()
    return out


@contextmanager
def served(site: Site) -> Iterator[CrmWorld]:
    server = live.start(site)
    try:
        yield build(site, server)
    finally:
        server.stop()
