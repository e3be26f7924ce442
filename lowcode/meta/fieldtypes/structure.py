"""Fieldtypes without a column of their own: child tables, passwords and layout elements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lowcode.meta.fieldtypes.base import CoercionError, FieldType

if TYPE_CHECKING:
    from lowcode.meta.meta import DocField


class Table(FieldType):
    name = "Table"
    has_column = False
    is_table = True
    needs_options = True

    def empty_value(self) -> Any:
        return []

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None or value == "":
            return []
        if not isinstance(value, (list, tuple)):
            raise CoercionError("must be a list of rows")
        return list(value)


class TableMultiSelect(Table):
    name = "Table MultiSelect"


class Password(FieldType):
    """A secret kept encrypted outside the doctype's table (see lowcode.utils.secrets)."""

    name = "Password"
    has_column = False

    def coerce(self, value: Any, field: DocField) -> Any:
        return None if value in (None, "") else str(value)


class Layout(FieldType):
    has_column = False
    is_layout = True


class SectionBreak(Layout):
    name = "Section Break"


class ColumnBreak(Layout):
    name = "Column Break"


class TabBreak(Layout):
    name = "Tab Break"


class HTML(Layout):
    name = "HTML"


class Heading(Layout):
    name = "Heading"


class Button(Layout):
    name = "Button"
