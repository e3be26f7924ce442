"""Property Setter: an admin's change to one property of a doctype or a field."""

from __future__ import annotations

from lowcode.core.customization import apply_customization
from lowcode.exceptions import ValidationError
from lowcode.meta.cache import get_meta
from lowcode.meta.customize import DOCTYPE_PROPERTIES, FIELD_PROPERTIES
from lowcode.model.document import Document


class PropertySetter(Document):
    def autoname(self) -> None:
        """`<doctype>-<field>-<property>`; doctype-level setters use `main` as the field (Frappe's rule)."""
        field = self.field_name if self.doctype_or_field == "DocField" else None
        self.name = f"{self.doc_type}-{field or 'main'}-{self.property}"

    def validate(self) -> None:
        meta = get_meta(self.doc_type)
        if self.doctype_or_field == "DocField":
            if not self.field_name or not meta.get_field(self.field_name):
                raise ValidationError(
                    f"{self.doc_type} has no field '{self.field_name}'.", doctype="Property Setter", fieldname="field_name"
                )
            allowed = FIELD_PROPERTIES
        else:
            self.field_name = None
            allowed = DOCTYPE_PROPERTIES | {"field_order"}
        if self.property not in allowed:
            raise ValidationError(
                f"'{self.property}' cannot be changed with a Property Setter (allowed: {', '.join(sorted(allowed))}).",
                doctype="Property Setter", fieldname="property",
            )  # fmt: skip

    def on_update(self) -> None:
        apply_customization([self.doc_type])

    def after_delete(self) -> None:
        """Reload once the record is gone, so the merged metadata no longer has it."""
        apply_customization([self.doc_type])
