"""Logging in: password check with throttling and temporary lockout."""

from __future__ import annotations

import sqlalchemy as sa

from lowcode.auth import sessions
from lowcode.auth.secrets import check_password
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import AuthenticationError, TooManyRequestsError
from lowcode.utils import ratelimit
from lowcode.utils.dates import now

IP_LIMIT = ratelimit.Limit(hits=50, window=600, block=600)


def _user_limit() -> ratelimit.Limit:
    seconds = max(1, round(float(local.site.get("lockout_minutes")) * 60))
    return ratelimit.Limit(hits=int(local.site.get("login_attempts_before_lockout")), window=seconds, block=seconds)


def _refuse_if_blocked(key: str, who: str) -> None:
    seconds = ratelimit.blocked_for(key)
    if seconds:
        minutes = max(1, (seconds + 59) // 60)
        raise TooManyRequestsError(
            f"Too many failed logins for {who}. Try again in {minutes} minute{'s' if minutes > 1 else ''}, "
            "or ask an administrator to reset your password.",
            retry_after=seconds,
        )


def resolve_login_name(login: str) -> str | None:
    """The User name for an email or user name (case-insensitive email)."""
    table = get_table("User")
    login = login.strip()
    query = sa.select(table.c.name).where(sa.or_(table.c.name == login, sa.func.lower(table.c.email) == login.lower()))
    return local.db.scalar(query.limit(1))


def authenticate(login: str, password: str, ip: str | None) -> str:
    """The user name for valid credentials; raises AuthenticationError or TooManyRequestsError."""
    login_key = f"login:user:{login.strip().lower()}"
    ip_key = f"login:ip:{ip or '-'}"
    _refuse_if_blocked(login_key, "this account")
    _refuse_if_blocked(ip_key, "this address")
    user = resolve_login_name(login) if login else None
    valid = check_password(user or "", password) and user not in (None, "Guest")
    users = get_table("User")
    enabled = valid and bool(local.db.scalar(sa.select(users.c.enabled).where(users.c.name == user)))
    if not enabled:
        blocked = ratelimit.hit(login_key, _user_limit())
        ratelimit.hit(ip_key, IP_LIMIT)
        local.db.commit()
        if blocked:
            _refuse_if_blocked(login_key, "this account")
        if valid:
            raise AuthenticationError("This user is disabled. Ask a System Manager to enable it.")
        raise AuthenticationError("Incorrect email or password.")
    ratelimit.reset(login_key)
    return str(user)


def login(login_name: str, password: str, ip: str | None) -> sessions.Session:
    user = authenticate(login_name, password, ip)
    users = get_table("User")
    local.db.execute(users.update().where(users.c.name == user).values(last_login=now(), last_ip=ip))
    return sessions.create(user, ip)
