"""Sales people on documents: the assigned user and team follow the sales person."""

from __future__ import annotations

import lowcode
from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document


def sales_person_of(user: str) -> str | None:
    """The active sales person whose user is `user`, if any (remembered for the unit of work)."""
    key = ("sales_person_of", user)
    if key not in local.cache:
        local.cache[key] = lowcode.get_value("Sales Person", {"user": user, "active": 1}, "name")
    return local.cache[key]


def forget_sales_people() -> None:
    """Drop the remembered answers of sales_person_of (a sales person changed)."""
    for key in [k for k in local.cache if isinstance(k, tuple) and k[:1] == ("sales_person_of",)]:
        del local.cache[key]


def set_sales_person(doc: Document, person_field: str, user_field: str, team_field: str) -> None:
    """Fill a document's assignee user and team from its sales person.

    The user always follows the sales person (it decides who sees the document); the team
    is taken when the sales person is chosen and then kept, so a later move of the person
    to another team does not rewrite history. An inactive sales person cannot be chosen.
    """
    person = doc.get(person_field)
    if not person:
        doc.set(user_field, None)
        doc.set(team_field, None)
        return
    values = lowcode.get_value("Sales Person", person, ["user", "sales_team", "active"], as_dict=True)
    if values is None:
        return  # the link check names the missing sales person
    doc.set(user_field, values["user"])
    before = doc.get_doc_before_save()
    if before is not None and before.get(person_field) == person:
        return
    if not values["active"]:
        label = doc.meta.get_field(person_field).display_label  # type: ignore[union-attr]
        raise ValidationError(
            f"{doc.doctype} '{doc.name or 'new'}': {label} '{person}' is no longer active; choose an active sales person.",
            doctype=doc.doctype, name=doc.name, fieldname=person_field,
        )  # fmt: skip
    doc.set(team_field, values["sales_team"])
