"""Lead: a person or company that may buy; converted into an opportunity (see conversion.py)."""

from __future__ import annotations

from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document
from sales_crm.lifecycle import keep_stored_stage
from sales_crm.rows import drop_duplicates
from sales_crm.sales_people import sales_person_of, set_sales_person

CONVERTED = "Converted"


class Lead(Document):
    def validate(self) -> None:
        person = " ".join(p for p in (self.first_name, self.last_name) if p)
        self.lead_name = person or self.company_name
        if not self.lead_name:
            raise ValidationError(
                f"Lead '{self.name or 'new'}': give a first name or a company name.", doctype="Lead", name=self.name, fieldname="first_name"
            )
        if self.is_new() and not self.lead_owner:
            self.lead_owner = sales_person_of(local.user)
        set_sales_person(self, "lead_owner", "lead_owner_user", "sales_team")
        keep_stored_stage(self)
        drop_duplicates(self, "tags", "tag")
        self._check_status()

    def _check_status(self) -> None:
        before = self.get_doc_before_save()
        was = before.status if before is not None else None
        if was == CONVERTED and self.status != CONVERTED:
            raise ValidationError(
                f"Lead '{self.name}' was converted to Opportunity '{before.opportunity}'; its status stays Converted.",  # type: ignore[union-attr]
                doctype="Lead", name=self.name, fieldname="status",
            )  # fmt: skip
        if self.status == CONVERTED and was != CONVERTED and not self.flags.converting:
            raise ValidationError(
                f"Lead '{self.name or 'new'}': use Convert to turn a lead into an opportunity; the status Converted is set by it.",
                doctype="Lead", name=self.name, fieldname="status",
            )  # fmt: skip
