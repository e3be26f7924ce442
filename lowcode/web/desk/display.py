"""How a value reads on screen, per fieldtype and locale: one small function per type, in a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lowcode.web.desk.i18n import fmt_currency, fmt_date, fmt_number, fmt_time

if TYPE_CHECKING:
    from lowcode.meta.meta import DocField
    from lowcode.web.desk.render import Desk

Formatter = Callable[["DocField", Any, Any, "Desk"], str]


def currency_of(df: DocField, doc: Any, desk: Desk) -> str:
    """The document's currency: the field named in options, a `currency` field, else the site's."""
    getter = getattr(doc, "get", None)
    if getter is not None:
        for key in (df.options, "currency"):
            if key and getter(key) and isinstance(getter(key), str) and len(getter(key)) == 3:
                return str(getter(key))
    return desk.currency


def _precision(df: DocField, default: int) -> int:
    return int(df.precision) if (df.precision or "").isdigit() else default


def _text(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return "" if value is None else str(value)


def _select(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return desk._(str(value)) if value not in (None, "") else ""


def _int(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return fmt_number(value, desk.lang, 0)


def _float(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return fmt_number(value, desk.lang, _precision(df, 2))


def _percent(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return fmt_number(value, desk.lang, _precision(df, 2)) + " %"


def _currency(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return fmt_currency(value, currency_of(df, doc, desk), desk.lang)


def _check(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return desk._("Yes") if value else desk._("No")


def _rating(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    top = int(df.options) if (df.options or "").isdigit() else 5
    stars = int(value or 0)
    return "★" * stars + "☆" * max(top - stars, 0)


def _date(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return fmt_date(value, desk.lang)


def _datetime(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return fmt_date(value, desk.lang, short=True)


def _time(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return fmt_time(value, desk.lang)


def _file(df: DocField, value: Any, doc: Any, desk: Desk) -> str:
    return str(value).rsplit("/", 1)[-1] if value else ""


FORMATTERS: dict[str, Formatter] = {
    "Select": _select, "Int": _int, "Float": _float, "Percent": _percent, "Currency": _currency,
    "Check": _check, "Rating": _rating, "Date": _date, "Datetime": _datetime, "Time": _time,
    "Attach": _file, "Attach Image": _file,
}  # fmt: skip


def display(df: DocField | None, value: Any, doc: Any, desk: Desk) -> str:
    """`value` of field `df` as text for the user's language."""
    if df is None:
        return "" if value is None else str(value)
    return FORMATTERS.get(df.fieldtype, _text)(df, value, doc, desk)
