"""Sales Person: a member of the sales force, usually with a user who logs in."""

from __future__ import annotations

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.model.document import Document
from sales_crm.sales_people import forget_sales_people

#: (doctype, sales person field, user field) kept in step when a sales person's user changes
ASSIGNED = (("Lead", "lead_owner", "lead_owner_user"), ("Opportunity", "sales_person", "sales_person_user"),
            ("Sales Team Member", "sales_person", "user"))  # fmt: skip


class SalesPerson(Document):
    def validate(self) -> None:
        """The team is kept by the teams' member lists; a team given to a new sales person is joined."""
        before = self.get_doc_before_save()
        if before is None:
            self.flags.join_team = self.sales_team
            self.sales_team = None
        else:
            self.sales_team = before.sales_team

    def after_insert(self) -> None:
        if self.flags.join_team:
            team = lowcode.get_doc("Sales Team", self.flags.join_team)
            team.append("members", {"sales_person": self.name})
            team.save()
            self.sales_team = self.flags.join_team

    def on_update(self) -> None:
        forget_sales_people()
        before = self.get_doc_before_save()
        if before is None or before.user == self.user:
            return
        for doctype, person_field, user_field in ASSIGNED:
            table = get_table(doctype)
            local.db.execute(table.update().where(table.c[person_field] == self.name).values({user_field: self.user}))

    def on_trash(self) -> None:
        forget_sales_people()
