"""Data Import: one file imported into one doctype (see lowcode.imports)."""

from __future__ import annotations

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import ValidationError
from lowcode.imports.mapping import load_mapping
from lowcode.imports.reader import FORMATS
from lowcode.meta.cache import get_meta
from lowcode.model.document import Document


class DataImport(Document):
    def validate(self) -> None:
        meta = get_meta(self.reference_doctype)
        if meta.istable or meta.issingle:
            raise ValidationError(
                f"Data Import: {self.reference_doctype} cannot be imported on its own; import its parent document.",
                doctype="Data Import", name=self.name, fieldname="reference_doctype",
            )  # fmt: skip
        if self.import_file and not str(self.import_file).lower().endswith(FORMATS):
            raise ValidationError(
                f"Data Import: Import File must be a .csv or .xlsx file, not '{str(self.import_file).rsplit('/', 1)[-1][:80]}'.",
                doctype="Data Import", name=self.name, fieldname="import_file",
            )  # fmt: skip
        if self.import_type == "Update Existing Records" and self.update_by not in (None, "", "name"):
            df = meta.get_field(self.update_by)
            if df is None or not df.unique:
                raise ValidationError(
                    f"Data Import: Update By must be 'name' or a unique field of {self.reference_doctype}; '{self.update_by}' is not.",
                    doctype="Data Import", name=self.name, fieldname="update_by",
                )  # fmt: skip
        load_mapping(self.column_mapping, self.reference_doctype)

    def on_trash(self) -> None:
        table = get_table("Data Import Log")
        local.db.execute(sa.delete(table).where(table.c.data_import == self.name))
