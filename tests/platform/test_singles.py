"""Single (settings) doctypes: values in tabSingles, defaults before the first save, child rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

import lowcode
from lowcode.db.tables import singles_table
from lowcode.exceptions import TimestampMismatchError, ValidationError


def stored() -> dict[str, str]:
    table = singles_table()
    query = sa.select(table.c.field, table.c.value).where(table.c.doctype == "Test Settings")
    return dict(lowcode.local.db.execute(query).all())


def test_a_single_has_its_defaults_before_the_first_save(sctx) -> None:
    settings = lowcode.get_doc("Test Settings")
    assert settings.name == "Test Settings"
    assert settings.default_status == "Open"
    assert lowcode.get_value("Test Settings", None, "default_status") == "Open"
    assert "default_status" not in stored()


def test_a_single_saves_values_and_rows(sctx) -> None:
    settings = lowcode.get_doc("Test Settings")
    settings.max_discount = "12.5"
    settings.enable_feature = 1
    settings.append("levels", {"item_name": "Gold", "qty": 3})
    settings.save()
    assert stored()["max_discount"] == "12.5"
    again = lowcode.get_doc("Test Settings")
    assert again.max_discount == Decimal("12.50") and again.enable_feature == 1
    assert [(r.item_name, r.qty) for r in again.levels] == [("Gold", 3)]
    assert lowcode.get_meta("Test Settings").table_name not in sa.inspect(lowcode.local.db.conn).get_table_names()


def test_a_single_is_checked_like_any_document(sctx) -> None:
    settings = lowcode.get_doc("Test Settings")
    settings.default_status = "Closed"
    with pytest.raises(ValidationError, match="Default Status"):
        settings.save()
    assert lowcode.get_value("Test Settings", None, "default_status") == "Open"


def test_stale_single_save_is_a_conflict(sctx) -> None:
    first = lowcode.get_doc("Test Settings")
    first.save()
    second = lowcode.get_doc("Test Settings")
    first.enable_feature = 1
    first.save()
    second.enable_feature = 0
    with pytest.raises(TimestampMismatchError):
        second.save()
