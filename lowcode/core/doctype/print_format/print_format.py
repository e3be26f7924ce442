"""Print Format: the template must parse; one default per document type."""

from __future__ import annotations

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import DoesNotExistError, TemplateError, ValidationError
from lowcode.meta.cache import get_meta
from lowcode.model.document import Document
from lowcode.printing.sandbox import check_syntax


class PrintFormat(Document):
    def validate(self) -> None:
        try:
            meta = get_meta(self.doc_type)
        except DoesNotExistError as exc:
            raise ValidationError(f"Print Format '{self.name}': there is no DocType '{self.doc_type}'.", doctype="Print Format",
                                  fieldname="doc_type") from exc  # fmt: skip
        if meta.istable:
            raise ValidationError(f"Print Format '{self.name}': {self.doc_type} is a child table; print its parent.",
                                  doctype="Print Format", fieldname="doc_type")  # fmt: skip
        try:
            check_syntax(self.html or "", f"Print Format '{self.print_format_name}'")
        except TemplateError as exc:
            raise ValidationError(exc.message, doctype="Print Format", name=self.name, fieldname="html") from exc

    def on_update(self) -> None:
        if self.is_default:
            table = get_table("Print Format")
            local.db.execute(table.update().where(table.c.doc_type == self.doc_type, table.c.name != self.name).values(is_default=0))
