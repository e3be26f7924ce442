"""The form's 'Assign by rule': for a document saved before a rule applied to it."""

from __future__ import annotations

import lowcode
from lowcode.context import site_context


def test_a_document_without_assignment_offers_its_rules(desk_site, client) -> None:
    with site_context(desk_site) as ctx:
        order = lowcode.get_all("Test Order", filters={"customer": "Acme"}, pluck="name", limit=1)[0]
        lowcode.new_doc("Assignment Rule", rule_name="Orders", document_type="Test Order", rule="Round Robin",
                        users=[{"user": "clerk2@example.com"}]).insert()  # fmt: skip
        ctx.db.commit()
    http = client("Administrator")
    assert "data-assign-by-rule" in http.get(f"/app/test-order/{order}").text
    answer = http.post("/api/method/lowcode.assignment.apply_on_demand", json={"doctype": "Test Order", "name": order})
    assert answer.json()["message"]["allocated_to"] == "clerk2@example.com"
    page = http.get(f"/app/test-order/{order}").text
    assert "data-assign-by-rule" not in page and 'data-user="clerk2@example.com"' in page
