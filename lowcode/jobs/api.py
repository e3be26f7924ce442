"""Whitelisted job methods: retry a failed Background Job."""

from __future__ import annotations

from lowcode.jobs.queue import DOCTYPE, retry
from lowcode.model.document import get_doc
from lowcode.perms import check_doc_permission
from lowcode.web.whitelist import whitelist


@whitelist(methods=("POST",))
def retry_job(name: str) -> str:
    """Queue a failed job again; needs write permission on the Background Job (System Manager)."""
    check_doc_permission(get_doc(DOCTYPE, name), "write")
    return retry(name)
