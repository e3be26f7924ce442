"""Attachments: upload (a File record, size-limited, stored privately) and download (permission-checked)."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from lowcode import client
from lowcode.context import Local
from lowcode.db.query import get_all, get_list
from lowcode.exceptions import AuthenticationError, DoesNotExistError, LowcodeError, PermissionError, ValidationError
from lowcode.model.document import new_doc
from lowcode.perms import has_permission
from lowcode.web.errors import error_response
from lowcode.web.request import Call, Reply, call_from, run_call

URL_PREFIX = "/private/files/"
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}


def safe_name(name: str) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip("._")
    return base[:120] or "file"


def store(call: Call, ctx: Local) -> Reply:
    """Write the uploaded bytes and their File record; attach to a document the user may write.

    The record is written for the user once their right on the document (or to create Files)
    is checked, as the File doctype grants no field-level write to non-managers."""
    if ctx.user == "Guest":
        raise AuthenticationError("Log in to upload files.")
    content: bytes = call.args.pop("_content")
    filename = safe_name(str(call.args.pop("_filename") or "file"))
    limit = int(ctx.site.get("max_file_size"))
    if len(content) > limit:
        raise ValidationError(f"The file is larger than {limit // 1024} KB.", fieldname="file")
    doctype, docname = call.args.get("doctype") or None, call.args.get("docname") or None
    if doctype and docname:
        client.get_permitted_doc(str(doctype), str(docname), "write")
    elif not has_permission("File", "create"):
        raise PermissionError(f"{ctx.user} may not upload files.")
    digest = hashlib.sha256(content).hexdigest()
    stored = f"{digest[:10]}_{filename}"
    folder = ctx.site.private_files_path
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(content)
    record = new_doc("File", file_name=filename, file_url=URL_PREFIX + stored, is_private=1, file_size=len(content), content_hash=digest,
                     attached_to_doctype=doctype if docname else None, attached_to_name=docname,
                     attached_to_field=call.args.get("fieldname") or None)  # fmt: skip
    record.insert(ignore_permissions=True)
    return Reply({"message": {"name": record.name, "file_url": record.file_url, "file_name": filename}})


async def upload(request: Request) -> Response:
    """POST /app/upload (multipart: file, doctype, docname, fieldname), with the CSRF header."""
    try:
        form = await request.form(max_files=1, max_fields=10)
    except Exception as exc:  # noqa: BLE001 - a malformed body is the client's problem
        return error_response(ValidationError(f"Send the file as multipart/form-data ({exc})."))
    upload_file = form.get("file")
    if not isinstance(upload_file, UploadFile):
        return error_response(ValidationError("Choose a file to upload.", fieldname="file"))
    content = await upload_file.read()
    args: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    args.update(_content=content, _filename=upload_file.filename or "file")
    call = call_from(request, args, None)
    return await run_in_threadpool(run_call, call, store, request.app.state.site)


def serve(call: Call, ctx: Local) -> Reply:
    """GET /private/files/<name>: for the File's owner, System Managers, or readers of the attached document."""
    file_url = URL_PREFIX + str(call.path_params["path"])
    rows = get_all("File", fields=["name", "attached_to_doctype", "attached_to_name", "file_name"], filters={"file_url": file_url}, limit=1)
    if not rows or ctx.user == "Guest":
        raise DoesNotExistError("File not found.")
    row = rows[0]
    allowed = bool(get_list("File", fields=["name"], filters={"name": row["name"]}, limit=1)) if _may_list_files() else False
    if not allowed and row["attached_to_doctype"] and row["attached_to_name"]:
        try:
            client.get_permitted_doc(row["attached_to_doctype"], row["attached_to_name"], "read")
            allowed = True
        except LowcodeError:
            allowed = False
    if not allowed:
        raise PermissionError("You may not open this file.")
    path = ctx.site.private_files_path / safe_name(str(call.path_params["path"]))
    if not path.is_file():
        raise DoesNotExistError("File not found.")
    media = mimetypes.guess_type(row["file_name"] or path.name)[0] or "application/octet-stream"
    disposition = "inline" if media in INLINE_TYPES else "attachment"
    headers = {
        "content-disposition": f'{disposition}; filename="{safe_name(row["file_name"] or path.name)}"',
        "cache-control": "private, no-store",
    }
    return Reply(response=FileResponse(path, media_type=media, headers=headers))


def _may_list_files() -> bool:
    return has_permission("File", "read")
