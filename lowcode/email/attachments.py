"""Email attachments: given as content, as a site File, or as a document's print (PDF).

Stored on the Email Queue row as JSON and turned into bytes only when the mail is sent:
    {"fname": "offer.txt", "content": "<base64>", "mimetype": "text/plain"}
    {"file_url": "/private/files/contract.pdf"}
    {"print": {"doctype": "Quotation", "name": "QTN-0001", "print_format": "Standard", "lang": "es"}}
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Sequence
from typing import Any

from lowcode.context import local
from lowcode.exceptions import ValidationError

DOCTYPE = "Email Queue"


def _bad(message: str) -> ValidationError:
    return ValidationError(f"Email Queue: attachment {message}", doctype=DOCTYPE, fieldname="attachments")


def normalize_attachments(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check each attachment now (so a bad one is refused when queued) and make it JSON-ready."""
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise _bad(f"{item!r} must be a dict with fname+content, file_url or print.")
        if "print" in item:
            spec = item["print"]
            if not isinstance(spec, dict) or not spec.get("doctype") or not spec.get("name"):
                raise _bad("print needs doctype and name.")
            from lowcode.client import get_permitted_doc

            get_permitted_doc(str(spec["doctype"]), str(spec["name"]), "print")
            out.append({"print": {k: spec[k] for k in ("doctype", "name", "print_format", "lang") if spec.get(k)}})
        elif "file_url" in item:
            _file_path(str(item["file_url"]))
            out.append({"file_url": str(item["file_url"])})
        elif item.get("fname") and "content" in item:
            content = item["content"]
            raw = content if isinstance(content, bytes) else str(content).encode()
            mimetype = item.get("mimetype") or mimetypes.guess_type(item["fname"])[0] or "application/octet-stream"
            out.append({"fname": str(item["fname"]), "content": base64.b64encode(raw).decode(), "mimetype": mimetype})
        else:
            raise _bad(f"{sorted(item)} must have fname+content, file_url or print.")
    return out


def _file_path(file_url: str) -> Any:
    site = local.site
    if file_url.startswith("/private/files/"):
        base, rel = site.private_files_path, file_url.removeprefix("/private/files/")
    elif file_url.startswith("/files/"):
        base, rel = site.files_path, file_url.removeprefix("/files/")
    else:
        raise _bad(f"file_url {file_url!r} must start with /files/ or /private/files/.")
    path = (base / rel).resolve()
    if base.resolve() not in path.parents or not path.is_file():
        raise _bad(f"file {file_url!r} does not exist.")
    return path


def resolve_attachments(items: Sequence[dict[str, Any]]) -> list[tuple[str, bytes, str]]:
    """(filename, bytes, mimetype) for each stored attachment."""
    out = []
    for item in items:
        if "print" in item:
            from lowcode.printing.api import pdf_bytes

            spec = item["print"]
            pdf = pdf_bytes(spec["doctype"], spec["name"], spec.get("print_format"), spec.get("lang"))
            out.append((f"{spec['name']}.pdf", pdf, "application/pdf"))
        elif "file_url" in item:
            path = _file_path(item["file_url"])
            out.append((path.name, path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"))
        else:
            out.append((item["fname"], base64.b64decode(item["content"]), item["mimetype"]))
    return out
