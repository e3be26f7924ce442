"""The named world of the security tests: users, orders, notes, history, files and shares.

| who        | roles        | Test Orders they may read                                 |
|------------|--------------|-----------------------------------------------------------|
| Guest      | (none)       | none (401)                                                |
| clerk A    | Test Clerk   | order_a (owner), order_assigned (assignee)                |
| clerk B    | Test Clerk   | order_b, order_b_submitted (owner), order_shared (share)  |
| manager    | Test Manager | all; reads secret_note (level 1) but may not change it    |
| Administrator | all       | all                                                       |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sqlalchemy as sa

import lowcode
from lowcode.auth.api_keys import generate_keys
from lowcode.context import site_context
from lowcode.db.engines import normalize_url
from lowcode.sites import Site

A, B, MANAGER, ADMIN, GUEST = "clerk.a@sec.test", "clerk.b@sec.test", "manager@sec.test", "Administrator", "Guest"
USERS = (GUEST, A, B, MANAGER, ADMIN)
PASSWORD = "Secret-pass-1"
ROLES = {A: "Test Clerk", B: "Test Clerk", MANAGER: "Test Manager"}
#: users who may read the permlevel-1 field `secret_note`
LEVEL_1_READERS = {MANAGER, ADMIN}


@dataclass
class World:
    site: Site
    tokens: dict[str, tuple[str, str]] = field(default_factory=dict)
    orders: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def visible_orders(self, user: str) -> set[str]:
        """The Test Orders `user` may read, by the rule written in the table above."""
        if user == GUEST:
            return set()
        if user in (MANAGER, ADMIN):
            return set(self.orders.values())
        keys = {A: ("order_a", "order_assigned"), B: ("order_b", "order_b_submitted", "order_shared")}[user]
        return {self.orders[k] for k in keys}

    def visible_notes(self, user: str) -> set[str]:
        if user == GUEST:
            return set()
        if user in (MANAGER, ADMIN):
            return set(self.notes.values())
        return {self.notes["note_a" if user == A else "note_b"]}

    @cached_property
    def engine(self) -> sa.Engine:
        """An engine of the test's own on the site's database: reads bypass lowcode entirely."""
        return sa.create_engine(normalize_url(self.site.db_url))

    def table(self, name: str) -> sa.Table:
        return sa.Table(name, self._tables, autoload_with=self.engine)

    @cached_property
    def _tables(self) -> sa.MetaData:
        return sa.MetaData()


def raw_rows(world: World, table_name: str, **where: Any) -> list[dict[str, Any]]:
    """Rows as stored (ordered by name), read with SQLAlchemy directly."""
    table = world.table(table_name)
    query = sa.select(table).where(*(table.c[k] == v for k, v in where.items())).order_by(table.c.name)
    with world.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def raw_count(world: World, table_name: str) -> int:
    table = world.table(table_name)
    with world.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)


def _order(owner: str, secret: str, **values: Any) -> str:
    doc = lowcode.new_doc(
        "Test Order", customer="Acme", secret_note=secret, items=[{"item_name": f"item of {owner}", "qty": 1, "rate": 10}], **values
    )
    doc.owner = owner
    doc.flags.keep_owner = True
    doc.insert()
    doc.status = "Open"
    doc.secret_note = f"{secret} (revised)"
    doc.save()
    doc.add_comment("Comment", f"comment on {doc.name}")
    return doc.name


def _note(owner: str, title: str) -> str:
    doc = lowcode.new_doc("Test Note", title=title)
    doc.owner = owner
    doc.flags.keep_owner = True
    return doc.insert().name


def build(site: Site) -> World:
    """Create the users, documents, history, files and shares of the world on `site`."""
    world = World(site)
    with site_context(site) as local:
        for email, role in ROLES.items():
            lowcode.new_doc("User", email=email, first_name=email.split("@")[0], new_password=PASSWORD, roles=[{"role": role}]).insert()
            world.tokens[email] = generate_keys(email)
        world.tokens[ADMIN] = generate_keys(ADMIN)
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
        world.orders = {
            "order_a": _order(A, "alpha"),
            "order_b": _order(B, "beta"),
            "order_admin": _order(ADMIN, "gamma"),
            "order_assigned": _order(ADMIN, "delta", assigned_to=A),
            "order_shared": _order(ADMIN, "epsilon"),
            "order_b_submitted": _order(B, "zeta"),
        }
        lowcode.get_doc("Test Order", world.orders["order_b_submitted"]).submit()
        lowcode.new_doc("DocShare", share_doctype="Test Order", share_name=world.orders["order_shared"], user=B, read=1).insert()
        world.notes = {"note_a": _note(A, "note of A"), "note_b": _note(B, "note of B")}
        for key in ("order_a", "order_b"):
            file = lowcode.new_doc("File", file_name=f"{key}.pdf", file_url=f"/private/files/{key}.pdf", is_private=1,
                                   attached_to_doctype="Test Order", attached_to_name=world.orders[key])  # fmt: skip
            world.files[key] = file.insert().name
        local.db.commit()
    return world
