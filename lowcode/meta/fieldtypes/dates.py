"""Date and time fieldtypes: Date, Datetime (to the microsecond) and Time."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from lowcode.meta.fieldtypes.base import CoercionError, DateTimeType, FieldType, TimeType

if TYPE_CHECKING:
    from lowcode.meta.meta import DocField


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
