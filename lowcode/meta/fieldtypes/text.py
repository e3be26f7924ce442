"""Text fieldtypes: short text in a VARCHAR (Data, Select, Link, ...) and long text (Text, JSON, ...)."""

from __future__ import annotations

import json
import random
import re
import string
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa

from lowcode.meta.fieldtypes.base import DEFAULT_LENGTH, CoercionError, FieldType, LongText

if TYPE_CHECKING:
    from lowcode.meta.meta import DocField


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
