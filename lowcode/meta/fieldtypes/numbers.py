"""Number fieldtypes: Int, Rating, Check and the exact decimals (Float, Currency, Percent)."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa

from lowcode.meta.fieldtypes.base import CoercionError, FieldType

if TYPE_CHECKING:
    from lowcode.meta.meta import DocField


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


#: digits every backend keeps exactly (SQLite's 8-byte floats hold 15); integer part + decimals
SIGNIFICANT_DIGITS = 15


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
        places = self.precision(field)
        limit = Decimal(10) ** min(12, SIGNIFICANT_DIGITS - places)
        if abs(number) >= limit:
            raise CoercionError(f"{value} is too large (less than {limit:,f} with {places} decimals)")
        return round_decimal(number, places)

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
