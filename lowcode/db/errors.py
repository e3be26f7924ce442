"""Reading database errors the same way on SQLite, MariaDB and PostgreSQL."""

from __future__ import annotations

import re

import sqlalchemy as sa

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<cols>.+)")
_MYSQL_DUPLICATE = re.compile(r"for key '(?:[^.']*\.)?(?P<key>[^']+)'")


def unique_violation(exc: sa.exc.IntegrityError) -> str | None:
    """For a unique-key violation, the column or index it concerns ('name' for the primary key);
    None when the error is something else (a NOT NULL or check failure)."""
    orig = exc.orig
    args = getattr(orig, "args", ())
    code = getattr(orig, "sqlstate", None)
    if code is not None and not (args and isinstance(args[0], int)):
        if code != "23505":
            return None
        constraint = getattr(getattr(orig, "diag", None), "constraint_name", None) or ""
        return "name" if constraint.endswith("_pkey") else constraint
    if args and isinstance(args[0], int):
        if args[0] != 1062:
            return None
        match = _MYSQL_DUPLICATE.search(str(args[1]) if len(args) > 1 else "")
        key = match.group("key") if match else ""
        return "name" if key == "PRIMARY" else key
    match = _SQLITE_UNIQUE.search(str(orig))
    if not match:
        return None
    columns = [c.split(".")[-1] for c in match.group("cols").split(",")]
    return columns[0].strip()
