"""Sharing: needs the share right, grants nothing the sharer lacks, takes effect and ends at once."""

from __future__ import annotations

from tests.security.world import MANAGER, A, B

ADD, REMOVE = "/api/method/lowcode.share.add", "/api/method/lowcode.share.remove"


def test_share_read_only_then_remove(fresh_world):
    world, server = fresh_world
    note = world.notes["note_a"]
    path = f"/api/resource/Test Note/{note}"
    with server.client(world.tokens[A]) as owner, server.client(world.tokens[B]) as other:
        assert other.get(path).status_code == 403
        shared = owner.post(ADD, json={"doctype": "Test Note", "name": note, "user": B, "read": 1, "share": 1})
        assert shared.status_code == 200, shared.text
        assert other.get(path).json()["data"]["name"] == note
        assert note in {r["name"] for r in other.get("/api/resource/Test Note").json()["data"]}
        assert other.put(path, json={"title": "changed by B"}).status_code == 403
        escalate = other.post(ADD, json={"doctype": "Test Note", "name": note, "user": MANAGER, "read": 1, "write": 1})
        assert escalate.status_code == 403 and "write" in escalate.json()["message"]
        assert other.post(ADD, json={"doctype": "Test Note", "name": note, "user": MANAGER, "read": 1}).status_code == 200
        assert owner.post(REMOVE, json={"doctype": "Test Note", "name": note, "user": B}).status_code == 200
        assert other.get(path).status_code == 403


def test_no_share_right_no_share(fresh_world):
    world, server = fresh_world
    order = world.orders["order_a"]
    with server.client(world.tokens[A]) as clerk:
        response = clerk.post(ADD, json={"doctype": "Test Order", "name": order, "user": B, "read": 1})
        assert response.status_code == 403  # clerks have no share right on orders, even their own
