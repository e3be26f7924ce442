"""Email Account: the SMTP server outgoing mail goes through (one is the default)."""

from __future__ import annotations

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document


class EmailAccount(Document):
    def validate(self) -> None:
        if self.use_tls and self.use_ssl:
            raise ValidationError(f"Email Account {self.name}: choose STARTTLS or SSL/TLS, not both.", doctype="Email Account",
                                  name=self.name, fieldname="use_ssl")  # fmt: skip
        port = self.smtp_port or (465 if self.use_ssl else 587)
        if not 0 < int(port) < 65536:
            raise ValidationError(f"Email Account {self.name}: port {port} is not between 1 and 65535.", doctype="Email Account",
                                  name=self.name, fieldname="smtp_port")  # fmt: skip
        self.smtp_port = int(port)

    def on_update(self) -> None:
        if self.default_outgoing:
            table = get_table("Email Account")
            local.db.execute(table.update().where(table.c.name != self.name, table.c.default_outgoing == 1).values(default_outgoing=0))
