"""Spanish and English: Babel message catalogues (.po read at start-up) and locale formatting.

Catalogues come from `lowcode/translations/<lang>.po` and from each installed app's
`translations/<lang>.po`; later apps override earlier ones. They hold the UI strings and
the doctype labels and Select options, so a label is translated by its English text.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

from lowcode.apps import ordered

log = logging.getLogger(__name__)
LANGUAGES = {"en": "English", "es": "Español"}
PLATFORM_TRANSLATIONS = Path(__file__).resolve().parent.parent.parent / "translations"


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return {str(m.id): str(m.string) for m in catalogue if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}


@cache
def messages(apps: tuple[str, ...], lang: str) -> dict[str, str]:
    """msgid -> translation for `lang` over the platform and `apps` (cached per process)."""
    if lang == "en":
        return {}
    out = _read(PLATFORM_TRANSLATIONS / f"{lang}.po")
    for app in ordered(apps):
        out.update(_read(app.path / "translations" / f"{lang}.po"))
    log.debug("loaded %s messages for %s", len(out), lang)
    return out


def translator(apps: Iterable[str], lang: str) -> Callable[..., str]:
    """`_("text", name=value)`: the translation of `text`, formatted with the keyword values."""
    table = messages(tuple(apps), lang)

    def gettext(text: str, **values: Any) -> str:
        translated = table.get(text, text) if text else text
        return translated.format(**values) if values else translated

    return gettext


def normalize_lang(lang: str | None) -> str:
    code = (lang or "en").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else "en"


@cache
def locale_for(lang: str) -> Locale:
    try:
        return Locale.parse({"es": "es_ES", "en": "en_US"}.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_US")


def fmt_number(value: Any, lang: str, decimals: int | None = None) -> str:
    number = Decimal(str(value or 0))
    if decimals is None:
        return format_decimal(number, locale=locale_for(lang))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(number, format=pattern, locale=locale_for(lang))


def fmt_currency(value: Any, currency: str, lang: str) -> str:
    return format_currency(Decimal(str(value or 0)), currency or "EUR", locale=locale_for(lang))


def fmt_date(value: Any, lang: str, *, short: bool = False) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return format_datetime(value, "short" if short else "medium", locale=locale_for(lang))
    return format_date(value, "short" if short else "medium", locale=locale_for(lang))


def fmt_time(value: Any, lang: str) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.time.fromisoformat(value)
    return format_time(value, "short", locale=locale_for(lang))
