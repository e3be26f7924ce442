"""Document-level checks: may this user do `right` on this doctype, or on this document?"""

from __future__ import annotations

from typing import Any

from lowcode.apps import collect_dict, import_dotted, ordered
from lowcode.context import local
from lowcode.exceptions import AuthenticationError, PermissionError
from lowcode.meta.cache import derived, get_meta
from lowcode.perms.ownership import is_own
from lowcode.perms.roles import ADMIN, GUEST
from lowcode.perms.rules import user_rules


def _doc_hooks() -> dict[str, list[Any]]:
    paths = collect_dict(ordered(local.site.installed_apps), "has_permission")
    return {doctype: [import_dotted(p) for p in fns] for doctype, fns in paths.items()}


def has_permission(doctype: str, right: str = "read", doc: Any = None, user: str | None = None) -> bool:
    """Whether `user` may do `right` on `doctype` (on `doc`, when given)."""
    user = user or local.user
    if user == ADMIN:
        return True
    meta = get_meta(doctype)
    if meta.istable:
        parent = doc.parent_doc if doc is not None else None
        return parent is not None and has_permission(parent.doctype, right, parent, user)
    rules = user_rules(doctype, user)
    if not rules.allows(right) and not (right == "select" and rules.allows("read")):
        return False
    own_rule = rules.only_own(right if rules.allows(right) else "read")
    if doc is not None and right != "create" and own_rule and not is_own(doc, user, right):
        return False
    hooks = derived(local.site, "has_permission_hooks", _doc_hooks)
    return all(hook(doc, user, right) is not False for hook in hooks.get(doctype, []))


def check_doc_permission(doc: Any, right: str, user: str | None = None) -> None:
    """Raise PermissionError (nothing written) unless `user` may do `right` on `doc`."""
    user = user or local.user
    if has_permission(doc.doctype, right, doc, user):
        return
    what = f"{doc.doctype} '{doc.name}'" if doc.get("name") else f"a new {doc.doctype}"
    if user == GUEST:
        raise AuthenticationError(f"Log in to {right} {what}.", doctype=doc.doctype, right=right)
    who = user
    raise PermissionError(
        f"{who} may not {right} {what}. Ask a System Manager for the right role.",
        doctype=doc.doctype, name=doc.get("name"), right=right,
    )  # fmt: skip


def check_doctype_permission(doctype: str, right: str, user: str | None = None) -> None:
    if not has_permission(doctype, right, None, user):
        user = user or local.user
        if user == GUEST:
            raise AuthenticationError(f"Log in to {right} {doctype} records.", doctype=doctype, right=right)
        raise PermissionError(f"{user} may not {right} {doctype} records.", doctype=doctype, right=right)
