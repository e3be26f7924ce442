"""Report filters: declared in the report (fieldname, label, fieldtype, options, default, reqd),
coerced by their fieldtype before they are bound as :parameters.

Defaults may be literal values or `Today`, `Today-30`, `Today+7`, `Month Start`,
`Year Start`, or `__user` (the current user); the same tokens work in dashboard filters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.meta.fieldtypes import CoercionError
from lowcode.meta.meta import DocField
from lowcode.utils.dates import today

RELATIVE_RE = re.compile(r"^\s*today\s*(?:(?P<sign>[+-])\s*(?P<days>\d{1,5}))?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ReportFilter:
    fieldname: str
    label: str
    fieldtype: str = "Data"
    options: str | None = None
    default: str | None = None
    reqd: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"fieldname": self.fieldname, "label": self.label, "fieldtype": self.fieldtype, "options": self.options,
                "default": self.default, "reqd": int(self.reqd)}  # fmt: skip


def relative_value(value: Any) -> Any:
    """Resolve `Today-30`, `Month Start`, `Year Start` and `__user`; other values are returned as given."""
    if not isinstance(value, str):
        return value
    token = value.strip()
    match = RELATIVE_RE.match(token)
    if match:
        days = int(match.group("days") or 0) * (-1 if match.group("sign") == "-" else 1)
        return today() + dt.timedelta(days=days)
    lowered = token.lower()
    if lowered == "month start":
        return today().replace(day=1)
    if lowered == "year start":
        return today().replace(month=1, day=1)
    if token in ("__user", "user"):
        return local.user
    return value


def resolve(declared: list[ReportFilter], given: Any, report: str) -> dict[str, Any]:
    """The values bound to the query: each declared filter coerced (defaults applied, required checked)."""
    given = given if isinstance(given, dict) else {}
    values: dict[str, Any] = {}
    missing = []
    for flt in declared:
        raw = given.get(flt.fieldname)
        if raw in (None, "", []):
            raw = relative_value(flt.default) if flt.default not in (None, "") else None
        else:
            raw = relative_value(raw)
        if raw in (None, "", []):
            if flt.reqd:
                missing.append(flt.label)
            values[flt.fieldname] = None
            continue
        field = DocField(fieldname=flt.fieldname, fieldtype=flt.fieldtype, options=flt.options, label=flt.label)
        try:
            values[flt.fieldname] = field.ftype.coerce(raw, field)
        except CoercionError as exc:
            raise ValidationError(f"Report '{report}': filter {flt.label} {exc}.", fieldname=flt.fieldname) from exc
    if missing:
        raise ValidationError(f"Report '{report}': set {', '.join(missing)} to run it.", missing=missing)
    return values
