"""The registry of fieldtypes: one small class per type holds everything that type means.

A fieldtype knows its database column, how it turns client input into a Python value
(`coerce`), its default and a random value for tests. Nothing elsewhere in the platform
branches on fieldtype names; it asks the registry.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import string
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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


class TextLike(FieldType):
    """Text in a VARCHAR: stripped, empty becomes NULL, length checked."""

    searchable = True
    length: ClassVar[int] = DEFAULT_LENGTH

    def max_length(self, field: DocField) -> int:
        return field.length or self.length

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        return sa.String(self.max_length(field))

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None:
            return None
        if isinstance(value, (dict, list, tuple, set)):
            raise CoercionError("must be text, not a list or an object")
        text = str(value).strip()
        if not text:
            return None
        limit = self.max_length(field)
        if len(text) > limit:
            raise CoercionError(f"is too long ({len(text)} characters, at most {limit})")
        return self.check(text, field)

    def check(self, text: str, field: DocField) -> str:
        return text

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return "".join(rnd.choices(string.ascii_letters, k=min(12, self.max_length(field))))


EMAIL_RE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]{3,30}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$", re.IGNORECASE)
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def check_email(text: str) -> str:
    if not EMAIL_RE.match(text):
        raise CoercionError(f"'{text}' is not a valid email address")
    return text.lower()


def check_phone(text: str) -> str:
    if not PHONE_RE.match(text):
        raise CoercionError(f"'{text}' is not a valid phone number (digits, spaces, + - ( ) .)")
    return text


def check_url(text: str) -> str:
    if not URL_RE.match(text):
        raise CoercionError(f"'{text}' is not a valid web address (it starts with http:// or https://)")
    return text


DATA_OPTION_CHECKS = {"Email": check_email, "Phone": check_phone, "URL": check_url}


class Data(TextLike):
    name = "Data"

    def check(self, text: str, field: DocField) -> str:
        checker = DATA_OPTION_CHECKS.get(field.options or "")
        return checker(text) if checker else text


class Phone(TextLike):
    name = "Phone"

    def check(self, text: str, field: DocField) -> str:
        return check_phone(text)

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return "+34 " + "".join(rnd.choices(string.digits, k=9))


class Email(TextLike):
    name = "Email"

    def check(self, text: str, field: DocField) -> str:
        return check_email(text)

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return "".join(rnd.choices(string.ascii_lowercase, k=8)) + "@example.com"


class ReadOnly(TextLike):
    name = "Read Only"


class Color(TextLike):
    name = "Color"

    def check(self, text: str, field: DocField) -> str:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", text):
            raise CoercionError(f"'{text}' is not a colour like #1f77b4")
        return text


class Select(TextLike):
    name = "Select"
    needs_options = True
    filter_indexed = True

    def check(self, text: str, field: DocField) -> str:
        choices = field.select_options
        if text not in choices:
            shown = ", ".join(c for c in choices if c)
            raise CoercionError(f"'{text}' is not one of the choices ({shown})")
        return text

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        choices = [c for c in field.select_options if c]
        return rnd.choice(choices) if choices else None


class Link(TextLike):
    name = "Link"
    needs_options = True
    indexed = True


class DynamicLink(TextLike):
    name = "Dynamic Link"
    needs_options = True
    indexed = True


class LongTextLike(FieldType):
    """Text without a length limit; kept as written (not stripped)."""

    searchable = True
    long: ClassVar[bool] = True

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        return LongText if self.long else sa.Text()

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None:
            return None
        if isinstance(value, (dict, list, tuple, set)):
            raise CoercionError("must be text, not a list or an object")
        text = str(value)
        return text if text.strip() else None

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return " ".join("".join(rnd.choices(string.ascii_lowercase, k=6)) for _ in range(5))


class SmallText(LongTextLike):
    name = "Small Text"
    long = False


class Text(LongTextLike):
    name = "Text"
    long = False


class LongTextType(LongTextLike):
    name = "Long Text"


class TextEditor(LongTextLike):
    name = "Text Editor"


class Code(LongTextLike):
    name = "Code"


class Attach(LongTextLike):
    name = "Attach"
    long = False
    searchable = False


class AttachImage(Attach):
    name = "Attach Image"


class JSONType(LongTextLike):
    name = "JSON"
    searchable = False

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                json.loads(value)
            except ValueError as exc:
                raise CoercionError(f"is not valid JSON ({exc.msg})") from exc
            return value
        try:
            return json.dumps(value, sort_keys=True, default=str)
        except (TypeError, ValueError) as exc:
            raise CoercionError("cannot be stored as JSON") from exc


class Int(FieldType):
    name = "Int"
    numeric = True

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        return sa.Integer()

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None or value == "":
            return 0
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise CoercionError(f"'{value}' is not a whole number") from exc
        if not number.is_finite() or number != number.to_integral_value():
            raise CoercionError(f"'{value}' is not a whole number")
        if abs(number) > 2**31 - 1:
            raise CoercionError(f"{value} is too large (at most {2**31 - 1})")
        return int(number)

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return rnd.randint(0, 1000)


class Rating(Int):
    """Stars: an integer from 0 to the number of stars in options (default 5)."""

    name = "Rating"

    def coerce(self, value: Any, field: DocField) -> Any:
        stars = super().coerce(value, field)
        top = int(field.options) if (field.options or "").isdigit() else 5
        if not 0 <= stars <= top:
            raise CoercionError(f"must be between 0 and {top} stars")
        return stars

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return rnd.randint(0, 3)


class Check(FieldType):
    name = "Check"
    numeric = True
    TRUE = {"1", "true", "yes", "on", "y", "t"}
    FALSE = {"0", "false", "no", "off", "n", "f", ""}

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        return sa.SmallInteger()

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None:
            return 0
        if isinstance(value, (bool, int)) and value in (0, 1):
            return int(value)
        text = str(value).strip().lower()
        if text in self.TRUE:
            return 1
        if text in self.FALSE:
            return 0
        raise CoercionError(f"'{value}' is not yes/no (use 1 or 0)")

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return rnd.randint(0, 1)


class ExactDecimal(sa.types.TypeDecorator[Decimal]):
    """DECIMAL(21,9) read back at the field's precision, so every backend gives the stored value.

    SQLite keeps NUMERIC values as 8-byte floats: 98765432.10 comes back as 98765432.099999994.
    Values are always written rounded to the field's precision, and a float is exact to well
    under half a unit of it (for 2 decimals, below 10^13), so rounding on the way out restores
    the exact value. MariaDB and PostgreSQL store exact decimals; rounding changes nothing there.
    """

    impl = sa.Numeric
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__(21, 9)
        self.places = places

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        return None if value is None else round_decimal(Decimal(value), self.places)


class DecimalLike(FieldType):
    """Exact decimals (DECIMAL(21,9)); rounded half-up to the field's precision on save."""

    numeric = True
    default_precision: ClassVar[int] = 3

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        return ExactDecimal(self.precision(field))

    def precision(self, field: DocField) -> int:
        return int(field.precision) if field.precision not in (None, "") else self.default_precision

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None or value == "":
            return Decimal(0)
        if isinstance(value, bool):
            raise CoercionError(f"'{value}' is not a number")
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise CoercionError(f"'{value}' is not a number") from exc
        if not number.is_finite():
            raise CoercionError(f"'{value}' is not a finite number")
        if abs(number) >= Decimal(10) ** 12:
            raise CoercionError(f"{value} is too large (less than 1,000,000,000,000)")
        return round_decimal(number, self.precision(field))

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return round_decimal(Decimal(rnd.randint(0, 10_000_000)) / 100, self.precision(field))


def round_decimal(value: Decimal, precision: int) -> Decimal:
    """The platform's one rounding rule: half away from zero ("commercial") at `precision`."""
    return value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


class Float(DecimalLike):
    name = "Float"


class Currency(DecimalLike):
    name = "Currency"
    default_precision = 2


class Percent(DecimalLike):
    name = "Percent"
    default_precision = 2


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip()[:10])


class Date(FieldType):
    name = "Date"

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        return sa.Date()

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            raise CoercionError(f"'{value}' is not a date (use YYYY-MM-DD)") from exc

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randint(0, 364))


class Datetime(FieldType):
    name = "Datetime"

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        return DateTimeType

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            parsed = value
        elif isinstance(value, dt.date):
            parsed = dt.datetime.combine(value, dt.time())
        else:
            try:
                parsed = dt.datetime.fromisoformat(str(value).strip())
            except ValueError as exc:
                raise CoercionError(f"'{value}' is not a date and time (use YYYY-MM-DD HH:MM:SS)") from exc
        if parsed.tzinfo is not None:
            from lowcode.utils.dates import to_site_naive

            parsed = to_site_naive(parsed)
        return parsed

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return dt.datetime(2026, 1, 1) + dt.timedelta(minutes=rnd.randint(0, 525_000))


class Time(FieldType):
    name = "Time"

    def column_type(self, field: DocField) -> sa.types.TypeEngine[Any]:
        return TimeType

    def coerce(self, value: Any, field: DocField) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, dt.time):
            return value
        if isinstance(value, dt.timedelta):
            return (dt.datetime.min + value).time()
        try:
            return dt.time.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise CoercionError(f"'{value}' is not a time (use HH:MM or HH:MM:SS)") from exc

    def random_value(self, field: DocField, rnd: random.Random) -> Any:
        return dt.time(rnd.randint(0, 23), rnd.choice((0, 15, 30, 45)))


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
