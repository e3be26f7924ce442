"""Sales Team: a leader and members; a sales person belongs to one team at a time."""

from __future__ import annotations

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.model.document import Document
from sales_crm.rows import drop_duplicates


class SalesTeam(Document):
    def validate(self) -> None:
        drop_duplicates(self, "members", "sales_person")

    def on_update(self) -> None:
        """Members join this team and leave their previous one; people taken off the list leave it."""
        people = get_table("Sales Person")
        members = [row.sales_person for row in self.members]
        for person in members:
            previous = lowcode.get_value("Sales Person", person, "sales_team")
            if previous == self.name:
                continue
            local.db.execute(people.update().where(people.c.name == person).values(sales_team=self.name))
            if previous and lowcode.exists("Sales Team", previous):
                team = lowcode.get_doc("Sales Team", previous)
                team.set("members", [row for row in team.members if row.sales_person != person])
                team.save(ignore_permissions=True)
        local.db.execute(people.update().where(people.c.sales_team == self.name, people.c.name.not_in(members)).values(sales_team=None))

    def on_trash(self) -> None:
        people = get_table("Sales Person")
        local.db.execute(people.update().where(people.c.sales_team == self.name).values(sales_team=None))
