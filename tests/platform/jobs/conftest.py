"""Fixtures of the jobs, email and notification tests."""

from tests.platform.smtp_inbox import smtp_inbox

__all__ = ["smtp_inbox"]
