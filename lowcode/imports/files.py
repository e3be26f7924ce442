"""Keeping an import file in the site's private files, and its Data Import record."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from lowcode.context import local
from lowcode.imports.reader import check_format
from lowcode.model.document import new_doc


def store_file(path: Path) -> str:
    """Copy `path` into the private files folder with a File record; returns its URL."""
    from lowcode.web.desk.files import URL_PREFIX, safe_name

    check_format(path)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    stored = f"{digest.hexdigest()[:10]}_{safe_name(path.name)}"
    folder = local.site.private_files_path
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, folder / stored)
    new_doc("File", file_name=safe_name(path.name), file_url=URL_PREFIX + stored, is_private=1, file_size=path.stat().st_size,
            content_hash=digest.hexdigest()).insert(ignore_permissions=True)  # fmt: skip
    return URL_PREFIX + stored


def create_import(path: Path, doctype: str, update_by: str | None = None) -> str:
    """A new Data Import of the file at `path` into `doctype`; returns its name."""
    record = new_doc("Data Import", reference_doctype=doctype, import_file=store_file(path),
                     import_type="Update Existing Records" if update_by else "Insert New Records", update_by=update_by or "name")  # fmt: skip
    return str(record.insert().name)
