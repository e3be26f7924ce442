"""The named world the browser tests run in: users, customers, orders and a kanban board."""

from __future__ import annotations

import lowcode
from lowcode.context import site_context
from lowcode.model.document import exists
from lowcode.sites import Site

PASSWORD = "desk-password-1"
ADMIN_PASSWORD = "admin-password"
USERS = {
    "clerk@example.com": (["Test Clerk"], None),
    "clerk2@example.com": (["Test Clerk"], None),
    "manager@example.com": (["System Manager"], None),
    "ana@example.com": (["Test Clerk"], "es"),
}
CUSTOMERS = {"Acme": "Madrid", "Globex": "Spain", "Initech": "Mexico"}
STATUSES = ("Draft", "Open", "Closed")
BOARD = "Order Pipeline"
ADMIN_ORDERS = 45


def _order(customer: str, status: str, priority: int, qty: int, rate: int) -> lowcode.Document:
    return lowcode.new_doc("Test Order", customer=customer, status=status, priority=priority,
                           items=[{"item_name": f"Widget {qty}", "qty": qty, "rate": rate}]).insert()  # fmt: skip


def build(site: Site) -> None:
    """Create the world once per test session (committed, so the server sees it)."""
    with site_context(site) as ctx:
        for email, (roles, language) in USERS.items():
            lowcode.new_doc("User", email=email, first_name=email.split("@")[0].title(), new_password=PASSWORD, language=language,
                            roles=[{"role": r} for r in roles]).insert()  # fmt: skip
        for name, territory in CUSTOMERS.items():
            lowcode.new_doc("Test Customer", customer_name=name, email=f"info@{name.lower()}.example", territory=territory).insert()
        names = list(CUSTOMERS)
        for i in range(ADMIN_ORDERS):
            _order(names[i % 3], STATUSES[i % 3], i % 4, i + 1, 10)
        submitted = _order("Acme", "Open", 3, 2, 50)
        submitted.submit()
        lowcode.new_doc("Property Setter", doctype_or_field="DocField", doc_type="Test Order", field_name="discount_reason",
                        property="depends_on", value="eval:doc.discount > 0").insert()  # fmt: skip
        lowcode.new_doc("Kanban Board", kanban_board_name=BOARD, reference_doctype="Test Order", field_name="status",
                        amount_field="total", rating_field="priority", date_field="order_date",
                        page_length=10).insert()  # fmt: skip
        ctx.db.commit()
    for owner, count in (("clerk@example.com", 3), ("clerk2@example.com", 2)):
        with site_context(site, user=owner) as ctx:
            for i in range(count):
                _order("Globex", STATUSES[i % 3], 1, 1, 7)
            ctx.db.commit()


#: sales users of the CRM flows: email -> (first name, sales person, team)
SELLERS = {
    "vera@example.com": ("Vera", "Vera Campos"),
    "omar@example.com": ("Omar", "Omar Paz"),
    "lidia@example.com": ("Lidia", "Lidia Gil"),
}
PIPELINE_BOARD = "Sales Pipeline"


def build_crm(site: Site) -> None:
    """Two sales users with their sales persons, a team, and the pipeline board on Opportunity."""
    with site_context(site) as ctx:
        for email, (first, person) in SELLERS.items():
            lowcode.new_doc("User", email=email, first_name=first, new_password=PASSWORD, roles=[{"role": "Sales User"}]).insert()
            lowcode.new_doc("Sales Person", sales_person_name=person, user=email).insert()
        if not exists("Kanban Board", PIPELINE_BOARD):
            stages = lowcode.get_all("Sales Stage", filters={"pipeline": "Sales"}, order_by="stage_order asc", pluck="name")
            lowcode.new_doc("Kanban Board", kanban_board_name=PIPELINE_BOARD, reference_doctype="Opportunity", field_name="sales_stage",
                            amount_field="expected_revenue", columns=[{"column_name": s} for s in stages]).insert()  # fmt: skip
        ctx.db.commit()
