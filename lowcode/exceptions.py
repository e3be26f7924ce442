"""Domain exceptions. They carry data, never HTTP; `lowcode.web.errors` maps them to statuses.

Every message is written for a business admin: it names the doctype, the document and
the field, and says what to do next where there is something to do.
"""

from __future__ import annotations

from typing import Any


class LowcodeError(Exception):
    """Base of every error the platform raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        doctype: str | None = None,
        name: str | None = None,
        fieldname: str | None = None,
        **data: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.doctype = doctype
        self.name = name
        self.fieldname = fieldname
        self.data = data

    @property
    def exc_type(self) -> str:
        return type(self).__name__

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"exc_type": self.exc_type, "message": self.message}
        for key in ("doctype", "name", "fieldname"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out.update({k: v for k, v in self.data.items() if _is_jsonable(v)})
        return out


def _is_jsonable(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, list, dict, type(None)))


class ConfigurationError(LowcodeError):
    """Raised when a site, its configuration or an app is missing or inconsistent."""


class SiteNotFoundError(ConfigurationError):
    """Raised when a command names a site that does not exist."""


class MetadataError(LowcodeError):
    """Raised when DocType metadata (a JSON file or a record) breaks the format's rules."""


class HookError(ConfigurationError):
    """Raised when an app's hooks.py has an unknown key or a dotted path that does not import."""


class DataLossError(LowcodeError):
    """Raised when a schema change would lose or convert data and was not forced."""


class ValidationError(LowcodeError):
    """Raised when a document's values break a rule; nothing is written."""


class MandatoryError(ValidationError):
    """Raised when required fields are empty."""


class LinkValidationError(ValidationError):
    """Raised when a Link field names a record that does not exist or is disabled."""


class InvalidNameError(ValidationError):
    """Raised when a document name is empty, too long or holds forbidden characters."""


class UpdateAfterSubmitError(ValidationError):
    """Raised when a submitted document is changed outside its allow_on_submit fields."""


class DocstatusTransitionError(ValidationError):
    """Raised when submit, cancel or amend is asked of a document in the wrong state."""


class LinkExistsError(ValidationError):
    """Raised when a document cannot be deleted or cancelled because others link to it."""


class DuplicateEntryError(LowcodeError):
    """Raised when a name or a unique field value is already taken."""


class TimestampMismatchError(LowcodeError):
    """Raised when a document was changed by someone else since it was opened."""


class DoesNotExistError(LowcodeError):
    """Raised when a document or doctype is not found."""


class PermissionError(LowcodeError):  # noqa: A001 - the Frappe name clients expect
    """Raised when the user lacks the right for the action."""


class AuthenticationError(LowcodeError):
    """Raised when a login or a token is wrong, or the user is disabled."""


class TooManyRequestsError(LowcodeError):
    """Raised when a client is throttled (login attempts, public forms)."""


class WorkflowTransitionError(ValidationError):
    """Raised when a workflow action is not possible from the document's state, or its condition is not met."""


class TemplateError(ValidationError):
    """Raised when a print template fails: bad syntax, an unknown name, or a blocked reach into internals, files or other documents."""


class ReportError(ValidationError):
    """Raised when a report's definition or its query is refused (not one SELECT, an unknown parameter, a forbidden table)."""


class QueryTimeoutError(ReportError):
    """Raised when a report's query runs longer than its time limit."""
