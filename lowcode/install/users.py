"""The built-in users every site has."""

from __future__ import annotations

from lowcode.model.document import new_doc
from lowcode.model.persistence import exists


def create_builtin_users() -> None:
    if not exists("User", "Administrator"):
        admin = new_doc("User", email="admin@example.com", first_name="Administrator",
                        roles=[{"role": "Administrator"}, {"role": "System Manager"}])  # fmt: skip
        admin.name = "Administrator"
        admin.flags.ignore_version = True
        admin.flags.keep_name = True
        admin.insert(ignore_permissions=True)
    if not exists("User", "Guest"):
        guest = new_doc("User", email="guest@example.com", first_name="Guest", roles=[{"role": "Guest"}])
        guest.name = "Guest"
        guest.flags.keep_name = True
        guest.insert(ignore_permissions=True)
