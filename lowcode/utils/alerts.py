"""The one place automation code sends notifications through.

It hands over to `lowcode.notifications.notify` (Notification Log, the bell, and email)
when that package is part of the platform; until then a notice is only logged, so that
rules, scoring and playbooks already work and gain the bell the day it lands.
"""

from __future__ import annotations

import importlib.util
import logging

log = logging.getLogger(__name__)


def alert(users: list[str], subject: str, *, document_type: str | None = None, document_name: str | None = None,
          message: str = "", email: bool = False) -> None:  # fmt: skip
    """Tell `users` about `subject` (about one document, when given); empty users: nothing."""
    users = sorted({u for u in users if u})
    if not users:
        return
    if importlib.util.find_spec("lowcode.notifications") is None:
        log.info("notice for %s: %s (%s %s)", ", ".join(users), subject, document_type, document_name)
        return
    from lowcode.notifications import notify  # type: ignore[import-not-found,unused-ignore]

    notify(users, subject, document_type=document_type, document_name=document_name, message=message, email=email)
