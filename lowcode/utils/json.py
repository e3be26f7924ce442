"""JSON for API answers, backups and Version data: dates as ISO text, decimals as numbers."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def _default(value: Any) -> Any:
    converted = to_jsonable(value)
    if converted is value:
        if hasattr(value, "as_dict"):
            return value.as_dict(convert=True)
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return converted


def dumps(value: Any, **kwargs: Any) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, **kwargs)


def loads(text: str | bytes) -> Any:
    return json.loads(text)
