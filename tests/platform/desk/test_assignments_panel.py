"""The form's side panel lists who the document is assigned to (open ToDos only)."""

from __future__ import annotations

import lowcode
from lowcode.assignment import assign, close_assignments


def test_the_form_shows_open_assignments(desk_site, client) -> None:
    with lowcode.site_context(desk_site) as ctx:
        first, second = lowcode.get_all("Test Order", filters={"owner": "Administrator"}, pluck="name", order_by="name asc")[:2]
        assign(lowcode.get_doc("Test Order", first), "clerk@example.com")
        assign(lowcode.get_doc("Test Order", second), "clerk2@example.com")
        close_assignments("Test Order", second)
        ctx.db.commit()
    page = client("Administrator").get(f"/app/test-order/{first}").text
    assert "data-assignments" in page and '<li data-user="clerk@example.com">clerk@example.com</li>' in page
    closed = client("Administrator").get(f"/app/test-order/{second}").text
    assert 'data-user="clerk2@example.com"' not in closed and "Nobody" in closed
    assert "Assigned to clerk@example.com" in page
