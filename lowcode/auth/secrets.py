"""Secrets kept outside doctype tables, in `__Auth`: user passwords (argon2 hashes), API
secrets (SHA-256 of a random token) and reversible secrets such as SMTP passwords
(Fernet, keyed from the site's secret_key)."""

from __future__ import annotations

import base64
import hashlib
import hmac

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken

from lowcode.context import local
from lowcode.db.tables import auth_table
from lowcode.exceptions import ConfigurationError

_hasher = PasswordHasher()


def _write(doctype: str, name: str, fieldname: str, value: str, encrypted: int) -> None:
    table = auth_table()
    key = (table.c.doctype == doctype) & (table.c.name == name) & (table.c.fieldname == fieldname)
    local.db.execute(table.delete().where(key))
    local.db.execute(table.insert().values(doctype=doctype, name=name, fieldname=fieldname, password=value, encrypted=encrypted))


def _read(doctype: str, name: str, fieldname: str) -> str | None:
    table = auth_table()
    query = sa.select(table.c.password).where(table.c.doctype == doctype, table.c.name == name, table.c.fieldname == fieldname)
    return local.db.scalar(query)


def delete_secrets(doctype: str, name: str) -> None:
    table = auth_table()
    local.db.execute(table.delete().where(table.c.doctype == doctype, table.c.name == name))


def set_password(user: str, password: str) -> None:
    """Store the argon2 hash of a user's password."""
    _write("User", user, "password", _hasher.hash(password), 0)


def check_password(user: str, password: str) -> bool:
    stored = _read("User", user, "password")
    if not stored:
        _hasher.hash(password)  # same cost whether or not the user exists
        return False
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(stored):
        set_password(user, password)
    return True


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_token(doctype: str, name: str, fieldname: str, token: str) -> None:
    """Store a random token (an API secret) by its SHA-256 digest."""
    _write(doctype, name, fieldname, token_digest(token), 0)


def check_token(doctype: str, name: str, fieldname: str, token: str) -> bool:
    stored = _read(doctype, name, fieldname)
    return bool(stored) and hmac.compare_digest(stored or "", token_digest(token))


def _fernet() -> Fernet:
    secret = local.site.get("secret_key")
    if not secret:
        raise ConfigurationError(f"Site {local.site.name} has no secret_key; set one with `lowcode set-config secret_key ...`.")
    key = base64.urlsafe_b64encode(hashlib.sha256(str(secret).encode()).digest())
    return Fernet(key)


def set_secret(doctype: str, name: str, fieldname: str, value: str) -> None:
    """Store a secret that must be read back (encrypted with the site key)."""
    _write(doctype, name, fieldname, _fernet().encrypt(value.encode()).decode(), 1)


def get_secret(doctype: str, name: str, fieldname: str) -> str | None:
    stored = _read(doctype, name, fieldname)
    if stored is None:
        return None
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken as exc:
        raise ConfigurationError(
            f"The stored {fieldname} of {doctype} '{name}' cannot be decrypted: the site's secret_key changed. Enter it again."
        ) from exc
