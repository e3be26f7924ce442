"""The registry of fieldtypes: one small class per type holds everything that type means.

A fieldtype knows its database column, how it turns client input into a Python value
(`coerce`), its default and a random value for tests. Nothing elsewhere in the platform
branches on fieldtype names; it asks the registry. The classes live by family: `base`,
`text`, `numbers`, `dates` and `structure` (tables, passwords, layout).
"""

from __future__ import annotations

from lowcode.meta.fieldtypes.base import DEFAULT_LENGTH, CoercionError, DateTimeType, FieldType, LongText, TimeType
from lowcode.meta.fieldtypes.dates import Date, Datetime, Time, parse_date
from lowcode.meta.fieldtypes.numbers import (
    SIGNIFICANT_DIGITS,
    Check,
    Currency,
    DecimalLike,
    ExactDecimal,
    Float,
    Int,
    Percent,
    Rating,
    round_decimal,
)
from lowcode.meta.fieldtypes.structure import (
    HTML,
    Button,
    ColumnBreak,
    Heading,
    Layout,
    Password,
    SectionBreak,
    TabBreak,
    Table,
    TableMultiSelect,
)
from lowcode.meta.fieldtypes.text import (
    Attach,
    AttachImage,
    Code,
    Color,
    Data,
    DynamicLink,
    Email,
    JSONType,
    Link,
    LongTextLike,
    LongTextType,
    Phone,
    ReadOnly,
    Select,
    SmallText,
    Text,
    TextEditor,
    TextLike,
    check_email,
    check_phone,
    check_url,
)  # fmt: skip

FIELDTYPES: dict[str, FieldType] = {
    cls.name: cls()
    for cls in (
        Data, Phone, Email, ReadOnly, Color, Select, Link, DynamicLink,
        SmallText, Text, LongTextType, TextEditor, Code, Attach, AttachImage, JSONType,
        Int, Rating, Check, Float, Currency, Percent, Date, Datetime, Time,
        Table, TableMultiSelect, Password,
        SectionBreak, ColumnBreak, TabBreak, HTML, Heading, Button,
    )
}  # fmt: skip


def get_fieldtype(name: str) -> FieldType:
    return FIELDTYPES[name]


__all__ = [
    "DEFAULT_LENGTH",
    "FIELDTYPES",
    "HTML",
    "SIGNIFICANT_DIGITS",
    "Attach",
    "AttachImage",
    "Button",
    "Check",
    "Code",
    "CoercionError",
    "Color",
    "ColumnBreak",
    "Currency",
    "Data",
    "Date",
    "DateTimeType",
    "Datetime",
    "DecimalLike",
    "DynamicLink",
    "Email",
    "ExactDecimal",
    "FieldType",
    "Float",
    "Heading",
    "Int",
    "JSONType",
    "Layout",
    "Link",
    "LongText",
    "LongTextLike",
    "LongTextType",
    "Password",
    "Percent",
    "Phone",
    "Rating",
    "ReadOnly",
    "SectionBreak",
    "Select",
    "SmallText",
    "TabBreak",
    "Table",
    "TableMultiSelect",
    "Text",
    "TextEditor",
    "TextLike",
    "Time",
    "TimeType",
    "check_email",
    "check_phone",
    "check_url",
    "get_fieldtype",
    "parse_date",
    "round_decimal",
]  # fmt: skip
