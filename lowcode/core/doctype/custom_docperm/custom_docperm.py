"""Custom DocPerm: admins' permission rules; once a doctype has any, they replace its standard rules."""

from __future__ import annotations

from lowcode.context import local
from lowcode.meta.cache import bump_version
from lowcode.model.document import Document


class CustomDocPerm(Document):
    def on_update(self) -> None:
        bump_version(local.site)

    def on_trash(self) -> None:
        bump_version(local.site)
