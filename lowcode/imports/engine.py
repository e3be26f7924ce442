"""Running a Data Import: validate and write each document, commit in batches, resume.

Each document is inserted (or saved) through the normal Document lifecycle, as its own
atomic operation, so a bad row writes nothing and is reported with its sheet row number,
column and message. A batch runs with deferred inserts (lowcode.db.deferred): documents
that write only their own rows reach the database in one executemany per table; if the
database refuses a queued row, the batch is redone document by document to name it.
Every `BATCH_ROWS` rows the progress (rows done, imported, failed) and the error log are
written and committed in the same transaction as the documents, so an interrupted import
resumes after the last committed row and never imports a row twice.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.deferred import DeferredWriteError
from lowcode.db.query import get_list
from lowcode.db.tables import get_table
from lowcode.exceptions import DoesNotExistError, LowcodeError, ValidationError
from lowcode.imports import speedups
from lowcode.imports.mapping import auto_map, load_mapping
from lowcode.imports.reader import count_rows, open_rows
from lowcode.imports.rows import PendingDoc, RowGrouper
from lowcode.model.document import Document, get_doc, new_doc
from lowcode.perms.documents import check_doctype_permission
from lowcode.utils.dates import now
from lowcode.utils.json import dumps

log = logging.getLogger(__name__)
BATCH_ROWS = 500
#: a Running import that has committed nothing for this long has lost its process and may be resumed
STALL_AFTER = dt.timedelta(minutes=2)
INSERT, UPDATE = "Insert New Records", "Update Existing Records"
#: errors of the data itself (a row is skipped); anything else stops the import
ROW_ERRORS = (LowcodeError, sa.exc.IntegrityError, sa.exc.DataError)
Progress = Callable[[int, int], None]


@dataclass
class RowError:
    row_number: int
    column: str
    message: str


@dataclass
class Outcome:
    """What happened to one document: its name, or the errors that skipped it."""

    rows: list[int]
    name: str | None = None
    errors: list[RowError] = field(default_factory=list)


def file_path(file_url: str) -> Path:
    """The stored file behind an `/private/files/...` URL (nothing outside the site's files folder)."""
    from lowcode.web.desk.files import URL_PREFIX, safe_name

    if not file_url or not file_url.startswith(URL_PREFIX):
        raise ValidationError(
            f"Data Import: Import File must be an uploaded file (/private/files/...), not {str(file_url)[:60]!r}.",
            doctype="Data Import", fieldname="import_file",
        )  # fmt: skip
    return local.site.private_files_path / safe_name(file_url[len(URL_PREFIX) :])


class Importer:
    """Imports the file of one Data Import record."""

    def __init__(self, data_import: Document) -> None:
        self.record = data_import
        self.doctype = str(data_import.reference_doctype)
        self.path = file_path(str(data_import.import_file))
        self.update_by = (data_import.update_by or "name") if data_import.import_type == UPDATE else None
        with open_rows(self.path) as rows:
            header = next(rows, None)
        if header is None:
            raise ValidationError(f"Data Import: '{self.path.name}' has no header row.", doctype="Data Import", fieldname="import_file")
        self.headers = [str(h) for h in header[1]]
        self.mapping = load_mapping(data_import.column_mapping, self.doctype) or auto_map(self.headers, self.doctype)
        self.column_of = {key: header for header, key in self.mapping.items() if key}
        if self.update_by and self.update_by not in self.column_of:
            raise ValidationError(
                f"Data Import: to update {self.doctype} by '{self.update_by}', the file needs a column mapped to it.",
                doctype="Data Import", fieldname="update_by",
            )  # fmt: skip

    # -- reading ---------------------------------------------------------------------------
    def documents(self, skip_rows: int = 0) -> Iterator[PendingDoc]:
        with open_rows(self.path) as rows:
            next(rows, None)
            yield from RowGrouper(self.headers, self.mapping).documents(itertools.islice(rows, skip_rows, None))

    def batches(self, skip_rows: int = 0) -> Iterator[list[PendingDoc]]:
        """Whole documents, about `BATCH_ROWS` sheet rows at a time."""
        batch: list[PendingDoc] = []
        rows = 0
        for pending in self.documents(skip_rows):
            batch.append(pending)
            rows += len(pending.rows)
            if rows >= BATCH_ROWS:
                yield batch
                batch, rows = [], 0
        if batch:
            yield batch

    # -- one document ----------------------------------------------------------------------
    def apply(self, pending: PendingDoc) -> Outcome:
        """Insert or update one document as one atomic operation; errors become RowErrors."""
        outcome = Outcome(rows=pending.rows)
        position = speedups.mark()
        try:
            doc = self._update(pending) if self.update_by else self._insert(pending)
            outcome.name = doc.name
        except ROW_ERRORS as exc:
            speedups.rewind(position)
            outcome.errors = self._errors(pending, exc)
        return outcome

    def apply_batch(self, batch: list[PendingDoc]) -> list[Outcome]:
        """The batch with its inserts deferred; if the database refuses a queued row, again one document at a time."""
        position = speedups.mark()
        try:
            with local.db.atomic(), local.db.deferred_inserts():
                return [self.apply(pending) for pending in batch]
        except DeferredWriteError:
            log.info("Data Import %s: a batch failed when written; redoing it document by document", self.record.name)
            speedups.rewind(position)
            return [self.apply(pending) for pending in batch]

    def _insert(self, pending: PendingDoc) -> Document:
        values = dict(pending.values)
        name = values.pop("name", None)
        doc = new_doc(self.doctype, **values)
        if name:
            doc.name = str(name)
            doc.flags.keep_name = True
        return doc.insert()

    def _update(self, pending: PendingDoc) -> Document:
        values = dict(pending.values)
        key = values.get(self.update_by or "name")
        if key in (None, ""):
            raise ValidationError(f"{self.column_of[self.update_by or 'name']} is empty; it names the {self.doctype} to update.",
                                  fieldname=self.update_by)  # fmt: skip
        found = get_list(self.doctype, filters={self.update_by: key}, pluck="name", limit=2, right="write")
        if len(found) != 1:
            which = "No" if not found else "More than one"
            raise DoesNotExistError(f"{which} {self.doctype} you may edit has {self.update_by} = {key!r}.", fieldname=self.update_by)
        doc = get_doc(self.doctype, found[0])
        values.pop("name", None)
        doc.update(values)
        return doc.save()

    def _errors(self, pending: PendingDoc, exc: Exception) -> list[RowError]:
        if not isinstance(exc, LowcodeError):
            return [RowError(pending.first_row, "", str(getattr(exc, "orig", exc)).splitlines()[0][:300])]
        entries = exc.data.get("errors") or [{"fieldname": exc.fieldname, "message": exc.message}]
        if len(entries) == 1:
            entries = [{**entries[0], "message": exc.message}]
        out = []
        for entry in entries:
            table = entry.get("tablefield")
            key = f"{table}.{entry.get('fieldname')}" if table else str(entry.get("fieldname") or "")
            out.append(RowError(pending.row_for(table, entry.get("row")), self.column_of.get(key, ""), str(entry.get("message"))))
        return out

    # -- the whole file --------------------------------------------------------------------
    def run(self, progress: Progress | None = None) -> None:
        """Import from the first uncommitted row to the end, committing every BATCH_ROWS rows."""
        check_doctype_permission(self.doctype, "import")
        record = self.record
        if not record.total_rows:
            record.db_set("total_rows", count_rows(self.path), update_modified=False)
        record.db_set({"status": "Running", "error_message": None, "column_mapping": dumps(self.mapping), "last_progress": now()},
                      update_modified=False)  # fmt: skip
        local.db.commit()
        done, imported, failed = int(record.rows_done or 0), int(record.imported or 0), int(record.failed_rows or 0)
        if progress:
            progress(done, int(record.total_rows))
        with speedups.batch_caches():
            for batch in self.batches(skip_rows=done):
                done, imported, failed = self._commit(self.apply_batch(batch), done, imported, failed)
                if progress:
                    progress(done, int(record.total_rows))
        status = "Success" if not failed else ("Partial Success" if imported else "Error")
        record.db_set("status", status, update_modified=False)
        local.db.commit()
        if progress:
            progress(done, int(record.total_rows))

    def _commit(self, batch: list[Outcome], done: int, imported: int, failed: int) -> tuple[int, int, int]:
        """Write the batch's log and progress, and commit them with its documents."""
        stored = get_doc("Data Import", str(self.record.name), for_update=True).rows_done or 0
        if int(stored) != done:
            raise AnotherRunError(
                f"Data Import '{self.record.name}' was advanced by another run (to row {stored}, this one expected {done}); "
                "this run stops so that no row is imported twice.",
                doctype="Data Import", name=str(self.record.name),
            )  # fmt: skip
        logs = [
            {"row_number": e.row_number, "column": e.column, "message": e.message} for outcome in batch for e in outcome.errors
        ]  # fmt: skip
        if logs:
            write_log(str(self.record.name), logs)
        done += sum(len(o.rows) for o in batch)
        imported += sum(1 for o in batch if o.name)
        failed += sum(len(o.rows) for o in batch if not o.name)
        self.record.db_set({"rows_done": done, "imported": imported, "failed_rows": failed, "last_progress": now()}, update_modified=False)
        speedups.settle()
        local.db.commit()
        return done, imported, failed

    def preview(self, limit: int = 20) -> dict[str, Any]:
        """The first `limit` documents validated as if imported, then rolled back: nothing is written."""
        check_doctype_permission(self.doctype, "import")
        out = []
        for pending in itertools.islice(self.documents(), limit):
            with local.db.dry_run():
                outcome = self.apply(pending)
            out.append({"row": pending.first_row, "values": pending.values, "ok": outcome.name is not None,
                        "errors": [e.__dict__ for e in outcome.errors]})  # fmt: skip
        return {"columns": self.headers, "mapping": self.mapping, "rows": out}


def write_log(data_import: str, entries: list[dict[str, Any]]) -> None:
    """Error rows of an import, written in one statement (they are the import's own data)."""
    from lowcode.model.naming import make_hash
    from lowcode.utils.dates import now

    stamp, user = now(), local.user
    table = get_table("Data Import Log")
    rows = [
        {"name": make_hash(), "data_import": data_import, "owner": user, "creation": stamp, "modified": stamp, "modified_by": user,
         "docstatus": 0, "idx": 0, "row_number": e["row_number"], "column": e["column"][:140], "message": e["message"]}
        for e in entries
    ]  # fmt: skip
    local.db.execute(table.insert(), rows)


class AnotherRunError(ValidationError):
    """Two runs of one import: the one that finds the record advanced by the other stops, leaving its status alone."""


#: statuses of an import a process has (or a queued job will): it may not be started again unless stalled
ACTIVE = ("Queued", "Running")


def stalled(record: Document) -> bool:
    """Whether a queued or running import has made no progress for STALL_AFTER (its process most likely died)."""
    last = record.get("last_progress")
    return record.status in ACTIVE and (last is None or last < now() - STALL_AFTER)


def check_can_start(record: Document) -> None:
    """Refuse to start an import that is running (a stalled one may be resumed) or done."""
    if record.status == "Success":
        raise ValidationError(f"Data Import '{record.name}' is complete: every row was imported.", doctype="Data Import", name=record.name)
    if record.status in ACTIVE and not stalled(record):
        minutes = int(STALL_AFTER.total_seconds() // 60)
        raise ValidationError(
            f"Data Import '{record.name}' is {record.status.lower()} (row {record.rows_done or 0} of {record.total_rows or '?'}). "
            f"If it makes no progress for {minutes} minutes, its process has stopped and you can resume it.",
            doctype="Data Import", name=record.name,
        )  # fmt: skip


def run_import(data_import: str, progress: Progress | None = None) -> None:
    """Run (or resume) the Data Import `data_import`; an unexpected failure is stored on it."""
    record = get_doc("Data Import", data_import)
    try:
        Importer(record).run(progress)
    except AnotherRunError:
        local.db.rollback()  # this run's batch is undone; the record belongs to the run that advanced it
        raise
    except Exception as exc:
        local.db.rollback()
        message = exc.message if isinstance(exc, LowcodeError) else f"{type(exc).__name__}: {exc}"
        get_doc("Data Import", data_import).db_set({"status": "Error", "error_message": message[:1000]}, update_modified=False)
        local.db.commit()
        raise
