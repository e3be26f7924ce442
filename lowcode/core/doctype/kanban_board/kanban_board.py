"""Kanban Board: checks that the column field is a Select or Link and that card fields exist."""

from __future__ import annotations

from lowcode.exceptions import ValidationError
from lowcode.meta.cache import get_meta
from lowcode.model.document import Document

CARD_FIELDS = {
    "title_field": None,
    "secondary_field": None,
    "amount_field": ("Currency", "Float", "Int", "Percent"),
    "rating_field": ("Rating",),
    "date_field": ("Date", "Datetime"),
}


class KanbanBoard(Document):
    def validate(self) -> None:
        meta = get_meta(self.reference_doctype)
        column = meta.get_field(self.field_name or "")
        if column is None or column.fieldtype not in ("Select", "Link"):
            raise ValidationError(
                f"{self.reference_doctype} has no Select or Link field '{self.field_name}' to make columns from.",
                doctype=self.doctype, fieldname="field_name",
            )  # fmt: skip
        for key, types in CARD_FIELDS.items():
            fieldname = self.get(key)
            if not fieldname:
                continue
            df = meta.get_field(fieldname)
            if df is None or (types and df.fieldtype not in types):
                wanted = f" of type {' or '.join(types)}" if types else ""
                raise ValidationError(f"{self.reference_doctype} has no field '{fieldname}'{wanted}.", doctype=self.doctype, fieldname=key)
        if not self.columns and column.fieldtype == "Select":
            for option in column.select_options:
                if option:
                    self.append("columns", {"column_name": option})
        seen: set[str] = set()
        for row in self.columns:
            if row.column_name in seen:
                raise ValidationError(f"Column '{row.column_name}' appears twice.", doctype=self.doctype, fieldname="columns")
            seen.add(row.column_name)
