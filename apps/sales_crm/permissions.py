"""Team visibility: a team leader's "own documents" include those of the team's members."""

from __future__ import annotations

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.perms import get_roles

LEADER_ROLE = "Sales Team Leader"


def team_member_users(doctype: str, user: str) -> list[str]:
    """`owner_scope` hook: the users of the members of the teams `user` leads.

    Only users with the Sales Team Leader role get a scope; leading a team in the data
    alone grants nothing. The members' current Sales Person user is used, so moving a
    person to another team moves the visibility of their documents with them.
    """
    if LEADER_ROLE not in get_roles(user):
        return []
    team = get_table("Sales Team")
    member = get_table("Sales Team Member")
    person = get_table("Sales Person")
    query = (
        sa.select(person.c.user)
        .select_from(member.join(team, member.c.parent == team.c.name).join(person, person.c.name == member.c.sales_person))
        .where(
            team.c.leader == user,
            member.c.parenttype == "Sales Team",
            member.c.parentfield == "members",
            person.c.user.is_not(None),
        )
        .distinct()
    )
    return sorted(set(local.db.execute(query).scalars()) - {user})
