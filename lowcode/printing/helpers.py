"""The helpers print templates may call: locale formatting, amounts in words, linked documents.

Numbers, currencies and dates are formatted with Babel for the print's language;
amounts in words come from num2words (Spanish and English, with currency names).
`get_linked` returns a document only when the printed document links to it, and only
the fields the current user may read, through the permission-aware query builder.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from num2words import CONVERTER_CLASSES, num2words

from lowcode.exceptions import PermissionError, TemplateError
from lowcode.printing.sandbox import PrintDoc

LOCALES = {"es": "es_ES", "en": "en_US"}
NUMERIC = ("Int", "Float", "Currency", "Percent", "Rating")


def locale_for(lang: str | None) -> str:
    code = (lang or "en").replace("-", "_")
    return LOCALES.get(code, code if "_" in code else LOCALES["en"])


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation as exc:
        raise TemplateError(f"'{value}' is not a number.") from exc


def _date(value: Any) -> dt.date | dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    text = str(value)
    return dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)


def amount_in_words(amount: Any, currency: str = "EUR", lang: str = "en") -> str:
    """'Veintiún euros con cincuenta céntimos' / 'Twenty-one euro, fifty cents'."""
    value = _decimal(amount).quantize(Decimal("0.01"))
    language = "es" if (lang or "en").lower().startswith("es") else "en"
    try:
        text = num2words(value, lang=language, to="currency", currency=currency)
    except NotImplementedError:
        text = f"{num2words(value, lang=language)} {currency}"
    if language == "es" and value >= 1_000_000 and int(value) % 1_000_000 == 0:
        forms = getattr(CONVERTER_CLASSES["es"], "CURRENCY_FORMS", {}).get(currency, (("",),))[0]
        for word in ("millón", "millones"):
            for form in forms:
                text = text.replace(f"{word} {form}", f"{word} de {form}") if form else text
    return text[:1].upper() + text[1:]


class Helpers:
    """The helpers bound to one render (its language, currency and printed document)."""

    def __init__(self, lang: str, currency: str, links: set[tuple[str, str]]) -> None:
        self.lang = lang
        self.locale = locale_for(lang)
        self.currency = currency
        self.links = links

    def format_currency(self, value: Any, currency: str | None = None) -> str:
        return babel_numbers.format_currency(_decimal(value), currency or self.currency, locale=self.locale)

    def format_number(self, value: Any, digits: int = 2) -> str:
        pattern = "#,##0" + ("." + "0" * int(digits) if int(digits) > 0 else "")
        return babel_numbers.format_decimal(_decimal(value), format=pattern, locale=self.locale)

    def format_percent(self, value: Any) -> str:
        return babel_numbers.format_percent(_decimal(value) / 100, format="#,##0.##%", locale=self.locale)

    def format_date(self, value: Any, format: str = "medium") -> str:  # noqa: A002 - Babel's name
        date = _date(value)
        if date is None:
            return ""
        day = date.date() if isinstance(date, dt.datetime) else date
        return babel_dates.format_date(day, format=format, locale=self.locale)

    def format_datetime(self, value: Any, format: str = "medium") -> str:  # noqa: A002
        date = _date(value)
        if date is None:
            return ""
        if not isinstance(date, dt.datetime):
            date = dt.datetime.combine(date, dt.time())
        return babel_dates.format_datetime(date, format=format, locale=self.locale)

    def format_value(self, value: Any, fieldtype: str = "Data", options: str | None = None) -> str:
        """A value as the form would show it, by fieldtype."""
        if value in (None, ""):
            return ""
        if fieldtype == "Currency":
            return self.format_currency(value, options if options and len(options) == 3 and options.isupper() else None)
        if fieldtype == "Percent":
            return self.format_percent(value)
        if fieldtype in ("Int", "Rating"):
            return self.format_number(value, 0)
        if fieldtype == "Float":
            return self.format_number(value, 2)
        if fieldtype == "Date":
            return self.format_date(value)
        if fieldtype == "Datetime":
            return self.format_datetime(value)
        if fieldtype == "Check":
            return ("Sí" if self.lang.startswith("es") else "Yes") if value else "No"
        return str(value)

    def in_words(self, amount: Any, currency: str | None = None) -> str:
        return amount_in_words(amount, currency or self.currency, self.lang)

    def get_linked(self, doctype: str, name: str, fields: list[str] | None = None) -> PrintDoc | None:
        """A document the printed one links to, with the fields the user may read (None when not readable)."""
        from lowcode.db.query import get_list

        if (str(doctype), str(name)) not in self.links:
            raise TemplateError(f"get_linked: the printed document does not link to {doctype} '{name}'; only linked documents can be read.",
                                reason="security")  # fmt: skip
        try:
            rows = get_list(doctype, fields=list(fields) if fields else ["*"], filters={"name": name}, limit=1)
        except PermissionError:
            return None
        return PrintDoc(rows[0], f"{doctype} '{name}'") if rows else None

    def as_globals(self) -> dict[str, Any]:
        return {
            "format_currency": self.format_currency, "format_number": self.format_number, "format_percent": self.format_percent,
            "format_date": self.format_date, "format_datetime": self.format_datetime, "format_value": self.format_value,
            "amount_in_words": self.in_words, "get_linked": self.get_linked,
        }  # fmt: skip

    def as_filters(self) -> dict[str, Any]:
        return {"currency": self.format_currency, "number": self.format_number, "date": self.format_date, "in_words": self.in_words}
