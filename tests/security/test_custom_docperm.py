"""Custom DocPerm edits by an admin take effect on the next request, without a restart."""

from __future__ import annotations

from tests.security.world import ADMIN, A, B

RULES = "/api/resource/Custom DocPerm"


def _names(client) -> set[str]:
    response = client.get("/api/resource/Test Order", params={"limit": 100})
    return {row["name"] for row in response.json()["data"]} if response.status_code == 200 else set()


def test_rules_change_at_once(fresh_world):
    world, server = fresh_world
    with server.client(world.tokens[ADMIN]) as admin, server.client(world.tokens[A]) as clerk:
        assert _names(clerk) == world.visible_orders(A)
        everything = {"doc_type": "Test Order", "role": "Test Clerk", "read": 1, "report": 1}
        created = admin.post(RULES, json=everything)
        assert created.status_code == 200, created.text
        assert _names(clerk) == set(world.orders.values())  # the custom rules replace the file's rules
        assert clerk.put(f"/api/resource/Test Order/{world.orders['order_a']}", json={"status": "Closed"}).status_code == 403
        rule = created.json()["data"]["name"]
        admin.put(f"{RULES}/{rule}", json={"if_owner": 1})
        assert _names(clerk) == world.visible_orders(A)
        assert admin.delete(f"{RULES}/{rule}").status_code == 200
        assert _names(clerk) == world.visible_orders(A)
        assert clerk.put(f"/api/resource/Test Order/{world.orders['order_a']}", json={"status": "Closed"}).status_code == 200


def test_clerks_cannot_edit_rules(fresh_world):
    world, server = fresh_world
    with server.client(world.tokens[B]) as clerk:
        response = clerk.post(RULES, json={"doc_type": "Test Order", "role": "Test Clerk", "read": 1})
        assert response.status_code == 403
        assert _names(clerk) == world.visible_orders(B)
