"""Logged-in HTTP clients on a test site (Starlette's TestClient over the real app)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from lowcode.web.app import create_app
from tests.platform.engines_world import PASSWORD


class Client:
    """A user's session: cookie plus the CSRF header on writes."""

    def __init__(self, site_name: str, user: str | None = None, password: str = PASSWORD) -> None:
        self.http = TestClient(create_app(site_name), base_url="http://testserver")
        self.csrf = ""
        if user:
            answer = self.http.post("/api/method/login", json={"usr": user, "pwd": password})
            assert answer.status_code == 200, answer.text
            self.csrf = answer.json()["csrf_token"]

    def get(self, method: str, **params: Any) -> Any:
        return self.http.get(f"/api/method/{method}", params=params)

    def post(self, method: str, **body: Any) -> Any:
        return self.http.post(f"/api/method/{method}", json=body, headers={"X-Frappe-CSRF-Token": self.csrf})
