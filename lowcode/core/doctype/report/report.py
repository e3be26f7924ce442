"""Report: a query report's SQL is checked when saved; script reports come from apps."""

from __future__ import annotations

from lowcode.exceptions import DoesNotExistError, ReportError, ValidationError
from lowcode.meta.cache import get_meta
from lowcode.meta.validate import FIELDNAME_RE
from lowcode.model.document import Document
from lowcode.reports import sql_guard


class Report(Document):
    def _fail(self, message: str, fieldname: str) -> ValidationError:
        return ValidationError(f"Report '{self.report_name}': {message}", doctype="Report", name=self.name, fieldname=fieldname)

    def validate(self) -> None:
        try:
            get_meta(self.ref_doctype)
        except DoesNotExistError as exc:
            raise self._fail(f"there is no DocType '{self.ref_doctype}'.", "ref_doctype") from exc
        for row in self.filters:
            if not FIELDNAME_RE.match(row.fieldname or ""):
                raise self._fail(f"filter '{row.fieldname}' needs a lower-case field name.", "filters")
        if self.report_type == "Script Report":
            if self.is_standard != "Yes":
                raise self._fail("script reports come from an app's report folder; write a Query Report here.", "report_type")
            return
        try:
            sql_guard.check_statement(sql_guard.tokenize(self.query or ""))
        except ReportError as exc:
            raise self._fail(exc.message, "query") from exc
