"""Sales Pipeline: a named set of ordered stages; exactly one pipeline is the default."""

from __future__ import annotations

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document


class SalesPipeline(Document):
    def validate(self) -> None:
        others = lowcode.get_all("Sales Pipeline", filters={"is_default": 1, "name": ["!=", self.name or ""]}, pluck="name")
        if not self.is_default and not others:
            if not self.is_new():
                raise ValidationError(
                    f"Sales Pipeline '{self.name}' is the default pipeline; flag another pipeline as the default instead.",
                    doctype="Sales Pipeline", name=self.name, fieldname="is_default",
                )  # fmt: skip
            self.is_default = 1

    def on_update(self) -> None:
        if self.is_default:
            table = get_table("Sales Pipeline")
            local.db.execute(table.update().where(table.c.name != self.name, table.c.is_default == 1).values(is_default=0))

    def on_trash(self) -> None:
        if self.is_default:
            raise ValidationError(
                f"Sales Pipeline '{self.name}' is the default pipeline; flag another pipeline as the default before deleting it.",
                doctype="Sales Pipeline", name=self.name, fieldname="is_default",
            )  # fmt: skip
