"""Which Assignment Rule applies to a document, and which user it picks.

Enabled rules are cached with the metadata (saving a rule bumps the metadata version),
so inserting a document of a doctype without rules costs one dict lookup. Picking a user locks the rule's row first: two processes assigning at the same
time queue on that lock, so round robin and load balancing never hand out the same turn.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.query import get_all
from lowcode.db.tables import get_table
from lowcode.meta.cache import all_metas, derived
from lowcode.model.document import Document, get_doc
from lowcode.utils.dates import now
from lowcode.utils.safe_expr import ExpressionError, evaluate_bool

log = logging.getLogger(__name__)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Check fields that, when a linked doctype has them, say whether one of its records may be chosen
USABLE_FLAGS = {"disabled": 0, "enabled": 1, "active": 1}
ROUND_ROBIN, LOAD_BALANCING, BASED_ON_FIELD = "Round Robin", "Load Balancing", "Based on Field"


def _load_rules() -> dict[str, list[Document]]:
    if "Assignment Rule" not in all_metas(local.site):
        return {}
    names = get_all("Assignment Rule", filters={"disabled": 0}, pluck="name", order_by="priority desc, name asc")
    out: dict[str, list[Document]] = {}
    for name in names:
        rule = get_doc("Assignment Rule", name)
        out.setdefault(rule.document_type, []).append(rule)
    return out


def rules_for(doctype: str) -> list[Document]:
    """The enabled rules of `doctype`, highest priority first (cached with the metadata; read only)."""
    return derived(local.site, "assignment_rules", _load_rules).get(doctype, [])


def has_rules(doctype: str) -> bool:
    """Whether any enabled Assignment Rule is about `doctype`."""
    return bool(rules_for(doctype))


def is_active(rule: Document, at: dt.datetime | None = None) -> bool:
    """Whether `rule` works at `at` (its days of the week and hours; none set: always)."""
    at = at or now()
    days = {row.day for row in rule.assignment_days}
    if days and DAYS[at.weekday()] not in days:
        return False
    start, end = rule.from_time, rule.to_time
    if start is None or end is None:
        return True
    moment = at.time()
    return start <= moment < end if start <= end else moment >= start or moment < end


def matches(rule: Document, doc: Document) -> bool:
    """The rule's condition holds for `doc` (a broken condition is logged and does not match)."""
    try:
        return evaluate_bool(rule.condition, doc)
    except ExpressionError as exc:
        log.warning("Assignment Rule %s: condition not evaluated for %s %s: %s", rule.name, doc.doctype, doc.name, exc)
        return False


def _lock(rule: Document) -> str | None:
    """Lock the rule's row until the transaction ends; returns its stored last user."""
    table = get_table("Assignment Rule")
    return local.db.scalar(local.db.for_update(sa.select(table.c.last_user).where(table.c.name == rule.name)))


def _remember(rule: Document, user: str) -> None:
    table = get_table("Assignment Rule")
    local.db.execute(table.update().where(table.c.name == rule.name).values(last_user=user))


def _users(rule: Document) -> list[str]:
    enabled = set(get_all("User", filters={"enabled": 1}, pluck="name"))
    return list(dict.fromkeys(row.user for row in rule.users if row.user in enabled))


def _round_robin(rule: Document) -> str | None:
    users = _users(rule)
    last = _lock(rule)
    if not users:
        return None
    user = users[(users.index(last) + 1) % len(users)] if last in users else users[0]
    _remember(rule, user)
    return user


def _least_loaded(rule: Document) -> str | None:
    users = _users(rule)
    _lock(rule)
    if not users:
        return None
    todo = get_table("ToDo")
    query = (
        sa.select(todo.c.allocated_to, sa.func.count())
        .where(todo.c.status == "Open", todo.c.reference_type == rule.document_type, todo.c.allocated_to.in_(users))
        .group_by(todo.c.allocated_to)
    )
    load: Counter[str] = Counter({row[0]: row[1] for row in local.db.execute(query)})
    user = min(users, key=lambda u: (load[u], users.index(u)))
    _remember(rule, user)
    return user


def _by_field(rule: Document, doc: Document) -> str | None:
    value = doc.get(rule.based_on_field)
    if value in (None, ""):
        return None
    return next((row.user for row in rule.field_users if row.value == str(value)), None)


def pick_user(rule: Document, doc: Document) -> str | None:
    """The user `rule` assigns `doc` to, advancing the rule's turn; None when it has nobody."""
    if rule.rule == BASED_ON_FIELD:
        return _by_field(rule, doc)
    if rule.rule == LOAD_BALANCING:
        return _least_loaded(rule)
    return _round_robin(rule)


def meets_close_condition(doc: Document) -> bool:
    """Whether an enabled rule of the doctype says a document like this one is done with (its close condition holds)."""
    for rule in rules_for(doc.doctype):
        if not rule.close_condition:
            continue
        try:
            if evaluate_bool(rule.close_condition, doc):
                return True
        except ExpressionError as exc:
            log.warning("Assignment Rule %s: close condition skipped for %s %s: %s", rule.name, doc.doctype, doc.name, exc)
    return False


def choose(doc: Document) -> tuple[Document, str] | None:
    """The first enabled, active, matching rule that has a user for `doc`, and that user."""
    for rule in rules_for(doc.doctype):
        if not is_active(rule) or not matches(rule, doc):
            continue
        user = pick_user(rule, doc)
        if user:
            return rule, user
    return None


def value_for(doctype: str, fieldname: str, user: str) -> Any:
    """What `fieldname` of `doctype` holds for `user`: the user itself for a Link to User,
    else the linked doctype's usable record (see USABLE_FLAGS) that belongs to the user
    (through its first Link to User)."""
    df = all_metas(local.site)[doctype].get_field(fieldname)
    if df is None or df.fieldtype != "Link":
        return None
    if df.options == "User":
        return user
    target = all_metas(local.site).get(df.options or "")
    owner_field = next((f.fieldname for f in target.link_fields if f.options == "User"), None) if target else None
    if owner_field is None:
        return None
    filters: dict[str, Any] = {owner_field: user}
    for flag, usable in USABLE_FLAGS.items():
        field = target.get_field(flag)  # type: ignore[union-attr]
        if field is not None and field.fieldtype == "Check":
            filters[flag] = usable
    rows = get_all(df.options, filters=filters, pluck="name", order_by="name asc", limit=1)
    return rows[0] if rows else None
