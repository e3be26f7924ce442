"""User: people who log in, their roles, password and API key."""

from __future__ import annotations

from lowcode.auth import sessions
from lowcode.auth.secrets import check_password, delete_secrets, set_password
from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document
from lowcode.perms.roles import get_roles

PROTECTED_USERS = ("Administrator", "Guest")


class User(Document):
    def validate(self) -> None:
        self.full_name = " ".join(p for p in (self.first_name, self.last_name) if p) or self.name
        seen = set()
        for row in self.roles:
            if row.role in seen:
                raise ValidationError(
                    f"User {self.name}: role {row.role} is listed twice.", doctype="User", name=self.name, fieldname="roles"
                )
            seen.add(row.role)
        if self.name in PROTECTED_USERS and not self.enabled and self.name == "Administrator":
            raise ValidationError("The Administrator user cannot be disabled.", doctype="User", name=self.name, fieldname="enabled")

    def before_save(self) -> None:
        password, current = self.new_password, self.old_password
        self.old_password = None
        if password:
            self._check_current_password(current)
            minimum = int(local.site.get("min_password_length"))
            if len(password) < minimum:
                raise ValidationError(
                    f"The password must have at least {minimum} characters.", doctype="User", name=self.name, fieldname="new_password"
                )
            set_password(self.name, password)
            self.new_password = None

    def _check_current_password(self, current: str | None) -> None:
        """People changing their own password prove they know the current one; System Managers set anyone's."""
        if self.flags.ignore_permissions or local.user != self.name or "System Manager" in get_roles(local.user):
            return
        if not current or not check_password(self.name, current):
            raise ValidationError(
                "Enter your current password correctly to set a new one.", doctype="User", name=self.name, fieldname="old_password"
            )

    def on_update(self) -> None:
        if not self.enabled and self.has_value_changed("enabled"):
            sessions.destroy_all(self.name)

    def on_trash(self) -> None:
        if self.name in PROTECTED_USERS:
            raise ValidationError(f"The {self.name} user cannot be deleted.", doctype="User", name=self.name)
        delete_secrets("User", self.name)

    def role_names(self) -> list[str]:
        return [row.role for row in self.roles]
