"""Custom Field: a field an admin adds to a doctype; the column is added at once."""

from __future__ import annotations

import re

from lowcode.core.customization import apply_customization
from lowcode.exceptions import ValidationError
from lowcode.meta.cache import get_meta
from lowcode.model.document import Document


class CustomField(Document):
    def before_insert(self) -> None:
        if not self.fieldname and self.label:
            base = re.sub(r"[^a-z0-9]+", "_", self.label.lower()).strip("_")
            self.fieldname = f"custom_{base}"[:61] if base else None
        if not self.fieldname:
            raise ValidationError("Custom Field: give it a label or a fieldname.", doctype="Custom Field", fieldname="label")

    def validate(self) -> None:
        meta = get_meta(self.dt)
        existing = meta.get_field(self.fieldname)
        if self.is_new() and existing is not None:
            raise ValidationError(
                f"{self.dt} already has a field '{self.fieldname}'; choose another fieldname.",
                doctype="Custom Field", fieldname="fieldname",
            )  # fmt: skip
        if existing is not None and not existing.is_custom_field:
            raise ValidationError(f"'{self.fieldname}' is a standard field of {self.dt}; change it with a Property Setter.",
                                  doctype="Custom Field", fieldname="fieldname")  # fmt: skip
        if self.insert_after and not meta.get_field(self.insert_after):
            raise ValidationError(
                f"{self.dt} has no field '{self.insert_after}' to insert after.", doctype="Custom Field", fieldname="insert_after"
            )

    def on_update(self) -> None:
        before = self.get_doc_before_save()
        apply_customization({self.dt, before.dt if before else self.dt})

    def after_delete(self) -> None:
        """Reload once the record is gone, so the merged metadata no longer has it."""
        apply_customization([self.dt], sync=False)
