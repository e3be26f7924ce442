"""What every fieldtype is: the `FieldType` base class, its error, and shared column types."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

if TYPE_CHECKING:
    from lowcode.meta.meta import DocField

DEFAULT_LENGTH = 140

LongText = sa.Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")
DateTimeType = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
TimeType = sa.Time().with_variant(mysql.TIME(fsp=6), "mysql", "mariadb")


class CoercionError(ValueError):
    """Raised by `coerce` with a message fragment; the caller adds doctype, name and field."""


class FieldType:
    """Base fieldtype: a value stored in one column."""

    name: ClassVar[str] = ""
    #: stores a value in a column of the doctype's table
    has_column: ClassVar[bool] = True
    #: a layout element (section, column, tab) or a display-only element
    is_layout: ClassVar[bool] = False
    #: holds child rows of another doctype
    is_table: ClassVar[bool] = False
    #: options must name something (a doctype, a list of choices, a field)
    needs_options: ClassVar[bool] = False
    #: the column gets an index without `search_index`
    indexed: ClassVar[bool] = False
    #: the column gets an index when the field is a standard list filter (`in_standard_filter`)
    filter_indexed: ClassVar[bool] = False
    #: numbers: stored NOT NULL with 0 as default
    numeric: ClassVar[bool] = False
    #: allowed as a `fetch_from` source and in `search_fields`
    searchable: ClassVar[bool] = False

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        raise NotImplementedError

    def empty_value(self) -> Any:
        return 0 if self.numeric else None

    def coerce(self, value: Any, field: DocField) -> Any:
        """Return the Python value for client input, or raise CoercionError."""
        return value

    def is_empty(self, value: Any) -> bool:
        return value is None or value in ("", [])

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return None
