"""Password reset: a random key sent by email, stored hashed, valid for one hour, used once."""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlencode

import sqlalchemy as sa

from lowcode.auth import sessions
from lowcode.auth.login import resolve_login_name
from lowcode.auth.secrets import token_digest
from lowcode.context import local
from lowcode.db.tables import auth_table, get_table
from lowcode.email.smtp import build_message, can_send, send
from lowcode.exceptions import AuthenticationError, TooManyRequestsError, ValidationError
from lowcode.model.document import get_doc
from lowcode.utils import ratelimit
from lowcode.utils.dates import now
from lowcode.web.whitelist import whitelist

KEY_FIELD = "reset_password_key"
VALID_FOR = dt.timedelta(hours=1)
REQUEST_LIMIT = ratelimit.Limit(hits=5, window=3600, block=3600)
GENERIC_ANSWER = "If this account exists, an email with a link to set a new password is on its way."


@whitelist(allow_guest=True, methods=("POST",))
def request_password_reset(user: str) -> str:
    """Email a reset link; answers the same whether or not the account exists."""
    if not isinstance(user, str) or not user.strip():
        raise ValidationError("Give the email address of the account.", fieldname="user")
    if not can_send():
        raise ValidationError("This site cannot send email yet, so passwords cannot be reset by email. Ask an administrator.")
    if ratelimit.hit(f"reset:{local.request_ip or '-'}", REQUEST_LIMIT):
        raise TooManyRequestsError("Too many reset requests from this address; try again in an hour.")
    name = resolve_login_name(user)
    if not name or name in ("Guest", "Administrator"):
        return GENERIC_ANSWER
    users = get_table("User")
    row = local.db.execute(sa.select(users.c.email, users.c.enabled).where(users.c.name == name)).first()
    if row is None or not row.enabled:
        return GENERIC_ANSWER
    key = secrets.token_urlsafe(32)
    expires = now() + VALID_FOR
    table = auth_table()
    local.db.execute(table.delete().where(table.c.doctype == "User", table.c.name == name, table.c.fieldname == KEY_FIELD))
    local.db.execute(table.insert().values(doctype="User", name=name, fieldname=KEY_FIELD,
                                           password=f"{token_digest(key)}|{expires.isoformat()}", encrypted=0))  # fmt: skip
    link = f"{str(local.site.get('host_name')).rstrip('/')}/update-password?{urlencode({'key': key})}"
    text = (f"Someone asked to reset the password of {name}.\n\nSet a new password here (the link works for one hour, once):\n"
            f"{link}\n\nIf it was not you, ignore this email.")  # fmt: skip
    local.db.after_commit(lambda: send(build_message([row.email], "Reset your password", text)))
    return GENERIC_ANSWER


@whitelist(allow_guest=True, methods=("POST",))
def reset_password(key: str, new_password: str) -> str:
    """Set a new password with a key from the reset email; ends every session of the user."""
    if not isinstance(key, str) or not key or len(key) > 200:
        raise AuthenticationError("This reset link is not valid.")
    table = auth_table()
    prefix = f"{token_digest(key)}|"
    row = local.db.execute(
        sa.select(table.c.name, table.c.password).where(table.c.fieldname == KEY_FIELD, table.c.password.startswith(prefix))
    ).first()
    if row is None:
        raise AuthenticationError("This reset link is not valid or was already used. Ask for a new one.")
    expires = dt.datetime.fromisoformat(row.password.split("|", 1)[1])
    local.db.execute(table.delete().where(table.c.doctype == "User", table.c.name == row.name, table.c.fieldname == KEY_FIELD))
    if expires < now():
        local.db.commit()
        raise AuthenticationError("This reset link has expired. Ask for a new one.")
    user = get_doc("User", row.name)
    user.new_password = new_password
    user.flags.ignore_permissions = True
    user.save()
    sessions.destroy_all(row.name)
    return "Your password has been changed. Log in with the new one."
