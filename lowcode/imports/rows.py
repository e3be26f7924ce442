"""Turning sheet rows into documents' values (Frappe's template layout).

A document's first row holds its parent columns (and its first child rows); the rows after
it with every parent column blank continue the same document with more child rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PendingDoc:
    """One document's values as read from the file, and where they came from."""

    first_row: int
    values: dict[str, Any] = field(default_factory=dict)
    #: sheet row numbers of every row consumed (the first row included)
    rows: list[int] = field(default_factory=list)
    #: tablefield -> sheet row number of each child row, in order
    child_rows: dict[str, list[int]] = field(default_factory=dict)

    def row_for(self, tablefield: str | None, idx: int | None) -> int:
        """The sheet row of child row `idx` of `tablefield` (the first row otherwise)."""
        numbers = self.child_rows.get(tablefield or "", [])
        if idx and 0 < idx <= len(numbers):
            return numbers[idx - 1]
        return self.first_row


class RowGrouper:
    """Reads (row number, cells) pairs and yields one PendingDoc per document."""

    def __init__(self, headers: list[str], mapping: dict[str, str]) -> None:
        self.parent: list[tuple[int, str]] = []
        self.children: dict[str, list[tuple[int, str]]] = {}
        for index, header in enumerate(headers):
            key = mapping.get(header) or ""
            if not key:
                continue
            if "." in key:
                table, fieldname = key.split(".", 1)
                self.children.setdefault(table, []).append((index, fieldname))
            else:
                self.parent.append((index, key))

    @staticmethod
    def _pick(cells: list[Any], columns: list[tuple[int, str]]) -> dict[str, Any]:
        return {name: cells[i] for i, name in columns if i < len(cells) and cells[i] != ""}

    def _add_children(self, doc: PendingDoc, number: int, cells: list[Any]) -> None:
        for table, columns in self.children.items():
            values = self._pick(cells, columns)
            if values:
                doc.values.setdefault(table, []).append(values)
                doc.child_rows.setdefault(table, []).append(number)

    def documents(self, rows: Iterator[tuple[int, list[Any]]]) -> Iterator[PendingDoc]:
        current: PendingDoc | None = None
        for number, cells in rows:
            parent_values = self._pick(cells, self.parent)
            if parent_values or current is None:
                if current is not None:
                    yield current
                current = PendingDoc(first_row=number, values=parent_values)
            current.rows.append(number)
            self._add_children(current, number, cells)
        if current is not None:
            yield current
