"""DocType records: the site's copy of every doctype, and the definition of custom ones."""

from __future__ import annotations

import sqlalchemy as sa

from lowcode.context import local
from lowcode.core.customization import apply_customization
from lowcode.exceptions import ValidationError
from lowcode.meta.cache import all_metas, bump_version
from lowcode.model.document import Document


class DocType(Document):
    def validate(self) -> None:
        if self.flags.from_app_sync:
            return
        if not self.custom:
            raise ValidationError(
                f"DocType '{self.name}' comes from app {self.app or 'core'} and is changed in its JSON file. "
                "Add fields or change properties with Customize Form instead.",
                doctype="DocType", name=self.name,
            )  # fmt: skip
        standard = all_metas(local.site).get(self.name)
        if standard is not None and not standard.custom:
            raise ValidationError(f"A DocType named '{self.name}' already exists in app {standard.app}.", doctype="DocType", name=self.name)
        self.module = self.module or "Custom"

    def on_update(self) -> None:
        if self.custom and not self.flags.from_app_sync:
            apply_customization([self.name])

    def on_trash(self) -> None:
        if not self.custom and not self.flags.from_app_sync:
            raise ValidationError(
                f"DocType '{self.name}' belongs to app {self.app}; uninstall the app instead.", doctype="DocType", name=self.name
            )
        if self.custom and not self.issingle:
            from lowcode.db.schema import schema_connection

            with schema_connection() as conn:
                inspector = sa.inspect(conn)
                if inspector.has_table(f"tab{self.name}"):
                    count = conn.execute(sa.select(sa.func.count()).select_from(sa.table(f"tab{self.name}"))).scalar()
                    if count:
                        raise ValidationError(
                            f"DocType '{self.name}' still holds {count} records; delete them first.", doctype="DocType", name=self.name
                        )
        bump_version(local.site)
