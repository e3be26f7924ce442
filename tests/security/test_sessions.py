"""Cookie sessions over HTTP, with sessions in the database and in Redis.

Logout ends the session (the old cookie gets 401), cookie writes need the CSRF header,
and logging in always starts a new session id.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.security import server as live
from tests.security.world import PASSWORD, A, build

WHO = "/api/method/frappe.auth.get_logged_user"


@pytest.fixture(params=[False, True], ids=["db-sessions", "redis-sessions"])
def served(request, make_site) -> Iterator[live.LiveServer]:
    site = make_site("sqlite", redis=request.param)
    server = live.start(site)
    world = build(site)
    yield server
    server.stop()
    world.engine.dispose()


def login(client, user: str = A, password: str = PASSWORD) -> dict:
    response = client.post("/api/method/login", json={"usr": user, "pwd": password})
    assert response.status_code == 200, response.text
    return response.json()


def test_login_sets_a_hardened_cookie(served):
    with served.client() as client:
        client.post("/api/method/login", json={"usr": A, "pwd": PASSWORD})
        response = client.post("/api/method/login", json={"usr": A, "pwd": PASSWORD})
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("sid="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie


def test_logout_invalidates_the_cookie(served):
    with served.client() as client:
        login(client)
        old_sid = client.cookies["sid"]
        assert client.get(WHO).json() == {"message": A}
        assert client.get("/api/method/logout").status_code == 200
    with served.client() as replay:
        replay.cookies.set("sid", old_sid)
        response = replay.get(WHO)
        assert response.status_code == 401
        assert replay.get("/api/resource/Test Order").status_code == 401


def test_the_cookie_is_secure_when_a_trusted_proxy_says_https(served):
    def sid_cookie(headers: dict[str, str]) -> str:
        response = httpx.post(f"{served.url}/api/method/login", json={"usr": A, "pwd": PASSWORD}, headers=headers)
        return next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("sid="))

    assert "Secure" in sid_cookie({"x-forwarded-proto": "https"})  # the test client is 127.0.0.1, a trusted proxy
    assert "Secure" not in sid_cookie({})


def test_login_rotates_the_session_id(served):
    with served.client() as client:
        login(client)
        first = client.cookies["sid"]
        login(client)
        second = client.cookies["sid"]
    assert first != second
    with served.client() as replay:
        replay.cookies.set("sid", first)
        assert replay.get(WHO).status_code == 401
        replay.cookies.set("sid", second)
        assert replay.get(WHO).json() == {"message": A}


def test_cookie_writes_need_the_csrf_token(served):
    with served.client() as client:
        token = login(client)["csrf_token"]
        body = {"customer": "Acme"}
        missing = client.post("/api/resource/Test Order", json=body)
        altered = token[:-1] + ("y" if token.endswith("x") else "x")
        wrong = client.post("/api/resource/Test Order", json=body, headers={"X-Frappe-CSRF-Token": altered})
        assert (missing.status_code, wrong.status_code) == (403, 403)
        assert "CSRF" in missing.json()["message"]
        assert client.get("/api/resource/Test Order", params={"limit": 100}).status_code == 200  # reads need none
        count = len(client.get("/api/resource/Test Order", params={"limit": 100}).json()["data"])
        created = client.post("/api/resource/Test Order", json=body, headers={"X-Frappe-CSRF-Token": token})
        assert created.status_code == 200, created.text
        assert len(client.get("/api/resource/Test Order", params={"limit": 100}).json()["data"]) == count + 1


def test_security_headers(served):
    with served.client() as client:
        response = client.get(WHO)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    assert response.headers["cache-control"] == "no-store"
