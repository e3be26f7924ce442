"""Password reset by email through a real SMTP server on loopback (aiosmtpd): the link works once,
respects the minimum length, ends old sessions, and expires."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from email import message_from_bytes

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from tests.security.server import free_port
from tests.security.world import PASSWORD, A

REQUEST = "/api/method/lowcode.auth.reset.request_password_reset"
RESET = "/api/method/lowcode.auth.reset.reset_password"


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, _server, _session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, "no reset email arrived"
        return self.messages


@pytest.fixture
def inbox(fresh_world) -> Iterator[Inbox]:
    world, _server = fresh_world
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    world.site.set_config("mail_server", "127.0.0.1")
    world.site.set_config("mail_port", port)
    yield handler
    controller.stop()


def _key(message) -> str:
    match = re.search(r"update-password\?key=([A-Za-z0-9_\-]+)", message.get_payload(decode=True).decode())
    assert match, "the email holds no reset link"
    return match.group(1)


def test_reset_by_email_works_once(fresh_world, inbox):
    _world, server = fresh_world
    with server.client() as browser, server.client() as guest:
        assert browser.post("/api/method/login", json={"usr": A, "pwd": PASSWORD}).status_code == 200
        answer = guest.post(REQUEST, json={"user": A})
        assert answer.status_code == 200
        assert guest.post(REQUEST, json={"user": "nobody@sec.test"}).json() == answer.json()  # no account enumeration
        message = inbox.wait_for(1)[0]
        assert message["To"] == A
        key = _key(message)
        short = guest.post(RESET, json={"key": key, "new_password": "short"})
        assert short.status_code == 417 and "at least" in short.json()["message"]
        assert guest.post(RESET, json={"key": key, "new_password": "A-new-password-2"}).status_code == 200
        assert guest.post(RESET, json={"key": key, "new_password": "Another-one-3"}).status_code == 401  # used once
        assert browser.get("/api/method/frappe.auth.get_logged_user").status_code == 401  # old sessions ended
        assert guest.post("/api/method/login", json={"usr": A, "pwd": PASSWORD}).status_code == 401
        assert guest.post("/api/method/login", json={"usr": A, "pwd": "A-new-password-2"}).status_code == 200
    assert len(inbox.messages) == 1


def test_reset_link_expires(fresh_world, inbox):
    world, server = fresh_world
    with server.client() as guest:
        guest.post(REQUEST, json={"user": A})
        key = _key(inbox.wait_for(1)[0])
        auth = world.table("__Auth")
        past = dt.datetime(2000, 1, 1).isoformat()
        with world.engine.begin() as conn:
            stored = conn.execute(sa.select(auth.c.password).where(auth.c.name == A, auth.c.fieldname == "reset_password_key")).scalar_one()
            conn.execute(
                auth.update()
                .where(auth.c.name == A, auth.c.fieldname == "reset_password_key")
                .values(password=f"{stored.split('|')[0]}|{past}")
            )
        expired = guest.post(RESET, json={"key": key, "new_password": "A-new-password-2"})
        assert expired.status_code == 401 and "expired" in expired.json()["message"]
        assert guest.post("/api/method/login", json={"usr": A, "pwd": PASSWORD}).status_code == 200
