"""A disabled user cannot log in, loses the session they had, and their API key stops working."""

from __future__ import annotations

import lowcode
from lowcode.context import site_context
from tests.security.world import PASSWORD, A

WHO = "/api/method/frappe.auth.get_logged_user"


def _set_enabled(site, user: str, enabled: int) -> None:
    with site_context(site) as local:
        doc = lowcode.get_doc("User", user)
        doc.enabled = enabled
        doc.save()
        local.db.commit()


def test_disabled_user_is_shut_out(fresh_world):
    world, server = fresh_world
    with server.client() as browser, server.client(world.tokens[A]) as script:
        assert browser.post("/api/method/login", json={"usr": A, "pwd": PASSWORD}).status_code == 200
        assert browser.get(WHO).json() == {"message": A}
        assert script.get(WHO).json() == {"message": A}
        _set_enabled(world.site, A, 0)
        assert browser.get(WHO).status_code == 401
        assert script.get(WHO).status_code == 401
        assert script.get("/api/resource/Test Order").status_code == 401
        refused = browser.post("/api/method/login", json={"usr": A, "pwd": PASSWORD})
        assert refused.status_code == 401 and "disabled" in refused.json()["message"]
        _set_enabled(world.site, A, 1)
        assert script.get(WHO).json() == {"message": A}


def test_disabled_role_grants_nothing(fresh_world):
    world, server = fresh_world
    with server.client(world.tokens[A]) as client:
        assert len(client.get("/api/resource/Test Order").json()["data"]) == 2
        with site_context(world.site) as local:
            role = lowcode.get_doc("Role", "Test Clerk")
            role.disabled = 1
            role.save()
            local.db.commit()
        assert client.get("/api/resource/Test Order").status_code == 403
