"""Contact: a person at a customer or lead, with emails, phones and a reporting line."""

from __future__ import annotations

from lowcode.exceptions import ValidationError
from lowcode.model.document import Document
from sales_crm.parties import check_links, clear_flag_on_others, unique_name
from sales_crm.rows import one_primary
from sales_crm.trees import check_no_cycle


class Contact(Document):
    def autoname(self) -> None:
        self.name = unique_name("Contact", self._full_name())

    def _full_name(self) -> str:
        return " ".join(p.strip() for p in (self.first_name or "", self.last_name or "") if p and p.strip())

    def validate(self) -> None:
        self.full_name = self._full_name()
        one_primary(self, "email_ids")
        one_primary(self, "phone_nos")
        emails = [row.email_id for row in self.email_ids]
        repeated = sorted({e for e in emails if emails.count(e) > 1})
        if repeated:
            raise ValidationError(
                f"Contact '{self.name or 'new'}': {', '.join(repeated)} is listed twice in Emails.",
                doctype="Contact", name=self.name, fieldname="email_ids",
            )  # fmt: skip
        self.email_id = next((row.email_id for row in self.email_ids if row.is_primary), None)
        self.phone = next((row.phone for row in self.phone_nos if row.is_primary), None)
        check_links(self)
        check_no_cycle(self, "reports_to")

    def on_update(self) -> None:
        clear_flag_on_others(self, "is_primary_contact")
