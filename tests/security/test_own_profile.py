"""People edit their own profile (language, time zone, password) but never their roles or enabled flag."""

from __future__ import annotations

from tests.security.world import PASSWORD, A, B

ME = f"/api/resource/User/{A}"


def test_user_edits_own_profile_but_not_roles(fresh_world):
    world, server = fresh_world
    with server.client(world.tokens[A]) as client:
        mine = client.get(ME)
        assert mine.status_code == 200 and mine.json()["data"]["name"] == A
        assert "api_secret" not in mine.json()["data"]
        changed = client.put(ME, json={"language": "es", "time_zone": "Europe/Madrid"})
        assert changed.status_code == 200, changed.text
        assert changed.json()["data"]["language"] == "es"
        promoted = client.put(ME, json={"roles": [{"role": "System Manager"}]})
        assert promoted.status_code in (403, 417) and "Roles" in promoted.json()["message"]
        disabled = client.put(ME, json={"enabled": 0})
        assert disabled.status_code in (403, 417)
        assert [row["role"] for row in client.get(ME).json()["data"].get("roles", [])] in ([], ["Test Clerk"])
        assert client.get(f"/api/resource/User/{B}").status_code == 403
        assert client.put(f"/api/resource/User/{B}", json={"language": "es"}).status_code == 403
        listed = client.get("/api/resource/User", params={"fields": '["name"]', "limit_page_length": 100}).json()["data"]
        assert [row["name"] for row in listed] == [A]


def test_changing_own_password_needs_the_current_one(fresh_world):
    world, server = fresh_world
    with server.client(world.tokens[A]) as client:
        refused = client.put(ME, json={"new_password": "Another-pass-2"})
        assert refused.status_code == 417 and "current password" in refused.json()["message"]
        wrong = client.put(ME, json={"new_password": "Another-pass-2", "old_password": "not-it"})
        assert wrong.status_code == 417
        assert client.put(ME, json={"new_password": "Another-pass-2", "old_password": PASSWORD}).status_code == 200
    with server.client() as browser:
        assert browser.post("/api/method/login", json={"usr": A, "pwd": PASSWORD}).status_code == 401
        assert browser.post("/api/method/login", json={"usr": A, "pwd": "Another-pass-2"}).status_code == 200
