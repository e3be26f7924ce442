"""Repeated failed logins lock the account for a while (429 with Retry-After), even for the right password."""

from __future__ import annotations

import time

from tests.security.world import PASSWORD, A, B


def _login(client, user, password):
    return client.post("/api/method/login", json={"usr": user, "pwd": password})


def test_lockout_and_release(fresh_world):
    world, server = fresh_world
    world.site.set_config("login_attempts_before_lockout", 3)
    world.site.set_config("lockout_minutes", 0.05)  # three seconds
    with server.client() as client:
        for _ in range(3):
            assert _login(client, A, "wrong password").status_code == 401
        locked = _login(client, A, "wrong password")
        assert locked.status_code == 429
        assert 1 <= int(locked.headers["retry-after"]) <= 3
        assert "Too many failed logins" in locked.json()["message"]
        still = _login(client, A, PASSWORD)
        assert still.status_code == 429
        assert _login(client, B, PASSWORD).status_code == 200  # other accounts are not locked
        time.sleep(int(locked.headers["retry-after"]) + 0.5)
        assert _login(client, A, PASSWORD).status_code == 200
