"""One table maps domain exceptions to HTTP statuses; every error answers JSON."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from starlette.responses import Response

from lowcode import exceptions as exc
from lowcode.web.responses import json_response

log = logging.getLogger(__name__)

#: most specific first
STATUS: list[tuple[type[BaseException], int]] = [
    (exc.AuthenticationError, 401),
    (exc.PermissionError, 403),
    (exc.DoesNotExistError, 404),
    (exc.SiteNotFoundError, 404),
    (exc.DuplicateEntryError, 409),
    (exc.TimestampMismatchError, 409),
    (exc.TooManyRequestsError, 429),
    (exc.DataLossError, 417),
    (exc.MetadataError, 417),
    (exc.ValidationError, 417),
    (exc.ConfigurationError, 503),
]


class HTTPError(Exception):
    """Raised by the web layer itself for protocol problems (bad JSON, too large, wrong method)."""

    def __init__(self, status: int, message: str, exc_type: str = "BadRequest") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.exc_type = exc_type


def status_for(error: BaseException) -> int:
    for cls, status in STATUS:
        if isinstance(error, cls):
            return status
    return 500


def error_response(error: BaseException) -> Response:
    if isinstance(error, HTTPError):
        return json_response({"exc_type": error.exc_type, "message": error.message}, error.status)
    if isinstance(error, exc.LowcodeError):
        status = status_for(error)
        body: dict[str, Any] = error.as_dict()
        headers = {}
        if isinstance(error, exc.TooManyRequestsError) and error.data.get("retry_after"):
            headers["Retry-After"] = str(error.data["retry_after"])
        if status >= 500:
            log.error("server error: %s", error.message)
        return json_response(body, status, headers=headers)
    reference = secrets.token_hex(4)
    log.exception("unexpected error %s", reference)
    return json_response(
        {"exc_type": "ServerError", "message": f"Something went wrong on the server (reference {reference}). It has been logged."},
        500,
    )
