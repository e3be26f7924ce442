"""Letter Head: header and footer templates must parse; one default."""

from __future__ import annotations

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import TemplateError, ValidationError
from lowcode.model.document import Document
from lowcode.printing.sandbox import check_syntax


class LetterHead(Document):
    def validate(self) -> None:
        for field in ("header_html", "footer_html"):
            try:
                check_syntax(self.get(field) or "", f"Letter Head '{self.letter_head_name}'")
            except TemplateError as exc:
                raise ValidationError(exc.message, doctype="Letter Head", name=self.name, fieldname=field) from exc
        if self.image and not str(self.image).startswith("/files/"):
            raise ValidationError(
                "Letter Head: the logo must be a public site file (/files/...).", doctype="Letter Head", fieldname="image"
            )

    def on_update(self) -> None:
        if self.is_default:
            table = get_table("Letter Head")
            local.db.execute(table.update().where(table.c.name != self.name).values(is_default=0))
