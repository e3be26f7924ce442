"""A first pass through the document lifecycle on every backend."""

from __future__ import annotations

import lowcode


def test_insert_save_submit(ctx):
    lowcode.new_doc("Test Customer", customer_name="Acme", email="Info@Acme.example", territory="Madrid").insert()
    order = lowcode.new_doc("Test Order", customer="Acme", items=[{"item_name": "Widget", "qty": 2, "rate": "10.50"}])
    order.insert()
    assert order.name.startswith("TO-")
    assert str(order.total) == "21.00"
    assert order.customer_email == "info@acme.example"
    order.submit()
    assert lowcode.get_value("Test Order", order.name, "docstatus") == 1
