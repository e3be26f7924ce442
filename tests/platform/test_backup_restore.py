"""Backup and restore: every table comes back identical, on each backend and across them."""

from __future__ import annotations

from decimal import Decimal

import lowcode
from lowcode.context import site_context
from lowcode.db.backup import backup, restore
from lowcode.sites import Site
from tests.platform.helpers import snapshot

#: the metadata version token is site-local bookkeeping, rewritten after a restore
VOLATILE = frozenset()


def fill(site: Site) -> None:
    """Documents of every kind: decimals, dates, child rows, a single, a custom field, a Version."""
    with site_context(site) as ctx:
        lowcode.new_doc("Custom Field", dt="Test Customer", label="Since", fieldtype="Datetime").insert()
        lowcode.new_doc("Test Customer", customer_name="Acme", credit_limit="1234.56", custom_since="2025-12-31 23:59:59.123456").insert()
        lowcode.new_doc("Test Customer", customer_name="Ñandú S.L.", email="hola@nandu.example", territory="Madrid").insert()
        order = lowcode.new_doc(
            "Test Order",
            customer="Acme",
            order_date="2026-02-28",
            discount="2.5",
            discount_reason="€ promo",
            notes='línea 1\nlínea 2 "quoted"',
            items=[{"item_name": "Silla", "qty": "1.125", "rate": "0.10"}, {"item_name": "Mesa", "qty": 2, "rate": 99}],
        )
        order.insert()
        order.remarks = "changed"
        order.save()
        settings = lowcode.get_doc("Test Settings")
        settings.max_discount = 7
        settings.save()
        ctx.db.commit()


def test_restore_into_a_fresh_site_reproduces_every_row(backend, make_site) -> None:
    source = make_site(backend)
    fill(source)
    with site_context(source):
        path = backup()
        expected = snapshot(VOLATILE)
    target = make_site(backend)
    with site_context(target):
        restore(path)
    with site_context(target):
        assert snapshot(VOLATILE) == expected
        order = lowcode.get_doc("Test Order", lowcode.get_all("Test Order", pluck="name")[0])
        assert [(r.item_name, r.qty) for r in order.items] == [("Silla", Decimal("1.125")), ("Mesa", Decimal(2))]
        assert lowcode.get_meta("Test Customer").get_field("custom_since") is not None
        assert lowcode.new_doc("Test Order", customer="Ñandú S.L.").insert().name.endswith("00002")  # the counter came back too


def test_restore_puts_a_site_back_as_it_was(site) -> None:
    fill(site)
    with site_context(site):
        path = backup()
        expected = snapshot(VOLATILE)
    with site_context(site) as ctx:
        lowcode.delete_doc("Test Customer", "Ñandú S.L.")
        lowcode.set_value("Test Customer", "Acme", "credit_limit", 1)
        lowcode.new_doc("Test Note", title="after the backup").insert()
        ctx.db.commit()
    with site_context(site):
        restore(path)
    with site_context(site):
        assert snapshot(VOLATILE) == expected


def test_restore_across_backends(make_site) -> None:
    from tests.conftest import BACKENDS

    source = make_site("sqlite")
    fill(source)
    with site_context(source):
        path = backup()
        customers = lowcode.get_all("Test Customer", fields=["*"], order_by="name asc")
    for backend in [b for b in BACKENDS if b != "sqlite"]:
        target = make_site(backend)
        with site_context(target):
            restore(path)
        with site_context(target):
            assert lowcode.get_all("Test Customer", fields=["*"], order_by="name asc") == customers
