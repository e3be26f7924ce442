"""A small named world for the workflow, print, report and dashboard tests.

Users: `clerk@example.com` and `clerk2@example.com` (Test Clerk: their own orders only),
`approver@example.com` (System Manager), `boss@example.com` (both roles). Customers
Acme and Globex; orders are made per test with `make_order`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import lowcode
from lowcode.context import acting_as

PASSWORD = "Engines-Test-Pw-1"
CLERK, CLERK2, APPROVER, BOSS = "clerk@example.com", "clerk2@example.com", "approver@example.com", "boss@example.com"
USERS = {CLERK: ("Test Clerk",), CLERK2: ("Test Clerk",), APPROVER: ("System Manager",), BOSS: ("Test Clerk", "System Manager")}


def make_user(email: str, roles: tuple[str, ...]) -> str:
    from lowcode.auth.secrets import set_password

    first = email.split("@", maxsplit=1)[0].title()
    lowcode.new_doc("User", email=email, first_name=first, roles=[{"role": r} for r in roles]).insert(ignore_permissions=True)
    set_password(email, PASSWORD)
    return email


def make_world() -> None:
    """Users and customers, committed."""
    for email, roles in USERS.items():
        make_user(email, roles)
    lowcode.new_doc("Test Customer", customer_name="Acme", email="info@acme.example").insert()
    lowcode.new_doc("Test Customer", customer_name="Globex", email="info@globex.example").insert()
    grant_clerks_print_and_export()
    lowcode.db.commit()


def grant_clerks_print_and_export() -> None:
    """Custom DocPerms, as an admin would set them: the shipped rules, plus report, print and export for clerks."""
    rules = [rule.as_dict() for rule in lowcode.get_meta("Test Order").permissions]
    for values in rules:
        if values.get("role") == "Test Clerk":
            values.update(report=1, print=1, export=1)
    set_order_permissions(rules)


def set_order_permissions(rules: list[dict[str, Any]]) -> None:
    """Replace Test Order's Custom DocPerms with `rules`."""
    for name in lowcode.get_all("Custom DocPerm", filters={"doc_type": "Test Order"}, pluck="name"):
        lowcode.delete_doc("Custom DocPerm", name)
    for values in rules:
        lowcode.new_doc("Custom DocPerm", doc_type="Test Order", **values).insert()


def make_order(owner: str, customer: str = "Acme", items: list[tuple[str, Any, Any]] | None = None, **values: Any) -> Any:
    """A saved draft Test Order owned by `owner`; items are (name, qty, rate)."""
    rows = [{"item_name": n, "qty": q, "rate": Decimal(str(r))} for n, q, r in (items or [("Widget", 2, "10.50")])]
    with acting_as(owner):
        return lowcode.new_doc("Test Order", customer=customer, items=rows, **values).insert()


def make_order_set() -> dict[str, str]:
    """The fixed data set the report and dashboard figures are checked against (committed).

    | order | owner          | customer | lines                      | total | status |
    | O1    | clerk          | Acme     | Widget 2 x 10, Gadget 1 x 5 |   25  | Draft  |
    | O2    | clerk          | Globex   | Bolt 10 x 1                 |   10  | Open   |
    | O3    | clerk2         | Acme     | Crane 1 x 100               |  100  | Open   |
    | O4    | Administrator  | Globex   | Nut 4 x 2.5                 |   10  | Closed |
    """
    names = {
        "O1": make_order(CLERK, "Acme", [("Widget", 2, 10), ("Gadget", 1, 5)]).name,
        "O2": make_order(CLERK, "Globex", [("Bolt", 10, 1)], status="Open").name,
        "O3": make_order(CLERK2, "Acme", [("Crane", 1, 100)], status="Open").name,
        "O4": make_order("Administrator", "Globex", [("Nut", 4, "2.5")], status="Closed", secret_note="internal").name,
    }
    lowcode.db.commit()
    return names
