"""Permissions: roles, DocPerm rules, own documents, field levels, and the read condition.

Every read goes through `lowcode.db.query`, which asks `read_condition` here; every write
asks `check_doc_permission` and `check_field_levels`. There is no other path.
"""

from lowcode.perms.documents import check_doc_permission, has_permission
from lowcode.perms.fields import check_field_levels, readable_fields, strip_unreadable
from lowcode.perms.query import read_condition
from lowcode.perms.roles import ADMIN, GUEST, get_roles
from lowcode.perms.rules import user_rules

__all__ = [
    "ADMIN",
    "GUEST",
    "check_doc_permission",
    "check_field_levels",
    "get_roles",
    "has_permission",
    "read_condition",
    "readable_fields",
    "strip_unreadable",
    "user_rules",
]
