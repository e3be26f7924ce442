"""Layout, widgets, translations, locale formatting and calendar ranges (no database needed beyond metadata)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import lowcode
from lowcode.meta.meta import DocField
from lowcode.web.desk.calendar import step, visible_range
from lowcode.web.desk.i18n import fmt_currency, fmt_date, messages, normalize_lang
from lowcode.web.desk.layout import build_layout, widget_for
from lowcode.web.desk.render import json_script, slug


def test_layout_tabs_sections_columns(desk_site) -> None:
    with lowcode.site_context(desk_site):
        meta = lowcode.get_meta("Test Order")
        layout = build_layout(meta, None)
        restricted = build_layout(meta, {"customer", "status", "items", "total"})
    assert [t.label for t in layout] == ["Details"]
    first, items = layout[0].sections
    assert [[df.fieldname for df in col][:2] for col in first.columns] == [["naming_series", "customer"], ["discount", "discount_reason"]]
    assert items.label == "Items" and [df.fieldname for df in items.columns[0]][:2] == ["items", "total"]
    visible = [df.fieldname for tab in restricted for s in tab.sections for c in s.columns for df in c]
    assert visible == ["customer", "status", "items", "total"]


def test_widget_registry() -> None:
    assert widget_for(DocField("a", "Rating")) == "rating"
    assert widget_for(DocField("a", "Data", options="Email")) == "email"
    assert widget_for(DocField("a", "Data", options="URL")) == "weblink"
    assert widget_for(DocField("a", "Phone")) == "phone"
    assert widget_for(DocField("a", "Column Break")) == ""


def test_catalogues_and_locale_formats() -> None:
    spanish = messages(("core", "testapp"), "es")
    assert spanish["Save"] == "Guardar" and spanish["Customer"] == "Cliente" and spanish["Draft"] == "Borrador"
    assert messages(("core",), "en") == {}
    assert normalize_lang("es-MX") == "es" and normalize_lang("fr") == "en"
    assert fmt_currency(Decimal("1234.5"), "EUR", "es") == "1.234,50\xa0€"
    assert fmt_currency(Decimal("1234.5"), "USD", "en") == "$1,234.50"
    assert fmt_date(dt.date(2026, 3, 9), "es") == "9 mar 2026"


def test_calendar_ranges() -> None:
    assert visible_range("month", dt.date(2026, 11, 23)) == (dt.date(2026, 10, 26), dt.date(2026, 12, 6))
    assert visible_range("week", dt.date(2026, 11, 26)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert visible_range("day", dt.date(2026, 11, 26)) == (dt.date(2026, 11, 26), dt.date(2026, 11, 26))
    assert step("month", dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 1)


def test_json_script_and_slug() -> None:
    assert "</script>" not in json_script({"label": "</script><b>"})
    assert slug("Sales Order") == "sales-order" and slug("Test Order Item") == "test-order-item"
